package dev.correlate.streams;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.diagnosis.DiagnosisState.CategoryHit;
import dev.correlate.core.diagnosis.DiagnosisState.Span;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.StageAt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The diagnosis part of a {@link TimelineState} as stored and sent on the timeline repartition:
 * each distinct {@link EventRef} written once, in a {@code refs} array that comes first, and every
 * place that holds one (the first error, the evidence, the categories' first and last hits, the
 * services' last lines) naming it by its index there. One event is often in several of those
 * places, and refs were two thirds of a summary's JSON; written once each, the summaries and the
 * partials are ≈ 20 % smaller (docs/performance.md, s5-cpu). Exact: the state read back equals the
 * state written. A diagnosis stored before this form (no {@code refs} first) is read as it was
 * written, so a store restored from an older changelog needs no migration.
 */
final class StoredDiagnosis {
  private static final String REFS = "refs";

  private StoredDiagnosis() {}

  static final class Writer extends StdSerializer<DiagnosisState> {
    Writer() {
      super(DiagnosisState.class);
    }

    @Override
    public void serialize(DiagnosisState d, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      Map<EventRef, Integer> index = new HashMap<>();
      List<EventRef> refs = new ArrayList<>();
      indexed(d.firstError(), index, refs);
      d.evidence().forEach(ref -> indexed(ref, index, refs));
      d.categoryHits()
          .values()
          .forEach(
              hit -> {
                indexed(hit.first(), index, refs);
                indexed(hit.last(), index, refs);
              });
      d.lastLines().values().forEach(lines -> lines.forEach(ref -> indexed(ref, index, refs)));

      g.writeStartObject();
      g.writeArrayFieldStart(REFS);
      for (EventRef ref : refs) {
        provider.defaultSerializeValue(ref, g);
      }
      g.writeEndArray();
      provider.defaultSerializeField("stages", d.stages(), g);
      if (d.terminalStatus() != null) {
        g.writeStringField("terminal_status", d.terminalStatus());
      }
      if (d.category() != null) {
        g.writeStringField("category", d.category());
      }
      if (d.firstError() != null) {
        g.writeNumberField("first_error", index.get(d.firstError()));
      }
      g.writeFieldName("evidence");
      indices(d.evidence(), index, g);
      provider.defaultSerializeField("rule_hits", d.ruleHits(), g);
      g.writeObjectFieldStart("category_hits");
      for (Map.Entry<String, CategoryHit> e : d.categoryHits().entrySet()) {
        g.writeFieldName(e.getKey());
        indices(List.of(e.getValue().first(), e.getValue().last()), index, g);
      }
      g.writeEndObject();
      g.writeObjectFieldStart("last_lines");
      for (Map.Entry<String, List<EventRef>> e : d.lastLines().entrySet()) {
        g.writeFieldName(e.getKey());
        indices(e.getValue(), index, g);
      }
      g.writeEndObject();
      g.writeEndObject();
    }

    private static void indexed(EventRef ref, Map<EventRef, Integer> index, List<EventRef> refs) {
      if (ref != null && index.putIfAbsent(ref, refs.size()) == null) {
        refs.add(ref);
      }
    }

    private static void indices(List<EventRef> refs, Map<EventRef, Integer> index, JsonGenerator g)
        throws IOException {
      g.writeStartArray();
      for (EventRef ref : refs) {
        g.writeNumber(index.get(ref));
      }
      g.writeEndArray();
    }
  }

  static final class Reader extends StdDeserializer<DiagnosisState> {
    Reader() {
      super(DiagnosisState.class);
    }

    @Override
    public DiagnosisState deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      JsonToken t = p.currentToken() == JsonToken.START_OBJECT ? p.nextToken() : p.currentToken();
      if (t == JsonToken.FIELD_NAME && !REFS.equals(p.currentName())) {
        return older(p, ctxt);
      }
      List<EventRef> refs = new ArrayList<>();
      List<StageAt> stages = null;
      String terminalStatus = null;
      String category = null;
      EventRef firstError = null;
      List<EventRef> evidence = null;
      Map<String, Span> ruleHits = null;
      Map<String, CategoryHit> categoryHits = new HashMap<>();
      Map<String, List<EventRef>> lastLines = new HashMap<>();
      for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case REFS -> {
            while (p.nextToken() != JsonToken.END_ARRAY) {
              refs.add(ctxt.readValue(p, EventRef.class));
            }
          }
          case "stages" -> stages = ctxt.readValue(p, listOf(ctxt, StageAt.class));
          case "terminal_status" -> terminalStatus = p.getValueAsString();
          case "category" -> category = p.getValueAsString();
          case "first_error" -> firstError = refs.get(p.getIntValue());
          case "evidence" -> evidence = refs(p, refs);
          case "rule_hits" ->
              ruleHits =
                  ctxt.readValue(
                      p,
                      ctxt.getTypeFactory().constructMapType(Map.class, String.class, Span.class));
          case "category_hits" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              p.nextToken();
              List<EventRef> hit = refs(p, refs);
              categoryHits.put(key, new CategoryHit(hit.get(0), hit.get(1)));
            }
          }
          case "last_lines" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String service = p.currentName();
              p.nextToken();
              lastLines.put(service, refs(p, refs));
            }
          }
          // a newer writer's field: unknown properties are tolerated on every wire
          default -> p.skipChildren();
        }
      }
      return new DiagnosisState(
          stages,
          terminalStatus,
          category,
          firstError,
          evidence,
          ruleHits,
          categoryHits,
          lastLines);
    }

    /** The refs named by the array of indices at {@code p}. */
    private static List<EventRef> refs(JsonParser p, List<EventRef> refs) throws IOException {
      List<EventRef> out = new ArrayList<>(3);
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(refs.get(p.getIntValue()));
      }
      return out;
    }

    private static JavaType listOf(DeserializationContext ctxt, Class<?> element) {
      return ctxt.getTypeFactory().constructCollectionType(List.class, element);
    }

    /**
     * A diagnosis in the form stored before this one (the record's own JSON), read from its first
     * field on.
     */
    private static DiagnosisState older(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      ObjectNode node = ctxt.getNodeFactory().objectNode();
      for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        p.nextToken();
        node.set(name, ctxt.readTree(p));
      }
      return ctxt.readTreeAsValue(node, DiagnosisState.class);
    }
  }
}

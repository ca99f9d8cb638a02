package dev.correlate.storage.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.store.EventFilter;
import dev.correlate.core.store.SortKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * The bodies of the searches a timeline page sends, written straight to bytes with Jackson: the
 * events search, and the {@code _msearch} of the summary search and the events search. They are the
 * request a person waits for, and the typed client's builders and JSON-P serialization cost as much
 * as a tenth of a 100-event page's own work; these bodies have a fixed shape. Every value (the
 * timeline's id, services, the cursor's id) is written as a JSON string by the generator, so
 * nothing a client sends changes the request's structure; a filter pattern's query is still built
 * by {@link PatternQueries} and spliced in as the typed client serializes it.
 *
 * <p>{@code OpenSearchTimelineQueriesTest} pins each body to the typed request it replaces.
 */
final class PageSearches {
  private static final JsonFactory JSON = Json.mapper().getFactory();

  private final byte[] timelinesHeader;
  private final byte[] eventsHeader;
  private final String timeout;

  /**
   * @param timeout OpenSearch's {@code timeout} for each search ({@code "10s"})
   */
  PageSearches(String timelinesIndex, String eventsIndex, String timeout) {
    this.timelinesHeader = header(timelinesIndex);
    this.eventsHeader = header(eventsIndex);
    this.timeout = timeout;
  }

  /**
   * The summary search (the highest {@code revision} of the timeline's documents) and the events
   * search, as {@code _msearch}'s NDJSON.
   *
   * @param typed a query as the typed client serializes it (for a filter pattern)
   */
  byte[] timelinePage(
      TimelineId id,
      EventFilter filter,
      int size,
      Optional<SortKey> after,
      Function<Query, byte[]> typed) {
    return write(
        (out, json) -> {
          out.write(timelinesHeader);
          json.writeStartObject();
          json.writeObjectFieldStart("query");
          json.writeObjectFieldStart("ids");
          json.writeArrayFieldStart("values");
          json.writeString(id.toString());
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndObject();
          json.writeNumberField("size", 1);
          json.writeArrayFieldStart("sort");
          sort(json, "revision", "desc");
          json.writeEndArray();
          common(json);
          json.writeEndObject();
          json.flush();
          out.write('\n');
          out.write(eventsHeader);
          events(json, id, filter, size, after, typed);
          json.flush();
          out.write('\n');
        });
  }

  /** The events search alone: the timeline's events in (time, id) order after {@code after}. */
  byte[] events(
      TimelineId id,
      EventFilter filter,
      int size,
      Optional<SortKey> after,
      Function<Query, byte[]> typed) {
    return write((out, json) -> events(json, id, filter, size, after, typed));
  }

  private void events(
      JsonGenerator json,
      TimelineId id,
      EventFilter filter,
      int size,
      Optional<SortKey> after,
      Function<Query, byte[]> typed)
      throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("query");
    json.writeObjectFieldStart("bool");
    json.writeArrayFieldStart("filter");
    json.writeStartObject();
    json.writeObjectFieldStart("term");
    json.writeObjectFieldStart(id.kind() == TimelineId.Kind.JOB ? "job_ids" : "correlation_ids");
    json.writeStringField("value", id.id());
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
    if (!filter.services().isEmpty()) {
      json.writeStartObject();
      json.writeObjectFieldStart("terms");
      json.writeArrayFieldStart("service");
      for (String service : filter.services()) {
        json.writeString(service);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndObject();
    }
    if (filter.minLevel() != null) {
      json.writeStartObject();
      json.writeObjectFieldStart("terms");
      json.writeArrayFieldStart("level");
      for (Level level : Level.values()) {
        if (level.compareTo(filter.minLevel()) >= 0) {
          json.writeString(level.name());
        }
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndObject();
    }
    Optional<Query> pattern = PatternQueries.of(filter.pattern());
    if (pattern.isPresent()) {
      json.writeRawValue(new String(typed.apply(pattern.get()), StandardCharsets.UTF_8));
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
    if (after.isPresent()) {
      json.writeArrayFieldStart("search_after");
      json.writeNumber(after.get().time());
      json.writeString(after.get().id());
      json.writeEndArray();
    }
    json.writeNumberField("size", size);
    json.writeArrayFieldStart("sort");
    sort(json, "timestamp", "asc");
    sort(json, "event_id", "asc");
    json.writeEndArray();
    common(json);
    json.writeEndObject();
  }

  /** What every search carries: its time limit, and no count of all hits. */
  private void common(JsonGenerator json) throws IOException {
    json.writeStringField("timeout", timeout);
    json.writeBooleanField("track_total_hits", false);
  }

  private static void sort(JsonGenerator json, String field, String order) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart(field);
    json.writeStringField("order", order);
    json.writeEndObject();
    json.writeEndObject();
  }

  /**
   * A search's line in {@code _msearch}: its index, and its index options in the line itself, where
   * the Multi-search API documents them per search (before the first event is indexed there is no
   * index: an empty result, not an error).
   */
  private static byte[] header(String index) {
    byte[] json =
        Json.write(Map.of("index", index, "ignore_unavailable", true, "allow_no_indices", true));
    byte[] line = Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }

  private interface Body {
    void write(ByteArrayOutputStream out, JsonGenerator json) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.setRootValueSeparator(null);
      body.write(out, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

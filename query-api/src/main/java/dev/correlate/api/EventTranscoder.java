package dev.correlate.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Rewrites a stored event document into the API's event view without binding it to a {@link
 * LogEvent}: the same JSON as {@link Views.Event} of that event, property for property and in the
 * same order (pinned by {@code EventTranscoderTest}), at a fraction of the cost on a page of 1 000
 * events. Text values the view shows as they are stored (ids, names, the message, lists of ids) are
 * copied byte for byte from the document, still escaped, never decoded and encoded again; only what
 * the view changes is read as a value (the time, the source kind, the level, the link, the order of
 * {@code fields}' keys). The stored document is read as the record reader would read it: properties
 * in any order, unknown ones ignored, absent lists empty, absent level {@code INFO} and source kind
 * {@code OTHER}; a document the record reader would refuse (no event id, a value of the wrong
 * shape, an unknown enum name) is refused here too.
 */
final class EventTranscoder {
  private static final SerializedString EVENT_ID = new SerializedString("event_id");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString OFFSET_MS = new SerializedString("offset_ms");
  private static final SerializedString SERVICE = new SerializedString("service");
  private static final SerializedString ENVIRONMENT = new SerializedString("environment");
  private static final SerializedString LOG_GROUP = new SerializedString("log_group");
  private static final SerializedString LOG_STREAM = new SerializedString("log_stream");
  private static final SerializedString SOURCE_KIND = new SerializedString("source_kind");
  private static final SerializedString LEVEL = new SerializedString("level");
  private static final SerializedString LOGGER = new SerializedString("logger");
  private static final SerializedString MESSAGE = new SerializedString("message");
  private static final SerializedString FIELDS = new SerializedString("fields");
  private static final SerializedString CORRELATION_IDS = new SerializedString("correlation_ids");
  private static final SerializedString JOB_IDS = new SerializedString("job_ids");
  private static final SerializedString LAMBDA_REQUEST_ID =
      new SerializedString("lambda_request_id");
  private static final SerializedString ECS_TASK_ID = new SerializedString("ecs_task_id");
  private static final SerializedString ECS_TASK_ARNS = new SerializedString("ecs_task_arns");
  private static final SerializedString XRAY_TRACE_ID = new SerializedString("xray_trace_id");
  private static final SerializedString LINKED_VIA = new SerializedString("linked_via");

  /**
   * The properties of a stored event in the order the stream writes them ({@code @timestamp}, then
   * {@link LogEvent}'s properties in the order the shared mapper writes them, absent ones left
   * out). Each name is first matched against the one expected next, byte for byte, which spares the
   * parser's lookup of every name of a document written in that order (the largest single cost of
   * reading a page); properties in another order still read, through the lookup.
   */
  static final List<SerializedString> STORED_ORDER =
      Stream.concat(
              Stream.of("@timestamp"),
              Json.mapper()
                  .getSerializationConfig()
                  .introspect(Json.mapper().constructType(LogEvent.class))
                  .findProperties()
                  .stream()
                  .map(BeanPropertyDefinition::getName))
          .map(SerializedString::new)
          .toList();

  private static final Map<String, Integer> STORED_POSITION =
      IntStream.range(0, STORED_ORDER.size())
          .boxed()
          .collect(Collectors.toUnmodifiableMap(i -> STORED_ORDER.get(i).getValue(), i -> i));

  private EventTranscoder() {}

  /**
   * Reads one stored event document from {@code document} (on its {@code START_OBJECT}, left on its
   * {@code END_OBJECT}) and writes its view to {@code out}.
   *
   * @param bytes what {@code document} reads (its token offsets index into it)
   * @param out a generator writing UTF-8 (where a stored text's bytes can go as they are)
   * @param baseMs what {@code offset_ms} counts from; null for no offset
   * @throws IllegalStateException if the document is not an event
   */
  static void copy(JsonParser document, byte[] bytes, JsonGenerator out, Long baseMs)
      throws IOException {
    Stored e = read(document, bytes);
    out.writeStartObject();
    text(out, bytes, EVENT_ID, e.eventId);
    out.writeFieldName(TIMESTAMP);
    out.writeString(Times.iso(e.timestamp));
    if (baseMs != null) {
      out.writeFieldName(OFFSET_MS);
      out.writeNumber(e.timestamp - baseMs);
    }
    text(out, bytes, SERVICE, e.service);
    text(out, bytes, ENVIRONMENT, e.environment);
    text(out, bytes, LOG_GROUP, e.logGroup);
    text(out, bytes, LOG_STREAM, e.logStream);
    out.writeFieldName(SOURCE_KIND);
    out.writeString(e.sourceKind.name().toLowerCase(Locale.ROOT));
    out.writeFieldName(LEVEL);
    out.writeString(e.level.name());
    text(out, bytes, LOGGER, e.logger);
    text(out, bytes, MESSAGE, e.message);
    if (!e.fields.isEmpty()) {
      out.writeFieldName(FIELDS);
      out.writeStartObject();
      for (Map.Entry<String, Text> field : e.fields.entrySet()) {
        out.writeFieldName(field.getKey());
        field.getValue().write(out, bytes);
      }
      out.writeEndObject();
    }
    texts(out, bytes, CORRELATION_IDS, e.correlationIds);
    texts(out, bytes, JOB_IDS, e.jobIds);
    text(out, bytes, LAMBDA_REQUEST_ID, e.lambdaRequestId);
    text(out, bytes, ECS_TASK_ID, e.ecsTaskId);
    if (!e.ecsTaskArns.isEmpty()) {
      texts(out, bytes, ECS_TASK_ARNS, e.ecsTaskArns);
    }
    text(out, bytes, XRAY_TRACE_ID, e.xrayTraceId);
    if (e.linkedVia != null) {
      out.writeFieldName(LINKED_VIA);
      out.writeString(e.linkedVia.name().toLowerCase(Locale.ROOT));
    }
    out.writeEndObject();
  }

  /**
   * A stored text: where its bytes are, between the quotes and still escaped, or, for a scalar that
   * is not a JSON string (a number where a text belongs), the text the record reader would make of
   * it.
   */
  private record Text(String decoded, int from, int to) {
    void write(JsonGenerator out, byte[] bytes) throws IOException {
      if (decoded != null) {
        out.writeString(decoded);
      } else {
        out.writeRawUTF8String(bytes, from, to - from);
      }
    }
  }

  /**
   * What the view shows of a stored event, collected in the document's order to be written in the
   * view's.
   */
  private static final class Stored {
    Text eventId;
    long timestamp;
    Text service;
    Text environment;
    Text logGroup;
    Text logStream;
    SourceKind sourceKind = SourceKind.OTHER;
    Level level = Level.INFO;
    Text logger;
    Text message;
    Map<String, Text> fields = Map.of();
    List<Text> correlationIds = List.of();
    List<Text> jobIds = List.of();
    Text lambdaRequestId;
    Text ecsTaskId;
    List<Text> ecsTaskArns = List.of();
    Text xrayTraceId;
    Link.Via linkedVia;
  }

  private static Stored read(JsonParser in, byte[] bytes) throws IOException {
    Stored e = new Stored();
    // expected: the position in STORED_ORDER of the name expected next
    for (int expected = nextName(in, 0); expected >= 0; expected = nextName(in, expected)) {
      String name = in.currentName();
      in.nextToken();
      switch (name) {
        case "event_id" -> e.eventId = text(in, bytes, name);
        case "timestamp" -> e.timestamp = in.getValueAsLong();
        case "service" -> e.service = text(in, bytes, name);
        case "environment" -> e.environment = text(in, bytes, name);
        case "log_group" -> e.logGroup = text(in, bytes, name);
        case "log_stream" -> e.logStream = text(in, bytes, name);
        case "source_kind" ->
            e.sourceKind = constant(SourceKind.class, value(in, name), SourceKind.OTHER);
        case "level" -> e.level = constant(Level.class, value(in, name), Level.INFO);
        case "logger" -> e.logger = text(in, bytes, name);
        case "message" -> e.message = text(in, bytes, name);
        case "fields" -> e.fields = fields(in, bytes);
        case "correlation_ids" -> e.correlationIds = list(in, bytes, name);
        case "job_ids" -> e.jobIds = list(in, bytes, name);
        case "lambda_request_id" -> e.lambdaRequestId = text(in, bytes, name);
        case "ecs_task_id" -> e.ecsTaskId = text(in, bytes, name);
        case "ecs_task_arns" -> e.ecsTaskArns = list(in, bytes, name);
        case "xray_trace_id" -> e.xrayTraceId = text(in, bytes, name);
        case "link" -> e.linkedVia = via(in);
        default -> in.skipChildren();
      }
    }
    if (e.eventId == null || e.logGroup == null || e.logStream == null || e.message == null) {
      throw refused("event_id, log_group, log_stream and message are required");
    }
    return e;
  }

  /**
   * Moves to the next property's name, matching {@code STORED_ORDER[expected]} first: the position
   * in {@code STORED_ORDER} after that name ({@code expected} again for a name not in it), or -1 at
   * the end of the object.
   */
  private static int nextName(JsonParser in, int expected) throws IOException {
    if (expected < STORED_ORDER.size()) {
      if (in.nextFieldName(STORED_ORDER.get(expected))) {
        return expected + 1; // the usual case: no lookup at all
      }
      if (in.currentToken() != JsonToken.FIELD_NAME) {
        return -1;
      }
    } else if (in.nextToken() != JsonToken.FIELD_NAME) {
      return -1;
    }
    return STORED_POSITION.getOrDefault(in.currentName(), expected - 1) + 1;
  }

  /**
   * A scalar where a text belongs, null for JSON null; an object or array is not a text. A JSON
   * string is located, not decoded: the parser skips it unread on its next token.
   */
  private static Text text(JsonParser in, byte[] bytes, String name) throws IOException {
    JsonToken token = in.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      if (!token.isScalarValue()) {
        throw refused(name + " is not a text");
      }
      return new Text(in.getValueAsString(), 0, 0);
    }
    int quote = (int) in.currentTokenLocation().getByteOffset();
    if (quote < 0 || quote >= bytes.length || bytes[quote] != '"') {
      throw new IllegalStateException("the parser does not read the bytes it was given with");
    }
    int from = quote + 1;
    int to = from;
    // the closing quote is the first one not escaped; bytes of multi-byte UTF-8 characters are
    // never a quote or a backslash
    while (to < bytes.length && bytes[to] != '"') {
      to += bytes[to] == '\\' ? 2 : 1;
    }
    if (to >= bytes.length) {
      throw refused(name + " is an unterminated text");
    }
    return new Text(null, from, to);
  }

  /** A scalar decoded, for the few values the view changes; null for JSON null. */
  private static String value(JsonParser in, String name) throws IOException {
    JsonToken token = in.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!token.isScalarValue()) {
      throw refused(name + " is not a text");
    }
    return in.getValueAsString();
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String name, E absent) {
    try {
      return name == null ? absent : Enum.valueOf(type, name);
    } catch (IllegalArgumentException unknown) {
      throw refused("'" + name + "' is not a " + type.getSimpleName());
    }
  }

  /** Structured fields, sorted by key as the view has them; null is none. */
  private static Map<String, Text> fields(JsonParser in, byte[] bytes) throws IOException {
    if (in.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (in.currentToken() != JsonToken.START_OBJECT) {
      throw refused("fields is not an object");
    }
    Map<String, Text> fields = new TreeMap<>();
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String key = in.currentName();
      in.nextToken();
      Text value = text(in, bytes, "fields." + key);
      if (value == null) {
        throw refused("fields." + key + " is null");
      }
      fields.put(key, value);
    }
    return fields;
  }

  private static List<Text> list(JsonParser in, byte[] bytes, String name) throws IOException {
    if (in.currentToken() == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (in.currentToken() != JsonToken.START_ARRAY) {
      throw refused(name + " is not a list");
    }
    List<Text> values = new ArrayList<>();
    while (in.nextToken() != JsonToken.END_ARRAY) {
      Text value = text(in, bytes, name);
      if (value == null) {
        throw refused(name + " holds a null");
      }
      values.add(value);
    }
    return values;
  }

  /** How the event was linked; null when it has no link. */
  private static Link.Via via(JsonParser in) throws IOException {
    if (in.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (in.currentToken() != JsonToken.START_OBJECT) {
      throw refused("link is not an object");
    }
    Link.Via via = null;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String name = in.currentName();
      in.nextToken();
      if ("via".equals(name)) {
        via = constant(Link.Via.class, value(in, "link.via"), null);
      } else {
        in.skipChildren();
      }
    }
    return via;
  }

  private static void text(JsonGenerator out, byte[] bytes, SerializedString name, Text value)
      throws IOException {
    if (value != null) {
      out.writeFieldName(name);
      value.write(out, bytes);
    }
  }

  private static void texts(
      JsonGenerator out, byte[] bytes, SerializedString name, List<Text> values)
      throws IOException {
    out.writeFieldName(name);
    out.writeStartArray();
    for (Text value : values) {
      value.write(out, bytes);
    }
    out.writeEndArray();
  }

  private static IllegalStateException refused(String why) {
    return new IllegalStateException("stored document is not a LogEvent: " + why);
  }
}

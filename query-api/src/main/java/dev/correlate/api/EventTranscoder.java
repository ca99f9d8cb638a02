package dev.correlate.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.SourceKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rewrites a stored event document into the API's event view without binding it to a {@link
 * dev.correlate.core.model.LogEvent}: the same JSON as {@link Views.Event} of that event, property
 * for property and in the same order (pinned by {@code EventTranscoderTest}), at a fraction of the
 * cost on a page of 1 000 events. The stored document is read as the record reader would read it:
 * properties in any order, unknown ones ignored, absent lists empty, absent level {@code INFO} and
 * source kind {@code OTHER}; a document the record reader would refuse (no event id, a value of the
 * wrong shape, an unknown enum name) is refused here too.
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

  private EventTranscoder() {}

  /**
   * Reads one stored event document from {@code document} (on its {@code START_OBJECT}, left on its
   * {@code END_OBJECT}) and writes its view to {@code out}.
   *
   * @param baseMs what {@code offset_ms} counts from; null for no offset
   * @throws IllegalStateException if the document is not an event
   */
  static void copy(JsonParser document, JsonGenerator out, Long baseMs) throws IOException {
    Stored e = read(document);
    out.writeStartObject();
    out.writeFieldName(EVENT_ID);
    out.writeString(e.eventId);
    out.writeFieldName(TIMESTAMP);
    out.writeString(Times.iso(e.timestamp));
    if (baseMs != null) {
      out.writeFieldName(OFFSET_MS);
      out.writeNumber(e.timestamp - baseMs);
    }
    string(out, SERVICE, e.service);
    string(out, ENVIRONMENT, e.environment);
    string(out, LOG_GROUP, e.logGroup);
    string(out, LOG_STREAM, e.logStream);
    string(out, SOURCE_KIND, e.sourceKind.name().toLowerCase(Locale.ROOT));
    string(out, LEVEL, e.level.name());
    string(out, LOGGER, e.logger);
    string(out, MESSAGE, e.message);
    if (!e.fields.isEmpty()) {
      out.writeFieldName(FIELDS);
      out.writeStartObject();
      for (Map.Entry<String, String> field : e.fields.entrySet()) {
        out.writeStringField(field.getKey(), field.getValue());
      }
      out.writeEndObject();
    }
    strings(out, CORRELATION_IDS, e.correlationIds);
    strings(out, JOB_IDS, e.jobIds);
    string(out, LAMBDA_REQUEST_ID, e.lambdaRequestId);
    string(out, ECS_TASK_ID, e.ecsTaskId);
    if (!e.ecsTaskArns.isEmpty()) {
      strings(out, ECS_TASK_ARNS, e.ecsTaskArns);
    }
    string(out, XRAY_TRACE_ID, e.xrayTraceId);
    string(
        out, LINKED_VIA, e.linkedVia == null ? null : e.linkedVia.name().toLowerCase(Locale.ROOT));
    out.writeEndObject();
  }

  /**
   * What the view shows of a stored event, collected in the document's order to be written in the
   * view's.
   */
  private static final class Stored {
    String eventId;
    long timestamp;
    String service;
    String environment;
    String logGroup;
    String logStream;
    SourceKind sourceKind = SourceKind.OTHER;
    Level level = Level.INFO;
    String logger;
    String message;
    Map<String, String> fields = Map.of();
    List<String> correlationIds = List.of();
    List<String> jobIds = List.of();
    String lambdaRequestId;
    String ecsTaskId;
    List<String> ecsTaskArns = List.of();
    String xrayTraceId;
    Link.Via linkedVia;
  }

  private static Stored read(JsonParser in) throws IOException {
    Stored e = new Stored();
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String name = in.currentName();
      in.nextToken();
      switch (name) {
        case "event_id" -> e.eventId = text(in, name);
        case "timestamp" -> e.timestamp = in.getValueAsLong();
        case "service" -> e.service = text(in, name);
        case "environment" -> e.environment = text(in, name);
        case "log_group" -> e.logGroup = text(in, name);
        case "log_stream" -> e.logStream = text(in, name);
        case "source_kind" ->
            e.sourceKind = constant(SourceKind.class, text(in, name), SourceKind.OTHER);
        case "level" -> e.level = constant(Level.class, text(in, name), Level.INFO);
        case "logger" -> e.logger = text(in, name);
        case "message" -> e.message = text(in, name);
        case "fields" -> e.fields = fields(in);
        case "correlation_ids" -> e.correlationIds = list(in, name);
        case "job_ids" -> e.jobIds = list(in, name);
        case "lambda_request_id" -> e.lambdaRequestId = text(in, name);
        case "ecs_task_id" -> e.ecsTaskId = text(in, name);
        case "ecs_task_arns" -> e.ecsTaskArns = list(in, name);
        case "xray_trace_id" -> e.xrayTraceId = text(in, name);
        case "link" -> e.linkedVia = via(in);
        default -> in.skipChildren();
      }
    }
    if (e.eventId == null || e.logGroup == null || e.logStream == null || e.message == null) {
      throw refused("event_id, log_group, log_stream and message are required");
    }
    return e;
  }

  /** A scalar as text, null for JSON null; an object or array is not a text. */
  private static String text(JsonParser in, String name) throws IOException {
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
  private static Map<String, String> fields(JsonParser in) throws IOException {
    if (in.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (in.currentToken() != JsonToken.START_OBJECT) {
      throw refused("fields is not an object");
    }
    Map<String, String> fields = new TreeMap<>();
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String key = in.currentName();
      in.nextToken();
      String value = text(in, "fields." + key);
      if (value == null) {
        throw refused("fields." + key + " is null");
      }
      fields.put(key, value);
    }
    return fields;
  }

  private static List<String> list(JsonParser in, String name) throws IOException {
    if (in.currentToken() == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (in.currentToken() != JsonToken.START_ARRAY) {
      throw refused(name + " is not a list");
    }
    List<String> values = new ArrayList<>();
    while (in.nextToken() != JsonToken.END_ARRAY) {
      String value = text(in, name);
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
        via = constant(Link.Via.class, text(in, "link.via"), null);
      } else {
        in.skipChildren();
      }
    }
    return via;
  }

  private static void string(JsonGenerator out, SerializedString name, String value)
      throws IOException {
    if (value != null) {
      out.writeFieldName(name);
      out.writeString(value);
    }
  }

  private static void strings(JsonGenerator out, SerializedString name, List<String> values)
      throws IOException {
    out.writeFieldName(name);
    out.writeStartArray();
    for (String value : values) {
      out.writeString(value);
    }
    out.writeEndArray();
  }

  private static IllegalStateException refused(String why) {
    return new IllegalStateException("stored document is not a LogEvent: " + why);
  }
}

package dev.correlate.storage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeSet;

/**
 * The documents Correlate stores. An event document is the {@link LogEvent} in the wire dialect
 * ({@link Json}, snake_case) plus {@code @timestamp} (the event time); a timeline document is the
 * {@link TimelineSummary} plus {@code @timestamp} (its last event time) and {@code service_names}
 * (the keys of {@code services}, for filtering). Readers deserialize both with {@link Json}, which
 * ignores the added fields.
 */
public final class Documents {
  private Documents() {}

  public static byte[] event(LogEvent event) {
    return event(Json.write(event), event.timestamp());
  }

  /**
   * The event document of {@code json}, a {@link LogEvent} as the stream serialized it, whose event
   * time is {@code timestamp}: the same fields as {@link #event(LogEvent)}, without reading the
   * event again. {@code @timestamp} is put in front of the object's first field.
   *
   * @throws IllegalArgumentException when {@code json} is not an object with a field
   */
  public static byte[] event(byte[] json, long timestamp) {
    int open = skipWhitespace(json, 0);
    int first =
        open < json.length && json[open] == '{' ? skipWhitespace(json, open + 1) : json.length;
    if (first >= json.length || json[first] == '}') {
      throw new IllegalArgumentException("an event document is a JSON object with fields");
    }
    byte[] head =
        ("{\"@timestamp\":\"" + Instant.ofEpochMilli(timestamp) + "\",")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] doc = new byte[head.length + json.length - first];
    System.arraycopy(head, 0, doc, 0, head.length);
    System.arraycopy(json, first, doc, head.length, json.length - first);
    return doc;
  }

  public static byte[] timeline(TimelineSummary summary) {
    ObjectNode doc = Json.mapper().valueToTree(summary);
    doc.put("@timestamp", Instant.ofEpochMilli(summary.lastEventAt()).toString());
    ArrayNode names = doc.putArray("service_names");
    new TreeSet<>(summary.services().keySet()).forEach(names::add);
    return Json.write(doc);
  }

  private static int skipWhitespace(byte[] json, int from) {
    int i = from;
    while (i < json.length
        && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
      i++;
    }
    return i;
  }
}

package dev.correlate.storage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
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
    ObjectNode doc = Json.mapper().valueToTree(event);
    doc.put("@timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
    return Json.write(doc);
  }

  public static byte[] timeline(TimelineSummary summary) {
    ObjectNode doc = Json.mapper().valueToTree(summary);
    doc.put("@timestamp", Instant.ofEpochMilli(summary.lastEventAt()).toString());
    ArrayNode names = doc.putArray("service_names");
    new TreeSet<>(summary.services().keySet()).forEach(names::add);
    return Json.write(doc);
  }
}

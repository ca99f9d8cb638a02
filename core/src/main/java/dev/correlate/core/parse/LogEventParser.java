package dev.correlate.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Turns a raw CloudWatch event into a {@link LogEvent}. Never throws: a line it cannot understand becomes an
 * event with the line as its message.
 */
public final class LogEventParser {

  public LogEvent parse(RawLogEvent raw) {
    String message = raw.message().strip();
    List<String> correlationIds = List.of();
    Level level = Level.INFO;
    String text = message;
    if (message.startsWith("{")) {
      try {
        JsonNode node = Json.mapper().readTree(message);
        if (node != null && node.isObject()) {
          JsonNode id = node.get("correlation_id");
          if (id != null && id.isTextual()) {
            correlationIds = List.of(id.asText());
          }
          JsonNode lvl = node.get("level");
          if (lvl != null) {
            level = Level.fromWord(lvl.asText()).orElse(Level.INFO);
          }
          JsonNode msg = node.get("message");
          if (msg != null && msg.isTextual()) {
            text = msg.asText();
          }
        }
      } catch (IOException notJson) {
        // a line that starts with '{' but is not JSON is plain text
      }
    }
    return new LogEvent(raw.eventId(), raw.timestamp(), null, raw.receivedAt(), raw.logGroup(), raw.logStream(),
        raw.owner(), null, raw.logGroup(), null, SourceKind.OTHER, level, null, text, Map.of(), correlationIds,
        List.of(), null, null, List.of(), null, Facts.NONE, null);
  }
}

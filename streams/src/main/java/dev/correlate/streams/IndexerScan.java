package dev.correlate.streams;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import java.io.IOException;

/**
 * What the indexer needs of an event record without reading the event: its id (the document id),
 * its event time (the daily index) and when ingest received it (the freshness metric). A streaming
 * scan of the top-level fields of the {@link LogEvent} JSON that stops once it has all three; the
 * stream writes them first, so the rest of the document (the message, the fields) is not read. The
 * document itself is written as the stream serialized it.
 */
final class IndexerScan {
  /**
   * The head of an event record.
   *
   * @param eventId the CloudWatch event id
   * @param timestamp the event time, epoch ms (0 when absent, as when the event is read)
   * @param receivedAt when ingest received it, epoch ms (0 when absent)
   */
  record EventHead(String eventId, long timestamp, long receivedAt) {}

  private IndexerScan() {}

  /**
   * The head of {@code json}.
   *
   * @throws IllegalArgumentException when it is not a JSON object with a string {@code event_id},
   *     or {@code timestamp} or {@code received_at} is not a number
   */
  static EventHead event(byte[] json) {
    try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("an event is a JSON object");
      }
      String eventId = null;
      long timestamp = 0;
      long receivedAt = 0;
      int found = 0;
      while (found < 3 && p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "event_id" -> {
            if (value != JsonToken.VALUE_STRING) {
              throw new IllegalArgumentException("event_id is not a string");
            }
            eventId = p.getText();
            found++;
          }
          case "timestamp" -> {
            timestamp = number(p, value, field);
            found++;
          }
          case "received_at" -> {
            receivedAt = number(p, value, field);
            found++;
          }
          default -> p.skipChildren();
        }
      }
      if (eventId == null) {
        throw new IllegalArgumentException("an event has an event_id");
      }
      return new EventHead(eventId, timestamp, receivedAt);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  private static long number(JsonParser p, JsonToken value, String field) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException(field + " is not a whole number");
    }
    return p.getLongValue();
  }
}

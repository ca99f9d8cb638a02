package dev.correlate.storage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.TreeSet;

/**
 * The documents Correlate stores. An event document is the {@link LogEvent} in the wire dialect
 * ({@link Json}, snake_case) plus {@code @timestamp} (the event time); a timeline document is the
 * {@link TimelineSummary} plus {@code @timestamp} (its last event time) and {@code service_names}
 * (the keys of {@code services}, for filtering). Readers deserialize both with {@link Json}, which
 * ignores the added fields.
 */
public final class Documents {
  private static final byte[] TIMESTAMP_FIELD =
      "{\"@timestamp\":\"".getBytes(StandardCharsets.US_ASCII);

  /** What follows the time's text: {@code Z}, the closing quote and the comma. */
  private static final byte[] HEAD_END = "Z\",".getBytes(StandardCharsets.US_ASCII);

  private static final long DAY_MS = 86_400_000L;

  /** 10000-01-01T00:00:00Z: from here on a year has five digits and a sign. */
  private static final long YEAR_10000 = 253_402_300_800_000L;

  private Documents() {}

  public static byte[] event(LogEvent event) {
    return event(Json.write(event), event.timestamp());
  }

  /**
   * The event document of {@code json}, a {@link LogEvent} as the stream serialized it, whose event
   * time is {@code timestamp}: the same fields as {@link #event(LogEvent)}, without reading the
   * event again. {@code @timestamp} is put in front of the object's first field, its text as {@link
   * Instant#toString()} writes it, written here straight into the document (the indexer's loop made
   * it through {@code Instant.toString} and two more copies for every event).
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
    if (timestamp < 0 || timestamp >= YEAR_10000) {
      // outside the four-digit years that the fast path writes: as Instant writes it
      byte[] head =
          ("{\"@timestamp\":\"" + Instant.ofEpochMilli(timestamp) + "\",")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] doc = new byte[head.length + json.length - first];
      System.arraycopy(head, 0, doc, 0, head.length);
      System.arraycopy(json, first, doc, head.length, json.length - first);
      return doc;
    }
    int millis = (int) (timestamp % 1000);
    int headLength =
        TIMESTAMP_FIELD.length + "yyyy-MM-ddTHH:mm:ss".length() + (millis == 0 ? 0 : 4);
    byte[] doc = new byte[headLength + HEAD_END.length + json.length - first];
    System.arraycopy(TIMESTAMP_FIELD, 0, doc, 0, TIMESTAMP_FIELD.length);
    int at = TIMESTAMP_FIELD.length;
    LocalDate day = LocalDate.ofEpochDay(timestamp / DAY_MS);
    int second = (int) (timestamp % DAY_MS / 1000);
    at = digits(doc, at, day.getYear(), 4, '-');
    at = digits(doc, at, day.getMonthValue(), 2, '-');
    at = digits(doc, at, day.getDayOfMonth(), 2, 'T');
    at = digits(doc, at, second / 3600, 2, ':');
    at = digits(doc, at, second / 60 % 60, 2, ':');
    if (millis == 0) {
      at = digits(doc, at, second % 60, 2, HEAD_END[0]);
    } else {
      at = digits(doc, at, second % 60, 2, '.');
      at = digits(doc, at, millis, 3, HEAD_END[0]);
    }
    System.arraycopy(HEAD_END, 1, doc, at, HEAD_END.length - 1);
    System.arraycopy(json, first, doc, at + HEAD_END.length - 1, json.length - first);
    return doc;
  }

  /**
   * Writes {@code value} as {@code width} decimal digits (zero-padded) at {@code at}, then {@code
   * after}; returns where the next byte goes.
   */
  private static int digits(byte[] out, int at, int value, int width, int after) {
    for (int i = width - 1; i >= 0; i--) {
      out[at + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    out[at + width] = (byte) after;
    return at + width + 1;
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

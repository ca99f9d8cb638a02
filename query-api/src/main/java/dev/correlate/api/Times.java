package dev.correlate.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The API's one time format: ISO-8601 in UTC with milliseconds, {@code 2026-11-27T10:00:00.123Z}.
 */
final class Times {
  static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  static String iso(long epochMs) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
  }
}

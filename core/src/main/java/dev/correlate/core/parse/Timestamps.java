package dev.correlate.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Times written inside log lines: ISO-8601 ({@code 2026-11-27T10:00:05.123Z}, offsets, up to
 * nanoseconds), Python's asctime ({@code 2026-11-27 10:00:05,123}, taken as UTC, which is what
 * TradAI's containers run in), and epoch numbers in JSON (milliseconds, or seconds with a
 * fraction).
 */
final class Timestamps {
  /** 2001-09-09 in epoch ms: numbers above it are milliseconds, below it seconds. */
  private static final long MS_THRESHOLD = 1_000_000_000_000L;

  private Timestamps() {}

  /** The epoch milliseconds of the timestamp that fills {@code s} entirely, or null. */
  static Long parse(String s) {
    int end = endOf(s, 0);
    return end == s.length() ? toEpochMs(s, end) : null;
  }

  /**
   * The index just past a timestamp starting at {@code from} in {@code s}, or -1 when none starts
   * there. Accepts {@code yyyy-MM-dd[T ]HH:mm:ss}, an optional fraction after {@code .} or {@code
   * ,}, and an optional {@code Z} or {@code ±HH[:]MM}.
   */
  static int endOf(String s, int from) {
    int n = s.length();
    if (n - from < 19) {
      return -1;
    }
    for (int i = 0; i < 19; i++) {
      char c = s.charAt(from + i);
      boolean ok;
      switch (i) {
        case 4:
        case 7:
          ok = c == '-';
          break;
        case 10:
          ok = c == 'T' || c == ' ';
          break;
        case 13:
        case 16:
          ok = c == ':';
          break;
        default:
          ok = c >= '0' && c <= '9';
      }
      if (!ok) {
        return -1;
      }
    }
    int i = from + 19;
    if (i < n
        && (s.charAt(i) == '.' || s.charAt(i) == ',')
        && i + 1 < n
        && isDigit(s.charAt(i + 1))) {
      i++;
      int digits = 0;
      while (i < n && isDigit(s.charAt(i)) && digits < 9) {
        i++;
        digits++;
      }
    }
    if (i < n && s.charAt(i) == 'Z') {
      return i + 1;
    }
    if (i + 5 <= n
        && (s.charAt(i) == '+' || s.charAt(i) == '-')
        && isDigit(s.charAt(i + 1))
        && isDigit(s.charAt(i + 2))) {
      int j = i + 3;
      if (j < n && s.charAt(j) == ':') {
        j++;
      }
      if (j + 2 <= n && isDigit(s.charAt(j)) && isDigit(s.charAt(j + 1))) {
        return j + 2;
      }
    }
    return i;
  }

  /**
   * Epoch ms of the timestamp {@code s.substring(0, end)} (as checked by {@link #endOf}), or null.
   */
  static Long toEpochMs(String s, int end) {
    try {
      int year = num(s, 0, 4);
      int month = num(s, 5, 2);
      int day = num(s, 8, 2);
      int hour = num(s, 11, 2);
      int minute = num(s, 14, 2);
      int second = num(s, 17, 2);
      int nanos = 0;
      int i = 19;
      if (i < end && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        i++;
        int scale = 100_000_000;
        while (i < end && isDigit(s.charAt(i))) {
          nanos += (s.charAt(i) - '0') * scale;
          scale /= 10;
          i++;
        }
      }
      int offsetSeconds = 0;
      if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        int sign = s.charAt(i) == '-' ? -1 : 1;
        int oh = num(s, i + 1, 2);
        int om = num(s, end - 2, 2);
        offsetSeconds = sign * (oh * 3600 + om * 60);
      }
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds))
          .toEpochMilli();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A JSON time value: a timestamp string or an epoch number (ms, or seconds). */
  static Long fromNode(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      String text = node.asText();
      return text.length() <= 40 ? parse(text) : null;
    }
    if (node.isNumber()) {
      double v = node.asDouble();
      if (v <= 0 || v > 1e15 || Double.isNaN(v)) {
        return null;
      }
      return v >= MS_THRESHOLD ? (long) v : (long) (v * 1000);
    }
    return null;
  }

  private static int num(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

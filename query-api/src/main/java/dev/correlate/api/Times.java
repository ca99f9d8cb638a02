package dev.correlate.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The API's one time format: ISO-8601 in UTC with milliseconds, {@code 2026-11-27T10:00:00.123Z}.
 */
final class Times {
  static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final long MS_PER_DAY = 86_400_000L;

  /** 0000-01-01 and 10000-01-01 in days since the epoch: the years written with four digits. */
  private static final long FIRST_DAY = -719_528L;

  private static final long END_DAY = 2_932_897L;

  /**
   * The longest {@link #ISO_MILLIS} of a {@code long} of milliseconds ({@code
   * +292278994-08-17T07:12:55.807Z}), with room to spare.
   */
  static final int MAX_ISO_LENGTH = 32;

  private Times() {}

  /** {@link #ISO_MILLIS} of {@code epochMs}. */
  static String iso(long epochMs) {
    byte[] out = new byte[MAX_ISO_LENGTH];
    return new String(out, 0, iso(epochMs, out), StandardCharsets.US_ASCII);
  }

  /**
   * Writes {@link #ISO_MILLIS} of {@code epochMs} at the start of {@code out} (at least {@link
   * #MAX_ISO_LENGTH} long) and returns its length. Written by hand for the years 0000–9999: it runs
   * once per event of every timeline page, where the formatter's fraction printing (through {@code
   * BigDecimal}) and its intermediate date-time objects showed in the profile.
   */
  static int iso(long epochMs, byte[] out) {
    long day = Math.floorDiv(epochMs, MS_PER_DAY);
    if (day < FIRST_DAY || day >= END_DAY) {
      byte[] formatted =
          ISO_MILLIS.format(Instant.ofEpochMilli(epochMs)).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(formatted, 0, out, 0, formatted.length);
      return formatted.length;
    }
    int msOfDay = (int) Math.floorMod(epochMs, MS_PER_DAY);
    // civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date
    // Algorithms"): eras of 400 years starting on March 1st
    long z = day + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, dayOfMonth, 2);
    out[10] = 'T';
    digits(out, 11, msOfDay / 3_600_000, 2);
    out[13] = ':';
    digits(out, 14, msOfDay / 60_000 % 60, 2);
    out[16] = ':';
    digits(out, 17, msOfDay / 1000 % 60, 2);
    out[19] = '.';
    digits(out, 20, msOfDay % 1000, 3);
    out[23] = 'Z';
    return 24;
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}

package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {
  private static String formatter(long epochMs) {
    return Times.ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
  }

  @Test
  void iso_isWhatTheFormatterWrites_atTheEdgesOfDaysYearsAndTheFourDigitRange() {
    long[] edges = {
      0,
      -1,
      1,
      Instant.parse("2026-11-27T10:00:00.123Z").toEpochMilli(),
      Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli(),
      Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(),
      Instant.parse("2000-02-29T12:00:00Z").toEpochMilli(),
      Instant.parse("1900-03-01T00:00:00Z").toEpochMilli(),
      Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli(),
      Instant.parse("0000-01-01T00:00:00Z").toEpochMilli(),
      Instant.parse("0000-01-01T00:00:00Z").toEpochMilli() - 1,
      Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
      Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli() + 1,
      Long.MAX_VALUE / 1000,
      Long.MIN_VALUE / 1000
    };
    for (long t : edges) {
      assertThat(Times.iso(t)).as("%d", t).isEqualTo(formatter(t));
    }
  }

  @Test
  void iso_isWhatTheFormatterWrites_forAnyTimeOfTheFourDigitYears() {
    long from = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    long to = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 100_000; i++) {
      long t = random.nextLong(from, to + 1);
      assertThat(Times.iso(t)).as("%d", t).isEqualTo(formatter(t));
    }
  }
}

package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.correlate.core.model.TimelineHomes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndicesTest {
  private static final Indices INDICES = Indices.withPrefix("correlate");

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void homeAt_isTheStartOfThePeriodCountedFromTheEpoch_soEveryInstanceNamesItAlike() {
    // 1970-01-01 was a Thursday: weekly periods start on Thursdays at midnight UTC
    assertThat(TimelineHomes.homeAt(at("2026-12-07T13:00:00Z"), Duration.ofDays(7)))
        .isEqualTo(at("2026-12-03T00:00:00Z"));
    assertThat(TimelineHomes.homeAt(at("2026-12-03T00:00:00Z"), Duration.ofDays(7)))
        .isEqualTo(at("2026-12-03T00:00:00Z"));
    assertThat(TimelineHomes.homeAt(at("2026-12-02T23:59:59.999Z"), Duration.ofDays(7)))
        .isEqualTo(at("2026-11-26T00:00:00Z"));
    assertThat(TimelineHomes.homeAt(at("2026-12-07T13:59:00Z"), Duration.ofHours(6)))
        .isEqualTo(at("2026-12-07T12:00:00Z"));
  }

  @Test
  void aPeriodOfLessThanAnHourOrNotOfWholeHours_isRefused() {
    assertThatThrownBy(() -> TimelineHomes.requirePeriod(Duration.ofMinutes(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number of hours");
    assertThatThrownBy(() -> TimelineHomes.requirePeriod(Duration.ofMinutes(90)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TimelineHomes.requirePeriod(Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void timelinesHome_isNamedByItsDate_orByDateAndHourWhenItStartsAfterMidnight() {
    assertThat(INDICES.timelinesHome(at("2026-12-03T00:00:00Z")))
        .isEqualTo("correlate-timelines-2026.12.03");
    assertThat(INDICES.timelinesHome(at("2026-12-07T12:00:00Z")))
        .isEqualTo("correlate-timelines-2026.12.07-12");
  }

  @Test
  void timelinesHome_zero_isTheLegacyIndex() {
    assertThat(INDICES.timelinesHome(0)).isEqualTo("correlate-timelines-legacy");
    assertThat(INDICES.homeOf("correlate-timelines-legacy")).contains(0L);
  }

  @Test
  void timelinesHome_notAWholeHour_isRefused() {
    assertThatThrownBy(() -> INDICES.timelinesHome(at("2026-12-07T12:30:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void homeOf_readsBackTheStartFromEitherName_andIgnoresOtherIndices() {
    for (String start : new String[] {"2026-12-03T00:00:00Z", "2026-12-07T18:00:00Z"}) {
      assertThat(INDICES.homeOf(INDICES.timelinesHome(at(start)))).contains(at(start));
    }
    assertThat(INDICES.homeOf("correlate-timelines")).isEmpty();
    assertThat(INDICES.homeOf("correlate-timelines-backup")).isEmpty();
    assertThat(INDICES.homeOf("correlate-events-2026.12.03")).isEmpty();
    assertThat(INDICES.homeOf("other-timelines-2026.12.03")).isEmpty();
  }

  @Test
  void theAliasAndThePattern_coverEveryHome() {
    assertThat(INDICES.timelines()).isEqualTo("correlate-timelines");
    assertThat(INDICES.timelinesPattern()).isEqualTo("correlate-timelines-*");
    assertThat(INDICES.timelinesHome(at("2026-12-03T00:00:00Z")))
        .startsWith("correlate-timelines-");
    assertThat(INDICES.timelinesLegacy()).startsWith("correlate-timelines-");
  }
}

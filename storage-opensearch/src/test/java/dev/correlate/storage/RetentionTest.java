package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which homes a retention run deletes, on a clock the test sets. */
class RetentionTest {
  private static final Indices INDICES = Indices.withPrefix("correlate");
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final long DAY = Duration.ofDays(1).toMillis();

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /** Homes of the weeks starting on these Thursdays. */
  private static final long OLD = at("2026-10-01T00:00:00Z");

  private static final long ENDED = at("2026-11-26T00:00:00Z");
  private static final long CURRENT = at("2026-12-03T00:00:00Z");
  private static final long NEXT = at("2026-12-10T00:00:00Z");
  private static final long NOW = at("2026-12-07T13:00:00Z");

  private static Map<String, Long> homes(Object... indexAndNewest) {
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < indexAndNewest.length; i += 2) {
      map.put((String) indexAndNewest[i], (Long) indexAndNewest[i + 1]);
    }
    return map;
  }

  private static java.util.List<String> expired(Map<String, Long> homes, long now) {
    return Retention.expiredHomes(INDICES, homes, now, WEEK, SKEW, RETENTION);
  }

  @Test
  void anEndedHomeWhoseNewestTimelineIsOlderThanTheRetention_isDeleted_theOthersKept() {
    Map<String, Long> homes =
        homes(
            INDICES.timelinesHome(OLD),
            OLD + 2 * DAY,
            INDICES.timelinesHome(ENDED),
            ENDED + DAY,
            INDICES.timelinesHome(CURRENT),
            NOW,
            INDICES.timelinesHome(NEXT),
            null);

    assertThat(expired(homes, NOW)).containsExactly(INDICES.timelinesHome(OLD));
  }

  @Test
  void anEndedHomeWithOneTimelineStillWithinTheRetention_isKept() {
    // a job created in October that logged until a week ago keeps its whole home
    Map<String, Long> homes = homes(INDICES.timelinesHome(OLD), NOW - 7 * DAY);

    assertThat(expired(homes, NOW)).isEmpty();
  }

  @Test
  void theCurrentHome_isKept_evenWhenEveryTimelineInItIsOld() {
    // a backfill of old logs: old last_event_at, but the home still receives new timelines
    Map<String, Long> homes =
        homes(INDICES.timelinesHome(CURRENT), NOW - 90 * DAY, INDICES.timelinesHome(NEXT), null);

    assertThat(expired(homes, NOW)).isEmpty();
  }

  @Test
  void aHomeIsKept_untilTheClockSkewToleranceHasPassedAfterItsPeriod() {
    Map<String, Long> homes = homes(INDICES.timelinesHome(CURRENT), NOW - 90 * DAY);
    long end = CURRENT + WEEK.toMillis();

    assertThat(expired(homes, end)).isEmpty();
    assertThat(expired(homes, end + SKEW.toMillis() - 1)).isEmpty();
    assertThat(expired(homes, end + SKEW.toMillis()))
        .containsExactly(INDICES.timelinesHome(CURRENT));
  }

  @Test
  void anEmptyHomeWhosePeriodEnded_isDeleted() {
    Map<String, Long> homes = homes(INDICES.timelinesHome(ENDED), null);

    assertThat(expired(homes, NOW)).containsExactly(INDICES.timelinesHome(ENDED));
  }

  @Test
  void theLegacyIndex_isAPeriodThatEnded_deletedWhenItsNewestTimelineExpired() {
    assertThat(expired(homes(INDICES.timelinesLegacy(), NOW - 31 * DAY), NOW))
        .containsExactly(INDICES.timelinesLegacy());
    assertThat(expired(homes(INDICES.timelinesLegacy(), NOW - 29 * DAY), NOW)).isEmpty();
  }

  @Test
  void anIndexThatIsNotAHome_isLeftAlone() {
    assertThat(expired(homes("correlate-timelines-backup", OLD), NOW)).isEmpty();
  }
}

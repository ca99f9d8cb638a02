package dev.correlate.core.model;

import java.time.Duration;

/**
 * The arithmetic of a timeline's home ({@link TimelineSummary#home()}): the start of the period in
 * which the timeline was created. Periods are whole hours counted from the epoch, so every instance
 * that creates timelines in the same period names the same home, whatever its time zone.
 */
public final class TimelineHomes {
  /** The shortest period: an index an hour is already many shards a day. */
  public static final Duration MIN_PERIOD = Duration.ofHours(1);

  /** The default period: a week (docs/decisions.md, sizing). */
  public static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

  private TimelineHomes() {}

  /**
   * The home of a timeline created at {@code createdAtMs} (wall clock, epoch ms): the start of its
   * period, {@code floor(created / period) × period}.
   */
  public static long homeAt(long createdAtMs, Duration period) {
    long ms = requirePeriod(period).toMillis();
    return Math.floorDiv(createdAtMs, ms) * ms;
  }

  /**
   * {@code period} when it is a whole number of hours, at least {@link #MIN_PERIOD}.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static Duration requirePeriod(Duration period) {
    if (period == null
        || period.compareTo(MIN_PERIOD) < 0
        || period.toMillis() % MIN_PERIOD.toMillis() != 0) {
      throw new IllegalArgumentException(
          "the timelines period must be a whole number of hours, at least 1 h, got " + period);
    }
    return period;
  }
}

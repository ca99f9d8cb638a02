package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.storage.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention on its schedule: {@link Retention#runOnce} every interval (the first run after at most
 * a minute). A run that fails, for whatever reason, is logged and retried at the next one; the
 * schedule never stops (a scheduled executor would silently cancel every later run after one
 * uncaught exception). Its health is its last run: degraded, with the reason, until a run succeeds
 * again. Advisory: old data kept longer harms no answer.
 */
final class RetentionRuns implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionRuns.class);

  private final Retention retention;
  private final Duration interval;
  private final ScheduledExecutorService executor = Schedules.daemon("correlate-retention");
  private volatile CheckResult health = CheckResult.OK;

  RetentionRuns(Retention retention, Duration interval) {
    this.retention = retention;
    this.interval = interval;
  }

  void start() {
    long every = interval.toMillis();
    executor.scheduleWithFixedDelay(
        this::runOnce,
        Math.min(every, Duration.ofMinutes(1).toMillis()),
        every,
        TimeUnit.MILLISECONDS);
  }

  /** One run; never throws. */
  void runOnce() {
    long now = System.currentTimeMillis();
    try {
      Retention.Result result = retention.runOnce(now);
      health = CheckResult.OK;
      // an hourly "deleted nothing" is noise in the stack's log
      if (!result.deletedIndices().isEmpty() || !result.deletedHomes().isEmpty()) {
        LOG.info(
            "retention deleted {} event indices and the timelines indices {}",
            result.deletedIndices().size(),
            result.deletedHomes());
      }
    } catch (RuntimeException e) {
      health =
          CheckResult.degraded(
              "the run at "
                  + Instant.ofEpochMilli(now)
                  + " failed, retried in "
                  + interval
                  + ": "
                  + e.getMessage());
      LOG.warn("retention failed, retrying at the next run in {}: {}", interval, e.toString());
    }
  }

  @Override
  public String name() {
    return "retention";
  }

  @Override
  public CheckResult check() {
    return health;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

package dev.correlate.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the gauges that cost a request ({@link JobGauges} on the index, {@link LagGauges} on the
 * broker) on a thread of their own every {@code interval}, so that a scrape only reads numbers. A
 * failing measurement is logged when it starts failing and when it recovers, not at every interval.
 */
final class PeriodicGauges implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicGauges.class);

  private final JobGauges jobs;
  private final LagGauges lag;
  private final Duration interval;
  private final ScheduledExecutorService executor = Schedules.daemon("correlate-gauges");
  private Optional<String> problem = Optional.empty();

  PeriodicGauges(JobGauges jobs, LagGauges lag, Duration interval) {
    this.jobs = jobs;
    this.lag = lag;
    this.interval = interval;
  }

  void start() {
    executor.scheduleWithFixedDelay(this::measure, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void measure() {
    try {
      Optional<String> jobsProblem = jobs.measure(System.currentTimeMillis());
      Optional<String> lagProblem = lag.measure();
      Optional<String> now =
          jobsProblem.isEmpty()
              ? lagProblem
              : Optional.of(jobsProblem.get() + lagProblem.map(p -> "; " + p).orElse(""));
      if (!Objects.equals(now, problem)) {
        now.ifPresentOrElse(
            p -> LOG.warn("cannot measure {}; the gauges are NaN until it can", p),
            () -> LOG.info("measuring the job and lag gauges again"));
      }
      problem = now;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // an unexpected failure must not end the schedule
      LOG.error("measuring the job and lag gauges failed", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

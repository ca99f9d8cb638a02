package dev.correlate.streams;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The service's periodic work (retention, the measured gauges): each on a daemon thread of its own.
 */
final class Schedules {
  private Schedules() {}

  /**
   * A single-thread scheduler whose thread is named {@code threadName} and does not keep the JVM
   * alive.
   */
  static ScheduledExecutorService daemon(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
  }
}

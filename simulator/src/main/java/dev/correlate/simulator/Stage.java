package dev.correlate.simulator;

import java.util.Locale;

/** The backtest lifecycle of conventions.md, in order; a job's stage is the furthest reached. */
enum Stage {
  SUBMITTED,
  QUEUED,
  DISPATCHED,
  TASK_STARTED,
  RUNNING,
  RESULTS_WRITTEN,
  COMPLETED;

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  Stage furthest(Stage other) {
    return other == null || compareTo(other) >= 0 ? this : other;
  }
}

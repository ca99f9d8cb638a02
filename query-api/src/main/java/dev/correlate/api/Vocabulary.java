package dev.correlate.api;

import java.util.Set;

/** The stable identifiers the API accepts as filters (docs: shared conventions, "Backtest lifecycle"). */
final class Vocabulary {
  static final Set<String> JOB_STATUSES = Set.of("running", "completed", "failed", "stuck");
  /** Job statuses that need someone's attention: what the overview counts as failing. */
  static final Set<String> FAILING_JOB_STATUSES = Set.of("failed", "stuck");
  static final Set<String> CORRELATION_STATUSES = Set.of("ok", "error");
  static final Set<String> STAGES = Set.of("submitted", "queued", "dispatched", "task_started", "running",
      "results_written", "completed");
  static final Set<String> CATEGORIES = Set.of("oom", "data_error", "strategy_error", "container_crash",
      "lambda_timeout", "missing_dependency", "access_denied", "connection_timeout", "connection_refused",
      "service_unavailable", "task_never_started", "stuck_running", "no_results");

  private Vocabulary() {}
}

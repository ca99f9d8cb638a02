package dev.correlate.api;

import dev.correlate.core.diagnosis.DiagnosisRules;
import dev.correlate.core.diagnosis.FailureCategory;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stable identifiers the API accepts as filters (docs: shared conventions, "Backtest
 * lifecycle").
 */
final class Vocabulary {
  static final Set<String> JOB_STATUSES = Set.of("running", "completed", "failed", "stuck");

  /** Job statuses that need someone's attention: what the overview counts as failing. */
  static final Set<String> FAILING_JOB_STATUSES = Set.of("failed", "stuck");

  static final Set<String> CORRELATION_STATUSES = Set.of("ok", "error");
  static final Set<String> STAGES =
      Set.of(
          "submitted",
          "queued",
          "dispatched",
          "task_started",
          "running",
          "results_written",
          "completed");

  /**
   * The categories of the diagnosis rules shipped in core: one list, so a new category is
   * filterable at once.
   */
  static final Set<String> CATEGORIES =
      DiagnosisRules.defaults().categories().stream()
          .map(FailureCategory::id)
          .collect(Collectors.toUnmodifiableSet());

  private Vocabulary() {}
}

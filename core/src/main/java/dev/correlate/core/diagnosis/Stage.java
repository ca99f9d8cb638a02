package dev.correlate.core.diagnosis;

import java.util.Locale;
import java.util.Optional;

/**
 * The stages of a backtest job's lifecycle, in order. A job's stage is the furthest one with
 * evidence; evidence for each stage is data ({@link DiagnosisRules}).
 */
public enum Stage {
  SUBMITTED,
  QUEUED,
  DISPATCHED,
  TASK_STARTED,
  RUNNING,
  RESULTS_WRITTEN,
  COMPLETED;

  /**
   * The stable identifier used in summaries, the API and the rules file ({@code task_started} …).
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Stage> fromId(String id) {
    for (Stage stage : values()) {
      if (stage.id().equals(id)) {
        return Optional.of(stage);
      }
    }
    return Optional.empty();
  }
}

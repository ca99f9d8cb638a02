package dev.correlate.core.diagnosis;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import java.time.Duration;

/**
 * Folds a timeline's events into a bounded {@link DiagnosisState} and evaluates it into a status and a
 * diagnosis. Pure: the caller owns the state and the clock, so Kafka Streams can keep the state in a store and
 * drive time from its punctuators.
 */
public final class Diagnoser {
  private final Duration stuckAfter;

  public Diagnoser(Duration stuckAfter) {
    this.stuckAfter = stuckAfter;
  }

  /** The state after seeing {@code event}, which belongs to a timeline of {@code kind}. */
  public DiagnosisState observe(DiagnosisState state, TimelineId.Kind kind, LogEvent event) {
    return state;
  }

  /**
   * Evaluates {@code state} at wall-clock time {@code nowMs}; {@code lastActivityAt} is when the timeline last
   * received an event, so a job silent for longer than the stuck threshold is {@code stuck}.
   */
  public Evaluation evaluate(TimelineId.Kind kind, DiagnosisState state, long lastActivityAt, long nowMs) {
    boolean job = kind == TimelineId.Kind.JOB;
    String status = job ? "running" : "ok";
    if (job && nowMs - lastActivityAt >= stuckAfter.toMillis()) {
      status = "stuck";
    }
    return new Evaluation(status, new Diagnosis(null, state.stages(), state.category(), null, null, null,
        state.evidence()));
  }
}

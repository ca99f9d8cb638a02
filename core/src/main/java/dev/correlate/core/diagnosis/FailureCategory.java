package dev.correlate.core.diagnosis;

import dev.correlate.core.model.TimelineId;
import java.util.Set;

/**
 * A failure category of the rules: its stable identifier (see docs/diagnosis.md), what it means and what to do.
 *
 * @param id stable identifier, for example {@code oom}
 * @param priority precedence: when several categories have evidence, the lowest priority wins
 * @param fatal whether its evidence fails a job by itself, without a FAILED status update
 * @param appliesTo the timeline kinds it can be diagnosed on
 * @param cause the likely cause, for people
 * @param resolution what to do about it, for people
 */
public record FailureCategory(String id, int priority, boolean fatal, Set<TimelineId.Kind> appliesTo,
                              String cause, String resolution) {
  public FailureCategory {
    appliesTo = Set.copyOf(appliesTo);
  }
}

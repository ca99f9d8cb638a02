package dev.correlate.core.diagnosis;

import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.EventRef;
import java.util.List;
import java.util.Set;

/**
 * A failure category of the rules: its stable identifier (see docs/diagnosis.md), what it means and
 * what to do.
 *
 * @param id stable identifier, for example {@code oom}
 * @param priority precedence: when several categories have evidence, the lowest priority wins
 * @param fatal whether its evidence fails a job by itself, without a FAILED status update
 * @param appliesTo the timeline kinds it can be diagnosed on
 * @param cause the likely cause, for people
 * @param resolution what to do about it, for people
 * @param resolutions resolutions that fit the failing piece better, by the evidence shown; the
 *     first that fits replaces {@code resolution}
 */
public record FailureCategory(
    String id,
    int priority,
    boolean fatal,
    Set<TimelineId.Kind> appliesTo,
    String cause,
    String resolution,
    List<Resolution> resolutions) {
  public FailureCategory {
    appliesTo = Set.copyOf(appliesTo);
    resolutions = List.copyOf(resolutions);
  }

  /** The resolution for a failure whose shown evidence is {@code evidence} (null: none shown). */
  public String resolutionFor(EventRef evidence) {
    for (Resolution r : resolutions) {
      if (r.fits(evidence)) {
        return r.text();
      }
    }
    return resolution;
  }
}

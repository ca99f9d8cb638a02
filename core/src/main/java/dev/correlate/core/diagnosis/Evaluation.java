package dev.correlate.core.diagnosis;

import dev.correlate.core.model.TimelineSummary.Diagnosis;

/**
 * The verdict on a timeline at one moment.
 *
 * @param status job: running, completed, failed, stuck; request: ok, error
 * @param diagnosis stage, history and failure; never null
 */
public record Evaluation(String status, Diagnosis diagnosis) {}

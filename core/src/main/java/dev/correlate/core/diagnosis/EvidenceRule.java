package dev.correlate.core.diagnosis;

import dev.correlate.core.model.LogEvent;

/**
 * One piece of evidence from the rules file: an event matching {@code when} is evidence, provided the job also
 * reached {@code requires} (null: no requirement).
 */
record EvidenceRule(String id, Stage requires, Condition when) {
  boolean matches(LogEvent event) {
    return when.matches(event);
  }
}

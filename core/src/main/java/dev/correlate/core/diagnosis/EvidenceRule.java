package dev.correlate.core.diagnosis;

/**
 * One piece of evidence from the rules file: an event matching {@code when} is evidence, provided
 * the job also reached {@code requires} (null: no requirement).
 */
record EvidenceRule(String id, Stage requires, Condition when) {
  boolean matches(Condition.Subject event) {
    return when.matches(event);
  }
}

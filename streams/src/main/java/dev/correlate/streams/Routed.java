package dev.correlate.streams;

import dev.correlate.core.model.LogEvent;
import java.util.List;

/**
 * What the stitcher sends on: an event for its ECS task's resolver, either across the task
 * repartition or on this partition, a link (ids learnt for a task from a line elsewhere), an event
 * resolved already (no alias, or a Lambda invocation's, stitched in place), or a record to
 * quarantine. Exactly one of the five is set.
 *
 * @param event a parsed event of the task that is the record's key, to be moved to the task's
 *     partition (an AWS task state change, or a task stream that ingest did not key by its task)
 * @param local a parsed event of the task that is the record's key, whose raw record was keyed by
 *     that task too: the task's resolver is on this partition; never serialized
 * @param link ids that belong to the record's key (a task)
 * @param resolved an event with all the ids it is known to belong to
 * @param rejected the original bytes of a record that could not be read
 */
record Routed(LogEvent event, LogEvent local, AliasLink link, Resolved resolved, byte[] rejected) {
  /** Ids that an alias ({@code req:…}/{@code task:…}) stands for, learnt from one line. */
  record AliasLink(List<String> correlationIds, List<String> jobIds, String sourceEventId) {
    AliasLink {
      correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
      jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    }
  }

  static Routed event(LogEvent event) {
    return new Routed(event, null, null, null, null);
  }

  static Routed local(LogEvent event) {
    return new Routed(null, event, null, null, null);
  }

  static Routed link(AliasLink link) {
    return new Routed(null, null, link, null, null);
  }

  static Routed resolved(Resolved resolved) {
    return new Routed(null, null, null, resolved, null);
  }

  static Routed rejected(byte[] original) {
    return new Routed(null, null, null, null, original);
  }
}

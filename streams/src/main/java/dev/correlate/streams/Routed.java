package dev.correlate.streams;

import dev.correlate.core.model.LogEvent;
import java.util.List;

/**
 * What the stitcher sends on: an event (to its alias or straight on), a link (ids learnt for an alias from a
 * line elsewhere), or a record to quarantine. Exactly one of the three is set.
 *
 * @param event a parsed event
 * @param link ids that belong to the record's key (an alias)
 * @param rejected the original bytes of a record that could not be read
 */
record Routed(LogEvent event, AliasLink link, byte[] rejected) {
  /** Ids that an alias ({@code req:…}/{@code task:…}) stands for, learnt from one line. */
  record AliasLink(List<String> correlationIds, List<String> jobIds, String sourceEventId) {
    AliasLink {
      correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
      jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    }
  }

  static Routed event(LogEvent event) {
    return new Routed(event, null, null);
  }

  static Routed link(AliasLink link) {
    return new Routed(null, link, null);
  }

  static Routed rejected(byte[] original) {
    return new Routed(null, null, original);
  }

  /** Whether {@code key} is an alias that the resolver must see ({@code req:…} or {@code task:…}). */
  static boolean isAlias(String key) {
    return key != null && (key.startsWith(Aliases.REQUEST) || key.startsWith(Aliases.TASK));
  }
}

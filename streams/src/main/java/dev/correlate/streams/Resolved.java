package dev.correlate.streams;

import dev.correlate.core.model.LogEvent;
import java.util.List;

/**
 * An event leaving the alias resolver with all the ids it is known to belong to.
 *
 * @param event the event, its ids enriched and its {@code link} set
 * @param counted the timelines this event was already sent to by an earlier emission (a re-emission
 *     after a link arrived late); the aggregator only receives it for the others, so counts stay
 *     exact
 * @param waitedOut whether the event had been released unlinked before its link arrived
 */
record Resolved(LogEvent event, List<String> counted, boolean waitedOut) {
  Resolved {
    counted = counted == null ? List.of() : List.copyOf(counted);
  }

  static Resolved fresh(LogEvent event) {
    return new Resolved(event, List.of(), false);
  }
}

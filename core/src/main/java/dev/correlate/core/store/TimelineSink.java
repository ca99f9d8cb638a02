package dev.correlate.core.store;

import dev.correlate.core.model.TimelineSummary;
import java.io.IOException;
import java.util.Optional;

/**
 * Receives a timeline page as {@link TimelineQueries#timeline} reads it: the summary first, then
 * the events one at a time as their stored documents.
 */
public interface TimelineSink extends EventSink {
  /** The timeline's summary, empty when the store has none; called once, before any event. */
  void summary(Optional<TimelineSummary> summary) throws IOException;
}

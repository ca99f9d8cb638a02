package dev.correlate.core.store;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import java.io.IOException;
import java.util.Optional;

/**
 * Receives a timeline page as {@link TimelineQueries#timeline} reads it: the summary first (as a
 * record or as its stored document), then the events one at a time as their stored documents.
 */
public interface TimelineSink extends EventSink {
  /** The timeline's summary, empty when the store has none; called once, before any event. */
  void summary(Optional<TimelineSummary> summary) throws IOException;

  /**
   * The timeline's summary as its stored document, {@code bytes[from, to)} (the summary's
   * properties in any order, possibly more of them than the record has): what a store that reads
   * documents hands over instead of {@link #summary(Optional)}, so that a sink that rewrites it
   * need not bind it; it must not keep the array after it returns. This default binds it and hands
   * the record over.
   *
   * @throws IllegalStateException if the document is not a summary
   */
  default void summary(byte[] bytes, int from, int to) throws IOException {
    TimelineSummary summary;
    try {
      summary = Json.mapper().readValue(bytes, from, to - from, TimelineSummary.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "stored document is not a TimelineSummary: " + e.getMessage(), e);
    }
    summary(Optional.of(summary));
  }
}

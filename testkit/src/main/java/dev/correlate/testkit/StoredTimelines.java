package dev.correlate.testkit;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.core.store.TimelineWriter;
import java.util.List;

/**
 * Fixtures into a store: events and summaries written through its {@link TimelineWriter}, as the
 * indexer does.
 */
public final class StoredTimelines {
  private StoredTimelines() {}

  /**
   * Prepares the store, writes {@code events} and {@code summaries} and flushes; returns what the
   * store refused. The context of each write is its id.
   */
  public static List<TimelineWrite.Refused<String>> write(
      TimelineWriter<String> writer, List<LogEvent> events, List<TimelineSummary> summaries) {
    writer.prepare();
    events.forEach(e -> writer.add(new TimelineWrite.Event<>(e, e.eventId()), 0));
    summaries.forEach(s -> writer.add(new TimelineWrite.Summary<>(s, s.timelineId()), 0));
    return writer.flush();
  }
}

package dev.correlate.core.store;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The read side of Correlate's storage: what the query API asks. Implementations live outside core:
 * {@code OpenSearchTimelineQueries} (module storage-opensearch, production) and {@code
 * InMemoryTimelineQueries} (module testkit, tests); both pass the same contract test suite ({@code
 * TimelineQueriesContract}).
 *
 * <p>Pages are keyset-paginated: a page's {@link Page#next()} is the sort key of its last item, and
 * asking again with it as {@code after} continues exactly after that item, whatever was added
 * meanwhile before or after it. Implementations throw {@link StorageUnavailableException} when the
 * store cannot answer.
 */
public interface TimelineQueries {
  /** Events per page at most, whatever a caller asks. */
  int MAX_LIMIT = 10_000;

  /**
   * The latest summary of a timeline, read by id: visible as soon as it is written (no refresh
   * lag).
   */
  Optional<TimelineSummary> summary(TimelineId id);

  /** A timeline's events, ordered by (timestamp, event id) ascending. */
  Page<LogEvent> events(TimelineId id, EventFilter filter, int limit, Optional<SortKey> after);

  /**
   * The same page as {@link #events(TimelineId, EventFilter, int, Optional)}, handed to {@code
   * sink} event by event as stored documents instead of records: a store that reads documents
   * passes them on without binding them; one that holds records hands each over as its document.
   *
   * @return where the next page starts, as that page's {@link Page#next()}; empty when this page is
   *     the last one
   */
  Optional<SortKey> events(
      TimelineId id, EventFilter filter, int limit, Optional<SortKey> after, EventSink sink);

  /**
   * A timeline's summary and one page of its events, read together: {@code sink} gets the summary
   * first, then the same page {@link #events(TimelineId, EventFilter, int, Optional, EventSink)}
   * hands over. A store that can reads both in one request; the summary is then as searchable as
   * the events are (after a refresh), not {@link #summary}'s realtime read. By default the two
   * reads one after the other.
   *
   * @return where the next page starts, as the events' {@link Page#next()}
   */
  default Optional<SortKey> timeline(
      TimelineId id, EventFilter filter, int limit, Optional<SortKey> after, TimelineSink sink) {
    try {
      sink.summary(summary(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events(id, filter, limit, after, sink);
  }

  /** Summaries, newest first: ordered by (last event time, timeline id) descending. */
  Page<TimelineSummary> summaries(SummaryFilter filter, int limit, Optional<SortKey> after);

  /**
   * Counts over the summaries {@code query}'s filter selects: per status, per failure category, per
   * time bucket and per failing service. The summaries counted are exactly those {@link #summaries}
   * pages through with that filter.
   */
  SummaryStats stats(SummaryStats.Query query);

  /**
   * Events matching a filter pattern, newest first: ordered by (timestamp, event id) descending.
   */
  Page<LogEvent> search(SearchFilter filter, int limit, Optional<SortKey> after);

  /** Whether the store answers; never throws. */
  CheckResult check();
}

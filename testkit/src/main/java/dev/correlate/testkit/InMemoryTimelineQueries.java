package dev.correlate.testkit;

import dev.correlate.core.filter.PatternMatcher;
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.EventDocuments;
import dev.correlate.core.store.EventFilter;
import dev.correlate.core.store.EventSink;
import dev.correlate.core.store.Page;
import dev.correlate.core.store.SearchFilter;
import dev.correlate.core.store.SortKey;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.SummaryStats;
import dev.correlate.core.store.TimelineQueries;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.core.store.TimelineWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link TimelineQueries} over maps in memory, written through {@link #writer()} or directly, for
 * tests without OpenSearch. Text terms match case-insensitively as substrings of the message;
 * OpenSearch matches analyzed words, so the two agree on whole words, which is what the contract
 * suite checks. Thread-safe.
 */
public final class InMemoryTimelineQueries implements TimelineQueries {
  private static final Comparator<LogEvent> EVENT_ORDER =
      Comparator.comparingLong(LogEvent::timestamp).thenComparing(LogEvent::eventId);
  private static final Comparator<TimelineSummary> SUMMARY_ORDER =
      Comparator.comparingLong(TimelineSummary::lastEventAt)
          .thenComparing(TimelineSummary::timelineId)
          .reversed();

  private final Map<String, LogEvent> events = new ConcurrentHashMap<>();
  private final Map<String, TimelineSummary> summaries = new ConcurrentHashMap<>();

  /**
   * A {@link TimelineWriter} into this store, buffering until {@link TimelineWriter#flush()} as the
   * OpenSearch writer does; it refuses nothing.
   */
  public <C> TimelineWriter<C> writer() {
    return new TimelineWriter<>() {
      private final List<TimelineWrite<C>> buffer = new ArrayList<>();

      @Override
      public void prepare() {}

      @Override
      public void add(TimelineWrite<C> write, long nowMs) {
        buffer.add(write);
      }

      @Override
      public boolean due(long nowMs) {
        return !buffer.isEmpty();
      }

      @Override
      public int pending() {
        return buffer.size();
      }

      @Override
      public void clear() {
        buffer.clear();
      }

      @Override
      public List<TimelineWrite.Refused<C>> flush() {
        for (TimelineWrite<C> write : buffer) {
          if (write instanceof TimelineWrite.Event<C> e) {
            InMemoryTimelineQueries.this.add(e.event());
          } else if (write instanceof TimelineWrite.EventBytes<C> e) {
            InMemoryTimelineQueries.this.add(Json.read(e.json(), LogEvent.class));
          } else {
            InMemoryTimelineQueries.this.put(((TimelineWrite.Summary<C>) write).summary());
          }
        }
        buffer.clear();
        return List.of();
      }

      @Override
      public CheckResult check() {
        return CheckResult.OK;
      }
    };
  }

  /** Stores an event; the same event id again replaces it, as in the index. */
  public void add(LogEvent event) {
    events.put(event.eventId(), event);
  }

  /** Stores a summary unless a higher revision is already there, as the external version does. */
  public void put(TimelineSummary summary) {
    summaries.merge(
        summary.timelineId(), summary, (old, neu) -> neu.revision() >= old.revision() ? neu : old);
  }

  @Override
  public Optional<TimelineSummary> summary(TimelineId id) {
    return Optional.ofNullable(summaries.get(id.toString()));
  }

  @Override
  public Page<LogEvent> events(
      TimelineId id, EventFilter filter, int limit, Optional<SortKey> after) {
    Predicate<LogEvent> belongs =
        id.kind() == TimelineId.Kind.JOB
            ? e -> e.jobIds().contains(id.id())
            : e -> e.correlationIds().contains(id.id());
    Stream<LogEvent> matching =
        events.values().stream()
            .filter(belongs)
            .filter(e -> filter.services().isEmpty() || filter.services().contains(e.service()))
            .filter(e -> atLeast(e.level(), filter.minLevel()))
            .filter(e -> PatternMatcher.matches(filter.pattern(), e));
    return page(
        matching,
        EVENT_ORDER,
        after.map(k -> e -> EVENT_ORDER.compare(e, probe(k)) > 0),
        limit,
        e -> new SortKey(e.timestamp(), e.eventId()));
  }

  /** Each event of the page handed over as its document: the record in the wire dialect. */
  @Override
  public Optional<SortKey> events(
      TimelineId id, EventFilter filter, int limit, Optional<SortKey> after, EventSink sink) {
    return EventDocuments.handOver(events(id, filter, limit, after), Json::write, sink);
  }

  @Override
  public Page<TimelineSummary> summaries(SummaryFilter filter, int limit, Optional<SortKey> after) {
    return page(
        matching(filter),
        SUMMARY_ORDER,
        after.map(
            k ->
                s ->
                    Comparator.<SortKey>comparingLong(SortKey::time)
                            .thenComparing(SortKey::id)
                            .compare(new SortKey(s.lastEventAt(), s.timelineId()), k)
                        < 0),
        limit,
        s -> new SortKey(s.lastEventAt(), s.timelineId()));
  }

  @Override
  public SummaryStats stats(SummaryStats.Query query) {
    List<TimelineSummary> selected = matching(query.filter()).toList();
    Predicate<TimelineSummary> failing = s -> query.failing().contains(s.status());
    Map<Long, List<TimelineSummary>> byBucket =
        new TreeMap<>(
            selected.stream()
                .collect(
                    Collectors.groupingBy(
                        s -> Math.floorDiv(s.lastEventAt(), query.bucketMs()) * query.bucketMs())));
    List<SummaryStats.Bucket> buckets = new ArrayList<>();
    byBucket.forEach(
        (start, in) ->
            buckets.add(
                new SummaryStats.Bucket(
                    start,
                    counts(in, TimelineSummary::status),
                    counts(in, failing, InMemoryTimelineQueries::category))));
    List<SummaryStats.ServiceCount> services =
        counts(selected, failing, s -> s.firstError() == null ? null : s.firstError().service())
            .entrySet()
            .stream()
            .map(e -> new SummaryStats.ServiceCount(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(SummaryStats.ServiceCount::count)
                    .reversed()
                    .thenComparing(SummaryStats.ServiceCount::service))
            .limit(SummaryStats.TOP_SERVICES)
            .toList();
    return new SummaryStats(
        selected.size(),
        counts(selected, TimelineSummary::status),
        counts(selected, failing, InMemoryTimelineQueries::category),
        buckets,
        services);
  }

  @Override
  public Page<LogEvent> search(SearchFilter filter, int limit, Optional<SortKey> after) {
    Stream<LogEvent> matching =
        events.values().stream()
            .filter(e -> filter.logGroup() == null || filter.logGroup().equals(e.logGroup()))
            .filter(e -> filter.service() == null || filter.service().equals(e.service()))
            .filter(e -> atLeast(e.level(), filter.minLevel()))
            .filter(e -> filter.since() == null || e.timestamp() >= filter.since())
            .filter(e -> filter.until() == null || e.timestamp() < filter.until())
            .filter(e -> PatternMatcher.matches(filter.pattern(), e));
    return page(
        matching,
        EVENT_ORDER.reversed(),
        after.map(k -> e -> EVENT_ORDER.compare(e, probe(k)) < 0),
        limit,
        e -> new SortKey(e.timestamp(), e.eventId()));
  }

  @Override
  public CheckResult check() {
    return CheckResult.OK;
  }

  /** The summaries a listing with {@code filter} pages through, unordered. */
  private Stream<TimelineSummary> matching(SummaryFilter filter) {
    return summaries.values().stream()
        .filter(s -> s.kind().equals(filter.kind().prefix()))
        .filter(s -> filter.status() == null || filter.status().equals(s.status()))
        .filter(
            s ->
                filter.stage() == null
                    || (s.diagnosis() != null && filter.stage().equals(s.diagnosis().stage())))
        .filter(s -> filter.category() == null || filter.category().equals(category(s)))
        .filter(s -> filter.service() == null || s.services().containsKey(filter.service()))
        .filter(s -> filter.since() == null || s.lastEventAt() >= filter.since())
        .filter(s -> filter.until() == null || s.firstEventAt() < filter.until());
  }

  private static String category(TimelineSummary s) {
    return s.diagnosis() == null ? null : s.diagnosis().category();
  }

  private static Map<String, Long> counts(
      List<TimelineSummary> summaries, Function<TimelineSummary, String> key) {
    return counts(summaries, s -> true, key);
  }

  /** How many of {@code summaries} that pass {@code which} have each non-null {@code key}. */
  private static Map<String, Long> counts(
      List<TimelineSummary> summaries,
      Predicate<TimelineSummary> which,
      Function<TimelineSummary, String> key) {
    Map<String, Long> counts = new TreeMap<>();
    summaries.stream()
        .filter(which)
        .map(key)
        .filter(Objects::nonNull)
        .forEach(k -> counts.merge(k, 1L, Long::sum));
    return counts;
  }

  private static <T> Page<T> page(
      Stream<T> matching,
      Comparator<T> order,
      Optional<Predicate<T>> afterCursor,
      int limit,
      Function<T, SortKey> key) {
    List<T> sorted =
        new ArrayList<>(
            matching
                .filter(afterCursor.orElse(x -> true))
                .sorted(order)
                .limit(limit + 1L)
                .toList());
    if (sorted.size() <= limit) {
      return new Page<>(sorted, Optional.empty());
    }
    List<T> items = sorted.subList(0, limit);
    return new Page<>(items, Optional.of(key.apply(items.get(limit - 1))));
  }

  private static LogEvent probe(SortKey key) {
    return new LogEvent(
        key.id(),
        key.time(),
        null,
        0,
        "",
        "",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static boolean atLeast(Level level, Level min) {
    return min == null || level.compareTo(min) >= 0;
  }
}

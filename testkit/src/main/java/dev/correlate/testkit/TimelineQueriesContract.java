package dev.correlate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.filter.FilterPatterns;
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineHomes;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import dev.correlate.core.store.EventFilter;
import dev.correlate.core.store.Page;
import dev.correlate.core.store.SearchFilter;
import dev.correlate.core.store.SortKey;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.SummaryStats;
import dev.correlate.core.store.TimelineQueries;
import dev.correlate.core.store.TimelineSink;
import dev.correlate.core.store.TimelineWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every storage implementation must do: what is written through its {@link TimelineWriter} is
 * read back through its {@link TimelineQueries}. Subclasses give the two and say how writes become
 * visible to searches. Each test uses ids of its own so that a shared store does not leak between
 * tests.
 */
public abstract class TimelineQueriesContract {
  /** 2026-11-27T10:00:00Z */
  protected static final long T0 = java.time.Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

  private String run;

  protected abstract TimelineQueries queries();

  /** A writer into the store under test. */
  protected abstract TimelineWriter<String> writer();

  /** Makes everything written so far visible to searches (a refresh); nothing to do by default. */
  protected void awaitVisible() {}

  /** Stores events and summaries through the writer, visible to searches when this returns. */
  protected final void store(List<LogEvent> events, List<TimelineSummary> summaries) {
    TimelineWriter<String> writer = writer();
    assertThat(StoredTimelines.write(writer, events, summaries)).isEmpty();
    assertThat(writer.pending()).isZero();
    awaitVisible();
  }

  @BeforeEach
  void newRun() {
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  protected String id(String name) {
    return name + "-" + run;
  }

  /** An event of a dev ECS service, without any optional part but structured fields. */
  public static LogEvent event(
      String eventId,
      long ts,
      String service,
      Level level,
      String message,
      List<String> correlationIds,
      List<String> jobIds,
      Map<String, String> fields) {
    return new LogEvent(
        eventId,
        ts,
        null,
        ts + 5,
        "/ecs/tradai-" + service + "-dev",
        service + "/main/abc",
        "123456789012",
        "eu-central-1",
        service,
        "dev",
        null,
        level,
        null,
        message,
        fields,
        correlationIds,
        jobIds,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  protected static TimelineSummary summary(
      TimelineId id,
      long revision,
      long first,
      long last,
      String status,
      List<String> services,
      String stage,
      String category) {
    return summary(id, revision, first, last, status, services, stage, category, false, 0);
  }

  /**
   * A summary of three events (one error) from {@code first} to {@code last} with a failed ECS task
   * and a result in its context, {@code closed} or not, in the home {@code home} (0: none).
   */
  public static TimelineSummary summary(
      TimelineId id,
      long revision,
      long first,
      long last,
      String status,
      List<String> services,
      String stage,
      String category,
      boolean closed,
      long home) {
    Map<String, ServiceSpan> spans = new java.util.HashMap<>();
    services.forEach(s -> spans.put(s, new ServiceSpan(first, last, 1)));
    return new TimelineSummary(
        id.toString(),
        id.kind().prefix(),
        id.id(),
        revision,
        first,
        last,
        last - first,
        3,
        1,
        Map.of("INFO", 2L, "ERROR", 1L),
        spans,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        status,
        closed,
        last,
        last,
        List.of(),
        new Diagnosis(stage, List.of(), category, null, null, null, List.of()),
        new TimelineSummary.Context(
            "123456789012",
            "eu-central-1",
            List.of("/ecs/tradai-strategy-dev"),
            List.of(
                new TimelineSummary.EcsTask(
                    "arn:aws:ecs:eu-central-1:123456789012:task/tradai-dev/4f1c",
                    "4f1c",
                    "tradai-dev",
                    new Facts.EcsTaskFacts(
                        "arn:aws:ecs:eu-central-1:123456789012:task/tradai-dev/4f1c",
                        null,
                        "family:tradai-strategy-dev",
                        "STOPPED",
                        "STOPPED",
                        "EssentialContainerExited",
                        "Essential container in task exited",
                        List.of(
                            new Facts.EcsContainer(
                                "strategy",
                                137,
                                "OutOfMemoryError: Container killed due to memory usage",
                                "STOPPED")),
                        "1024",
                        "2048",
                        null,
                        first,
                        first,
                        last,
                        5L),
                    last)),
            List.of(new TimelineSummary.S3Result("s3://b/backtests/x/r.json", 10L, last)),
            null),
        home);
  }

  @Test
  void events_areOrderedByTimestampThenEventId() {
    String c = id("corr");
    store(
        List.of(
            event(id("e3"), T0 + 20, "backend", Level.INFO, "third", List.of(c), List.of(), null),
            event(id("e1b"), T0, "backend", Level.INFO, "first b", List.of(c), List.of(), null),
            event(id("e1a"), T0, "strategy", Level.INFO, "first a", List.of(c), List.of(), null),
            event(
                id("other"),
                T0 + 5,
                "backend",
                Level.INFO,
                "not mine",
                List.of(id("elsewhere")),
                List.of(),
                null)),
        List.of());

    Page<LogEvent> page =
        queries().events(TimelineId.correlation(c), EventFilter.ALL, 10, Optional.empty());

    assertThat(page.items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("e1a"), id("e1b"), id("e3"));
    assertThat(page.next()).isEmpty();
  }

  @Test
  void events_nextCursorContinuesAfterTheLastItem_evenWhileTheTimelineGrows() {
    String c = id("corr");
    List<LogEvent> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(
          event(
              id("e" + i),
              T0 + i * 10L,
              "backend",
              Level.INFO,
              "step " + i,
              List.of(c),
              List.of(),
              null));
    }
    store(first, List.of());
    Page<LogEvent> one =
        queries().events(TimelineId.correlation(c), EventFilter.ALL, 3, Optional.empty());
    assertThat(one.items()).hasSize(3);
    assertThat(one.next()).contains(new SortKey(T0 + 20, id("e2")));

    store(
        List.of(
            event(
                id("late"), T0 + 100, "strategy", Level.INFO, "later", List.of(c), List.of(), null),
            event(
                id("early"),
                T0 - 100,
                "strategy",
                Level.INFO,
                "earlier",
                List.of(c),
                List.of(),
                null)),
        List.of());
    Page<LogEvent> two =
        queries().events(TimelineId.correlation(c), EventFilter.ALL, 3, one.next());

    assertThat(two.items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("e3"), id("e4"), id("late"));
    assertThat(two.next()).isEmpty();
  }

  @Test
  void events_ofAJob_areThoseNamingTheJob() {
    String job = id("bt");
    store(
        List.of(
            event(
                id("j1"),
                T0,
                "backend",
                Level.INFO,
                "submitted",
                List.of(id("c")),
                List.of(job),
                null),
            event(
                id("j2"), T0 + 1, "strategy", Level.INFO, "running", List.of(), List.of(job), null),
            event(
                id("c1"),
                T0 + 2,
                "backend",
                Level.INFO,
                "request only",
                List.of(id("c")),
                List.of(),
                null)),
        List.of());

    assertThat(queries().events(TimelineId.job(job), EventFilter.ALL, 10, Optional.empty()).items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("j1"), id("j2"));
  }

  @Test
  void events_filteredByServiceMinimumLevelAndPattern() {
    String c = id("corr");
    store(
        List.of(
            event(
                id("a"),
                T0,
                "backend",
                Level.INFO,
                "request received",
                List.of(c),
                List.of(),
                null),
            event(
                id("b"),
                T0 + 1,
                "backend",
                Level.ERROR,
                "Connection refused by mlflow",
                List.of(c),
                List.of(),
                null),
            event(
                id("d"),
                T0 + 2,
                "strategy",
                Level.FATAL,
                "MemoryError in strategy",
                List.of(c),
                List.of(),
                null),
            event(
                id("e"),
                T0 + 3,
                "strategy",
                Level.WARN,
                "retrying connection",
                List.of(c),
                List.of(),
                null)),
        List.of());
    TimelineId t = TimelineId.correlation(c);

    assertThat(
            queries()
                .events(
                    t,
                    new EventFilter(Set.of("strategy"), null, FilterPatterns.parse("")),
                    10,
                    Optional.empty())
                .items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("d"), id("e"));
    assertThat(
            queries()
                .events(
                    t,
                    new EventFilter(Set.of(), Level.ERROR, FilterPatterns.parse("")),
                    10,
                    Optional.empty())
                .items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("b"), id("d"));
    assertThat(
            queries()
                .events(
                    t,
                    new EventFilter(Set.of(), null, FilterPatterns.parse("\"Connection refused\"")),
                    10,
                    Optional.empty())
                .items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("b"));
    assertThat(
            queries()
                .events(
                    t,
                    new EventFilter(Set.of(), null, FilterPatterns.parse("?MemoryError ?retrying")),
                    10,
                    Optional.empty())
                .items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("d"), id("e"));
    assertThat(
            queries()
                .events(
                    t,
                    new EventFilter(Set.of("backend"), null, FilterPatterns.parse("-refused")),
                    10,
                    Optional.empty())
                .items())
        .extracting(LogEvent::eventId)
        .containsExactly(id("a"));
  }

  @Test
  void events_handedToASink_areThePageOfRecords_withTheSameCursor() {
    String c = id("corr");
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      events.add(
          event(
              id("e" + i),
              T0 + (i / 2) * 10L,
              i % 2 == 0 ? "backend" : "strategy",
              i == 3 ? Level.ERROR : Level.INFO,
              "step " + i + " connection",
              List.of(c),
              List.of(),
              i % 3 == 0 ? null : Map.of("latency", String.valueOf(i * 100), "route", "/r" + i)));
    }
    store(events, List.of());
    TimelineId t = TimelineId.correlation(c);
    List<EventFilter> filters =
        List.of(
            EventFilter.ALL,
            new EventFilter(Set.of("strategy"), null, FilterPatterns.parse("")),
            new EventFilter(Set.of(), Level.ERROR, FilterPatterns.parse("connection")),
            new EventFilter(
                Set.of(), null, FilterPatterns.parse("{ $.latency > 150 }"))); // re-checked in Java

    for (EventFilter filter : filters) {
      for (int limit : new int[] {1, 2, 3, 7, 10}) {
        Optional<SortKey> after = Optional.empty();
        do {
          Page<LogEvent> records = queries().events(t, filter, limit, after);
          List<LogEvent> handed = new ArrayList<>();
          Optional<SortKey> next =
              queries()
                  .events(
                      t,
                      filter,
                      limit,
                      after,
                      (bytes, from, to) -> {
                        // the range is the document, from its '{' to its '}'
                        assertThat(bytes[from]).isEqualTo((byte) '{');
                        assertThat(bytes[to - 1]).isEqualTo((byte) '}');
                        handed.add(Json.mapper().readValue(bytes, from, to - from, LogEvent.class));
                      });
          assertThat(handed)
              .as("filter %s, limit %d, after %s", filter, limit, after)
              .isEqualTo(records.items());
          assertThat(next)
              .as("filter %s, limit %d, after %s", filter, limit, after)
              .isEqualTo(records.next());
          after = next;
        } while (after.isPresent());
      }
    }
  }

  /**
   * A sink that adds what it is handed to {@code handed}: the summary as it comes, each event as
   * its record.
   */
  public static TimelineSink collectingInto(List<Object> handed) {
    return new TimelineSink() {
      @Override
      public void summary(Optional<TimelineSummary> summary) {
        handed.add(summary);
      }

      @Override
      public void accept(byte[] bytes, int from, int to) throws IOException {
        handed.add(Json.mapper().readValue(bytes, from, to - from, LogEvent.class));
      }
    };
  }

  @Test
  void timeline_handsTheSummaryFirst_thenTheSamePageAsEvents() {
    String job = id("bt");
    TimelineId t = TimelineId.job(job);
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(
          event(
              id("e" + i),
              T0 + i * 10L,
              "backend",
              i == 3 ? Level.ERROR : Level.INFO,
              "step " + i,
              List.of(),
              List.of(job),
              Map.of("latency", String.valueOf(i * 100))));
    }
    store(
        events,
        List.of(summary(t, 2, T0, T0 + 40, "failed", List.of("backend"), "task_started", "oom")));
    store(
        List.of(),
        List.of(summary(t, 1, T0, T0 + 10, "running", List.of("backend"), "queued", null)));

    for (EventFilter filter :
        List.of(
            EventFilter.ALL,
            new EventFilter(Set.of(), null, FilterPatterns.parse("{ $.latency > 150 }")))) {
      Page<LogEvent> records = queries().events(t, filter, 2, Optional.empty());
      List<Object> handed = new ArrayList<>();
      Optional<SortKey> next =
          queries().timeline(t, filter, 2, Optional.empty(), collectingInto(handed));

      List<Object> expected = new ArrayList<>();
      expected.add(queries().summary(t)); // the highest revision, before any event
      expected.addAll(records.items());
      assertThat(handed).as("filter %s", filter).isEqualTo(expected);
      assertThat(next).as("filter %s", filter).isEqualTo(records.next());
    }
  }

  @Test
  void timeline_withoutSummaryOrEvents_handsAnEmptySummary() {
    List<Object> handed = new ArrayList<>();
    Optional<SortKey> next =
        queries()
            .timeline(
                TimelineId.job(id("unknown")),
                EventFilter.ALL,
                10,
                Optional.empty(),
                collectingInto(handed));

    assertThat(handed).containsExactly(Optional.empty());
    assertThat(next).isEmpty();
  }

  @Test
  void summary_isReadById_andKeepsTheHighestRevision() {
    TimelineId job = TimelineId.job(id("bt"));
    store(
        List.of(),
        List.of(summary(job, 2, T0, T0 + 50, "failed", List.of("backend"), "task_started", "oom")));
    store(
        List.of(),
        List.of(summary(job, 1, T0, T0 + 10, "running", List.of("backend"), "queued", null)));

    assertThat(queries().summary(job))
        .hasValueSatisfying(
            s -> {
              assertThat(s.revision()).isEqualTo(2);
              assertThat(s.status()).isEqualTo("failed");
              assertThat(s.diagnosis().category()).isEqualTo("oom");
              assertThat(s.context().ecsTasks().get(0).state().exitCode())
                  .as("the context round-trips")
                  .isEqualTo(137);
              assertThat(s.context().results().get(0).size()).isEqualTo(10L);
            });
    assertThat(queries().summary(TimelineId.job(id("unknown")))).isEmpty();
  }

  /**
   * A timeline purged from state and reopened by a late event has a copy in its first home and a
   * higher revision in a later one: read by id, listed and shown, it is the higher revision, once.
   */
  @Test
  void aTimelineReopenedInALaterHome_isReadListedAndShownOnce_atItsHighestRevision() {
    TimelineId job = TimelineId.job(id("bt"));
    String svc = id("svc");
    long week = TimelineHomes.DEFAULT_PERIOD.toMillis();
    long first = TimelineHomes.homeAt(T0, TimelineHomes.DEFAULT_PERIOD);
    store(
        List.of(),
        List.of(
            summary(
                job, 5, T0, T0 + 50, "failed", List.of(svc), "task_started", "oom", true, first),
            summary(
                job,
                9,
                T0 + 90,
                T0 + 99,
                "running",
                List.of(svc),
                "queued",
                null,
                false,
                first + week)));

    assertThat(queries().summary(job))
        .hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo(9));
    SummaryFilter jobsOfSvc =
        new SummaryFilter(TimelineId.Kind.JOB, null, null, null, svc, null, null);
    assertThat(queries().summaries(jobsOfSvc, 10, Optional.empty()).items())
        .extracting(TimelineSummary::revision)
        .containsExactly(9L);
    assertThat(queries().summaries(jobsOfSvc, 1, Optional.empty()).items())
        .extracting(TimelineSummary::revision)
        .containsExactly(9L);
    assertThat(
            queries()
                .summaries(
                    new SummaryFilter(TimelineId.Kind.JOB, "failed", null, null, svc, null, null),
                    10,
                    Optional.empty())
                .items())
        .as("the older copy's status is no longer the timeline's")
        .isEmpty();
    List<Object> handed = new ArrayList<>();
    queries().timeline(job, EventFilter.ALL, 10, Optional.empty(), collectingInto(handed));
    assertThat(handed).containsExactly(queries().summary(job));
  }

  @Test
  void anEventWrittenAgain_isStoredOnce_withItsLatestContent() {
    String c = id("corr");
    store(
        List.of(
            event(
                id("e1"),
                T0,
                "backend",
                Level.INFO,
                "first delivery",
                List.of(c),
                List.of(),
                null)),
        List.of());
    store(
        List.of(
            event(id("e1"), T0, "backend", Level.INFO, "replayed", List.of(c), List.of(), null)),
        List.of());

    assertThat(
            queries()
                .events(TimelineId.correlation(c), EventFilter.ALL, 10, Optional.empty())
                .items())
        .extracting(LogEvent::message)
        .containsExactly("replayed");
  }

  @Test
  void summaries_areNewestFirst_filtered_andPaged() {
    String svc = id("svc");
    TimelineId a = TimelineId.job(id("a"));
    TimelineId b = TimelineId.job(id("b"));
    TimelineId c = TimelineId.job(id("c"));
    TimelineId r = TimelineId.correlation(id("r"));
    store(
        List.of(),
        List.of(
            summary(a, 1, T0, T0 + 100, "failed", List.of(svc), "task_started", "oom"),
            summary(
                b, 1, T0, T0 + 300, "failed", List.of(svc, "backend"), "running", "strategy_error"),
            summary(c, 1, T0, T0 + 200, "completed", List.of(svc), "completed", null),
            summary(r, 1, T0, T0 + 400, "ok", List.of(svc), null, null)));

    SummaryFilter jobsOfSvc =
        new SummaryFilter(TimelineId.Kind.JOB, null, null, null, svc, null, null);
    Page<TimelineSummary> one = queries().summaries(jobsOfSvc, 2, Optional.empty());
    assertThat(one.items()).extracting(TimelineSummary::id).containsExactly(b.id(), c.id());
    Page<TimelineSummary> two = queries().summaries(jobsOfSvc, 2, one.next());
    assertThat(two.items()).extracting(TimelineSummary::id).containsExactly(a.id());
    assertThat(two.next()).isEmpty();

    assertThat(
            queries()
                .summaries(
                    new SummaryFilter(TimelineId.Kind.JOB, "failed", null, "oom", svc, null, null),
                    10,
                    Optional.empty())
                .items())
        .extracting(TimelineSummary::id)
        .containsExactly(a.id());
    assertThat(
            queries()
                .summaries(
                    new SummaryFilter(TimelineId.Kind.JOB, null, "running", null, svc, null, null),
                    10,
                    Optional.empty())
                .items())
        .extracting(TimelineSummary::id)
        .containsExactly(b.id());
    assertThat(
            queries()
                .summaries(
                    new SummaryFilter(
                        TimelineId.Kind.JOB, null, null, null, svc, T0 + 150, T0 + 1_000),
                    10,
                    Optional.empty())
                .items())
        .extracting(TimelineSummary::id)
        .containsExactly(b.id(), c.id());
    assertThat(
            queries()
                .summaries(
                    new SummaryFilter(
                        TimelineId.Kind.CORRELATION, "ok", null, null, svc, null, null),
                    10,
                    Optional.empty())
                .items())
        .extracting(TimelineSummary::id)
        .containsExactly(r.id());
  }

  @Test
  void stats_countTheSummariesTheListingPagesThrough_byStatusCategoryAndFailingService() {
    String svc = id("svc");
    store(
        List.of(),
        List.of(
            failing(
                summary(
                    TimelineId.job(id("a")),
                    1,
                    T0,
                    T0 + 100,
                    "failed",
                    List.of(svc),
                    "running",
                    "oom"),
                "strategy"),
            failing(
                summary(
                    TimelineId.job(id("b")),
                    1,
                    T0,
                    T0 + 200,
                    "failed",
                    List.of(svc),
                    "running",
                    "oom"),
                "strategy"),
            failing(
                summary(
                    TimelineId.job(id("c")),
                    1,
                    T0,
                    T0 + 300,
                    "failed",
                    List.of(svc),
                    "dispatched",
                    "lambda_timeout"),
                "sqs-consumer"),
            summary(
                TimelineId.job(id("d")),
                1,
                T0,
                T0 + 400,
                "stuck",
                List.of(svc),
                "queued",
                "task_never_started"),
            summary(
                TimelineId.job(id("e")), 1, T0, T0 + 500, "failed", List.of(svc), "running", null),
            summary(
                TimelineId.job(id("f")),
                1,
                T0,
                T0 + 600,
                "completed",
                List.of(svc),
                "completed",
                null),
            failing(
                summary(
                    TimelineId.job(id("g")),
                    1,
                    T0,
                    T0 + 700,
                    "running",
                    List.of(svc),
                    "running",
                    null),
                "strategy"),
            summary(
                TimelineId.job(id("old")),
                1,
                T0 - 9_000,
                T0 - 5_000,
                "failed",
                List.of(svc),
                "running",
                "oom"),
            summary(
                TimelineId.correlation(id("r")),
                1,
                T0,
                T0 + 100,
                "error",
                List.of(svc),
                null,
                "oom")));
    SummaryFilter window =
        new SummaryFilter(TimelineId.Kind.JOB, null, null, null, svc, T0, T0 + 1_000);

    SummaryStats stats =
        queries().stats(new SummaryStats.Query(window, Set.of("failed", "stuck"), 60_000));

    assertThat(stats.total())
        .isEqualTo(7)
        .isEqualTo(queries().summaries(window, 100, Optional.empty()).items().size());
    assertThat(stats.statuses())
        .isEqualTo(Map.of("failed", 4L, "stuck", 1L, "completed", 1L, "running", 1L));
    for (String status : stats.statuses().keySet()) {
      SummaryFilter one =
          new SummaryFilter(TimelineId.Kind.JOB, status, null, null, svc, T0, T0 + 1_000);
      assertThat(queries().summaries(one, 100, Optional.empty()).items())
          .as(status)
          .hasSize(stats.statuses().get(status).intValue());
    }
    assertThat(stats.categories())
        .as("failing ones only; a failed job without a category is not counted")
        .isEqualTo(Map.of("oom", 2L, "lambda_timeout", 1L, "task_never_started", 1L));
    assertThat(stats.failingServices())
        .as("the running job's first error does not count")
        .containsExactly(
            new SummaryStats.ServiceCount("strategy", 2),
            new SummaryStats.ServiceCount("sqs-consumer", 1));
  }

  @Test
  void stats_bucketsByLastEventTime_startingAtWholeMultiplesOfTheWidth() {
    String svc = id("svc");
    long width = 60_000;
    long start = Math.floorDiv(T0, width) * width;
    store(
        List.of(),
        List.of(
            summary(
                TimelineId.job(id("a")),
                1,
                T0,
                start + 1_000,
                "completed",
                List.of(svc),
                "completed",
                null),
            summary(
                TimelineId.job(id("b")),
                1,
                T0,
                start + 59_999,
                "failed",
                List.of(svc),
                "running",
                "oom"),
            summary(
                TimelineId.job(id("c")),
                1,
                T0,
                start + 60_000,
                "stuck",
                List.of(svc),
                "queued",
                "task_never_started"),
            summary(
                TimelineId.job(id("d")),
                1,
                T0,
                start + 250_000,
                "failed",
                List.of(svc),
                "running",
                "oom")));

    SummaryStats stats =
        queries()
            .stats(
                new SummaryStats.Query(
                    new SummaryFilter(TimelineId.Kind.JOB, null, null, null, svc, null, null),
                    Set.of("failed", "stuck"),
                    width));

    assertThat(stats.buckets())
        .as("empty buckets are left out")
        .containsExactly(
            new SummaryStats.Bucket(
                start, Map.of("completed", 1L, "failed", 1L), Map.of("oom", 1L)),
            new SummaryStats.Bucket(
                start + width, Map.of("stuck", 1L), Map.of("task_never_started", 1L)),
            new SummaryStats.Bucket(start + 4 * width, Map.of("failed", 1L), Map.of("oom", 1L)));
  }

  @Test
  void stats_ofNothing_areZero() {
    SummaryStats stats =
        queries()
            .stats(
                new SummaryStats.Query(
                    new SummaryFilter(
                        TimelineId.Kind.JOB, null, null, null, id("nobody"), null, null),
                    Set.of("failed"),
                    1_000));

    assertThat(stats).isEqualTo(SummaryStats.EMPTY);
  }

  @Test
  void search_jsonPattern_comparesStringsAndNumbers() {
    String group = "/ecs/tradai-" + id("svc") + "-dev";
    String svc = id("svc");
    store(
        List.of(
            withGroup(
                event(
                    id("slow"),
                    T0,
                    svc,
                    Level.ERROR,
                    "slow call",
                    List.of(),
                    List.of(),
                    Map.of("latency", "250", "route", "/api/v1/backtests")),
                group),
            withGroup(
                event(
                    id("fast"),
                    T0 + 1,
                    svc,
                    Level.ERROR,
                    "fast call",
                    List.of(),
                    List.of(),
                    Map.of("latency", "95", "route", "/api/v1/health")),
                group),
            withGroup(
                event(
                    id("info"),
                    T0 + 2,
                    svc,
                    Level.INFO,
                    "slow but fine",
                    List.of(),
                    List.of(),
                    Map.of("latency", "900")),
                group)),
        List.of());

    assertThat(search("{ $.level = \"ERROR\" && $.latency > 100 }", group))
        .containsExactly(id("slow"));
    assertThat(search("{ $.latency >= 95 && $.latency < 250 }", group)).containsExactly(id("fast"));
    assertThat(search("{ $.route = \"/api/v1/back*\" || $.level = INFO }", group))
        .containsExactly(id("info"), id("slow"));
    assertThat(search("{ $.level != \"ERROR\" }", group)).containsExactly(id("info"));
    assertThat(search("{ $.route = null }", group)).containsExactly(id("info"));
  }

  @Test
  void search_isNewestFirst_pagedAndBoundedByTime() {
    String svc = id("svc");
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(
          event(
              id("s" + i),
              T0 + i * 1000L,
              svc,
              Level.INFO,
              "tick " + i,
              List.of(),
              List.of(),
              null));
    }
    store(events, List.of());
    SearchFilter filter =
        new SearchFilter(FilterPatterns.parse("tick"), null, svc, null, T0 + 1000, T0 + 4000);

    Page<LogEvent> one = queries().search(filter, 2, Optional.empty());
    assertThat(one.items()).extracting(LogEvent::eventId).containsExactly(id("s3"), id("s2"));
    Page<LogEvent> two = queries().search(filter, 2, one.next());
    assertThat(two.items()).extracting(LogEvent::eventId).containsExactly(id("s1"));
    assertThat(two.next()).isEmpty();
  }

  @Test
  void check_isHealthyWhenTheStoreAnswers() {
    assertThat(queries().check()).isEqualTo(CheckResult.OK);
  }

  /** {@code s} with a first error logged by {@code service}. */
  private static TimelineSummary failing(TimelineSummary s, String service) {
    return new TimelineSummary(
        s.timelineId(),
        s.kind(),
        s.id(),
        s.revision(),
        s.firstEventAt(),
        s.lastEventAt(),
        s.durationMs(),
        s.eventCount(),
        s.errorCount(),
        s.levelCounts(),
        s.services(),
        s.correlationIds(),
        s.jobIds(),
        s.lambdaRequestIds(),
        s.ecsTaskIds(),
        new TimelineSummary.EventRef(
            "err-" + s.id(),
            s.lastEventAt(),
            service,
            "/ecs/" + service,
            service + "/main/0",
            "ERROR",
            "boom",
            null,
            "ECS_TASK"),
        s.status(),
        s.closed(),
        s.lastActivityAt(),
        s.updatedAt(),
        s.warnings(),
        s.diagnosis(),
        s.context(),
        0);
  }

  private List<String> search(String pattern, String group) {
    return queries()
        .search(
            new SearchFilter(FilterPatterns.parse(pattern), group, null, null, null, null),
            10,
            Optional.empty())
        .items()
        .stream()
        .map(LogEvent::eventId)
        .toList();
  }

  private static LogEvent withGroup(LogEvent e, String group) {
    return new LogEvent(
        e.eventId(),
        e.timestamp(),
        e.messageTimestamp(),
        e.receivedAt(),
        group,
        e.logStream(),
        e.account(),
        e.region(),
        e.service(),
        e.environment(),
        e.sourceKind(),
        e.level(),
        e.logger(),
        e.message(),
        e.fields(),
        e.correlationIds(),
        e.jobIds(),
        e.lambdaRequestId(),
        e.ecsTaskId(),
        e.ecsTaskArns(),
        e.xrayTraceId(),
        e.facts(),
        e.link());
  }
}

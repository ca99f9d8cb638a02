package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.EventFilter;
import dev.correlate.core.store.EventSink;
import dev.correlate.core.store.Page;
import dev.correlate.core.store.QueryTimeoutException;
import dev.correlate.core.store.SearchFilter;
import dev.correlate.core.store.SortKey;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.SummaryStats;
import dev.correlate.core.store.TimelineQueries;
import dev.correlate.core.store.TimelineSink;
import dev.correlate.storage.Documents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Stores that fail, for error-path tests. */
final class Stubs {
  private Stubs() {}

  /** OpenSearch is down: every query is unavailable, health unhealthy. */
  static class FailingQueries implements TimelineQueries {
    RuntimeException failure() {
      return new StorageUnavailableException("connection refused", null);
    }

    @Override
    public Optional<TimelineSummary> summary(TimelineId id) {
      throw failure();
    }

    @Override
    public Page<LogEvent> events(
        TimelineId id, EventFilter filter, int limit, Optional<SortKey> after) {
      throw failure();
    }

    @Override
    public Optional<SortKey> events(
        TimelineId id, EventFilter filter, int limit, Optional<SortKey> after, EventSink sink) {
      throw failure();
    }

    @Override
    public Page<TimelineSummary> summaries(
        SummaryFilter filter, int limit, Optional<SortKey> after) {
      throw failure();
    }

    @Override
    public SummaryStats stats(SummaryStats.Query query) {
      throw failure();
    }

    @Override
    public Page<LogEvent> search(SearchFilter filter, int limit, Optional<SortKey> after) {
      throw failure();
    }

    @Override
    public CheckResult check() {
      return CheckResult.unhealthy("OpenSearch unreachable");
    }
  }

  /** Every query takes longer than the store's deadline. */
  static final class SlowQueries extends FailingQueries {
    @Override
    RuntimeException failure() {
      return new QueryTimeoutException("OpenSearch did not finish the search within 10 s", null);
    }

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }
  }

  /**
   * A timeline page whose stored documents are {@code events} copies of one event, then one that is
   * not an event (a store's bug, or a document written by hand).
   */
  static final class PageWithABadDocument extends FailingQueries {
    private final int events;

    PageWithABadDocument(int events) {
      this.events = events;
    }

    @Override
    public Optional<SortKey> timeline(
        TimelineId id, EventFilter filter, int limit, Optional<SortKey> after, TimelineSink sink) {
      try {
        sink.summary(Optional.of(Fixtures.failedJob(id.id(), Fixtures.T0, Fixtures.T0 + 1, 1)));
        byte[] stored =
            Documents.event(
                Fixtures.event(
                    "1",
                    Fixtures.T0,
                    "backend",
                    Level.INFO,
                    "x".repeat(1000),
                    List.of(),
                    List.of(id.id())));
        for (int i = 0; i < events; i++) {
          sink.accept(stored, 0, stored.length);
        }
        byte[] bad = "{\"message\":[]}".getBytes(StandardCharsets.UTF_8);
        sink.accept(bad, 0, bad.length);
        return Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }
  }

  /** A bug: queries throw something unexpected. */
  static final class BrokenQueries extends FailingQueries {
    @Override
    RuntimeException failure() {
      return new IllegalStateException("boom");
    }
  }
}

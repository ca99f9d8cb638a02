package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.storage.read.EventFilter;
import dev.correlate.storage.read.Page;
import dev.correlate.storage.read.SearchFilter;
import dev.correlate.storage.read.SortKey;
import dev.correlate.storage.read.StorageUnavailableException;
import dev.correlate.storage.read.SummaryFilter;
import dev.correlate.storage.read.SummaryStats;
import dev.correlate.storage.read.TimelineQueries;
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
    public Page<LogEvent> events(TimelineId id, EventFilter filter, int limit, Optional<SortKey> after) {
      throw failure();
    }

    @Override
    public Page<TimelineSummary> summaries(SummaryFilter filter, int limit, Optional<SortKey> after) {
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

  /** A bug: queries throw something unexpected. */
  static final class BrokenQueries extends FailingQueries {
    @Override
    RuntimeException failure() {
      return new IllegalStateException("boom");
    }
  }
}

package dev.correlate.testkit;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineQueries;
import java.util.List;

class InMemoryTimelineQueriesTest extends TimelineQueriesContract {
  private final InMemoryTimelineQueries queries = new InMemoryTimelineQueries();

  @Override
  protected TimelineQueries queries() {
    return queries;
  }

  @Override
  protected void store(List<LogEvent> events, List<TimelineSummary> summaries) {
    events.forEach(queries::add);
    summaries.forEach(queries::put);
  }
}

package dev.correlate.testkit;

import dev.correlate.core.store.TimelineQueries;
import dev.correlate.core.store.TimelineWriter;

class InMemoryTimelineQueriesTest extends TimelineQueriesContract {
  private final InMemoryTimelineQueries queries = new InMemoryTimelineQueries();

  @Override
  protected TimelineQueries queries() {
    return queries;
  }

  @Override
  protected TimelineWriter<String> writer() {
    return queries.writer();
  }
}

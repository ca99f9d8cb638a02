package dev.correlate.storage.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineQueries;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.Documents;
import dev.correlate.storage.IndexTemplates;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.testkit.SharedStack;
import dev.correlate.testkit.TimelineQueriesContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opensearch.client.opensearch.OpenSearchClient;

/** The storage contract on a real OpenSearch node, written through the indexer's own templates and writer. */
class OpenSearchTimelineQueriesIT extends TimelineQueriesContract {
  private static OpenSearchSettings settings;
  private static OpenSearchClient client;
  private static OpenSearchTimelineQueries queries;

  @BeforeAll
  static void connect() {
    settings = new OpenSearchSettings(URI.create(SharedStack.openSearch().url()), "qit",
        OpenSearchSettings.defaults().connectTimeout(), OpenSearchSettings.defaults().responseTimeout(), 0,
        OpenSearchSettings.defaults().eventsRefreshInterval(), OpenSearchSettings.defaults().timelinesRefreshInterval());
    client = OpenSearchClients.create(settings);
    new IndexTemplates(client, settings).install();
    queries = new OpenSearchTimelineQueries(client, settings.indices());
  }

  @AfterAll
  static void disconnect() {
    OpenSearchClients.close(client);
  }

  @Override
  protected TimelineQueries queries() {
    return queries;
  }

  @Override
  protected void store(List<LogEvent> events, List<TimelineSummary> summaries) {
    write(client, settings, events, summaries);
  }

  /** Writes with the indexer's bulk writer, then refreshes so that searches see the documents. */
  static void write(OpenSearchClient client, OpenSearchSettings settings, List<LogEvent> events,
                    List<TimelineSummary> summaries) {
    BulkWriter<Void> writer = new BulkWriter<>(client, BulkWriter.Settings.defaults());
    events.forEach(e -> writer.add(new BulkWriter.Doc<>(settings.indices().eventsIndex(e.timestamp()), e.eventId(),
        Documents.event(e), 0, null), 0));
    summaries.forEach(s -> writer.add(new BulkWriter.Doc<>(settings.indices().timelines(), s.timelineId(),
        Documents.timeline(s), s.revision(), null), 0));
    assertThat(writer.flush()).isEmpty();
    try {
      client.indices().refresh(r -> r.index(settings.indexPrefix() + "-*"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.correlate.storage.read;

import dev.correlate.core.store.TimelineQueries;
import dev.correlate.core.store.TimelineWriter;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.storage.OpenSearchTimelineWriter;
import dev.correlate.testkit.SharedStack;
import dev.correlate.testkit.TimelineQueriesContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The storage contract on a real OpenSearch node, written through the indexer's own writer and
 * templates.
 */
class OpenSearchTimelineQueriesIT extends TimelineQueriesContract {
  private static OpenSearchSettings settings;
  private static OpenSearchClient client;
  private static BlockingHttp http;
  private static OpenSearchTimelineQueries queries;

  @BeforeAll
  static void connect() {
    settings =
        new OpenSearchSettings(
            URI.create(SharedStack.openSearch().url()),
            "qit",
            OpenSearchSettings.defaults().connectTimeout(),
            OpenSearchSettings.defaults().responseTimeout(),
            OpenSearchSettings.Shape.SINGLE,
            OpenSearchSettings.defaults().eventsRefreshInterval(),
            OpenSearchSettings.defaults().timelinesRefreshInterval());
    client = OpenSearchClients.create(settings);
    http = BlockingHttp.create(settings);
    queries = new OpenSearchTimelineQueries(client, http, settings.indices());
  }

  @AfterAll
  static void disconnect() {
    http.close();
    OpenSearchClients.close(client);
  }

  @Override
  protected TimelineQueries queries() {
    return queries;
  }

  @Override
  protected TimelineWriter<String> writer() {
    return new OpenSearchTimelineWriter<>(client, http, settings, BulkWriter.Settings.defaults());
  }

  /** Searches see the documents after a refresh. */
  @Override
  protected void awaitVisible() {
    try {
      client.indices().refresh(r -> r.index(settings.indexPrefix() + "-*"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

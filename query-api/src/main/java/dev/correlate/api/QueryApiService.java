package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.storage.BlockingHttp;
import io.javalin.Javalin;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The running query API: the started server, its OpenSearch clients and its health components.
 * Started by {@link QueryApiMain#start}; {@link #close()} stops the server, then releases the
 * clients.
 *
 * <p>{@link #check()} is the API's own readiness: it is serving and OpenSearch answers. Ingest and
 * streams are reported on {@code /api/v1/health} but do not make the API itself unready, since it
 * serves what is indexed without them.
 */
public final class QueryApiService implements Component {
  private final Javalin app;
  private final OpenSearchClient client;
  private final BlockingHttp searches;
  private final ApiHealth openSearchOnly;

  QueryApiService(
      Javalin app, OpenSearchClient client, BlockingHttp searches, ApiHealth openSearchOnly) {
    this.app = app;
    this.client = client;
    this.searches = searches;
    this.openSearchOnly = openSearchOnly;
  }

  /** The port the API listens on (useful when configured with port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public String name() {
    return "query-api";
  }

  @Override
  public CheckResult check() {
    CheckResult store = openSearchOnly.store();
    return store.healthy() ? CheckResult.OK : CheckResult.unhealthy(store.detail());
  }

  @Override
  public void close() {
    app.stop();
    searches.close();
    dev.correlate.storage.OpenSearchClients.close(client);
  }
}

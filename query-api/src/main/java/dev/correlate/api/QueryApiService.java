package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import io.javalin.Javalin;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The running query API: the started server, its OpenSearch client and its health components. Started by
 * {@link QueryApiMain#start}; {@link #close()} stops the server, then releases the clients.
 *
 * <p>{@link #check()} is the API's own readiness: it is serving and OpenSearch answers. Kafka, streams and the
 * indexer are reported on {@code /api/v1/health} but do not make the API itself unready, since it serves what is
 * indexed without them.
 */
public final class QueryApiService implements Component {
  private final Javalin app;
  private final OpenSearchClient client;
  private final HealthReport openSearchOnly;
  private final List<Component> dependencies;

  QueryApiService(Javalin app, OpenSearchClient client, HealthReport openSearchOnly, List<Component> dependencies) {
    this.app = app;
    this.client = client;
    this.openSearchOnly = openSearchOnly;
    this.dependencies = List.copyOf(dependencies);
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
    Views.Dependency store = openSearchOnly.check().dependencies().get(HealthReport.OPENSEARCH);
    return "healthy".equals(store.status()) ? CheckResult.OK : CheckResult.unhealthy(store.detail());
  }

  @Override
  public void close() {
    app.stop();
    dependencies.forEach(Component::close);
    dev.correlate.storage.OpenSearchClients.close(client);
  }
}

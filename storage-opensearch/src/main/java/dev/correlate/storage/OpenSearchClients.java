package dev.correlate.storage;

import dev.correlate.core.health.CheckResult;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch.cluster.HealthResponse;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Creates OpenSearch clients over the Apache HttpClient 5 transport. The client owns a connection
 * pool and an I/O reactor: close it with {@link #close(OpenSearchClient)}.
 */
public final class OpenSearchClients {
  private OpenSearchClients() {}

  /**
   * How long {@link #check} waits for the cluster to answer: a health endpoint must answer even
   * when it does not.
   */
  public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  /**
   * A client for {@code settings.url()}: HTTP/1.1 pinned (bulk bodies are large and HTTP/2 brought
   * parse errors to other users of this transport), timeouts from the settings, basic
   * authentication from the settings' credentials.
   */
  public static OpenSearchClient create(OpenSearchSettings settings) {
    HttpHost host = host(settings.url());
    var transport =
        ApacheHttpClient5TransportBuilder.builder(host)
            .setMapper(new JacksonJsonpMapper())
            .setRequestConfigCallback(
                rc -> rc.setResponseTimeout(Timeout.of(settings.responseTimeout())))
            .setHttpClientConfigCallback(
                hc -> {
                  hc.setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1);
                  hc.setConnectionManager(
                      PoolingAsyncClientConnectionManagerBuilder.create()
                          .setDefaultConnectionConfig(connections(settings))
                          .build());
                  credentials(settings).ifPresent(hc::setDefaultCredentialsProvider);
                  return hc;
                })
            .build();
    return new OpenSearchClient(transport);
  }

  /** The node {@code url} names, its port explicit (credentials are scoped to it). */
  private static HttpHost host(URI url) {
    int port = url.getPort() != -1 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
    return new HttpHost(url.getScheme(), url.getHost(), port);
  }

  /** The connect and socket timeouts of {@code settings}, for every pool of connections to it. */
  static ConnectionConfig connections(OpenSearchSettings settings) {
    return ConnectionConfig.custom()
        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
        .setSocketTimeout(Timeout.of(settings.responseTimeout()))
        .build();
  }

  /** Basic authentication to the node with the settings' credentials, when there are any. */
  static Optional<CredentialsProvider> credentials(OpenSearchSettings settings) {
    return settings
        .credentials()
        .map(
            c -> {
              var credentials = new BasicCredentialsProvider();
              credentials.setCredentials(
                  new AuthScope(host(settings.url())),
                  new UsernamePasswordCredentials(
                      c.username(), c.password().value().toCharArray()));
              return credentials;
            });
  }

  /**
   * Whether the cluster answers within {@link #CHECK_TIMEOUT} and is not red (some primary shards
   * unassigned); never throws. The client's own response timeout is for bulks of megabytes; a
   * frozen node would hold a health check as long.
   */
  public static CheckResult check(OpenSearchClient client) {
    CompletableFuture<HealthResponse> health = null;
    try {
      health =
          new OpenSearchAsyncClient(client._transport(), client._transportOptions())
              .cluster()
              .health();
      HealthStatus status = health.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).status();
      return status == HealthStatus.Red
          ? CheckResult.unhealthy(
              "OpenSearch cluster status is red: some primary shards are unassigned")
          : CheckResult.OK;
    } catch (TimeoutException e) {
      health.cancel(true);
      return CheckResult.unhealthy(
          "OpenSearch did not answer within " + CHECK_TIMEOUT.toMillis() + " ms");
    } catch (ExecutionException e) {
      return CheckResult.unhealthy("cannot reach OpenSearch: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.unhealthy("interrupted");
    } catch (IOException | RuntimeException e) {
      return CheckResult.unhealthy("cannot reach OpenSearch: " + e.getMessage());
    }
  }

  /** Closes the client's transport; never throws. */
  public static void close(OpenSearchClient client) {
    try {
      client._transport().close();
    } catch (Exception ignored) {
      // closing releases sockets and threads; nothing useful to do if that fails
    }
  }
}

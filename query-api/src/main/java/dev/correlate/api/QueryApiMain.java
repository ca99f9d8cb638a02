package dev.correlate.api;

import dev.correlate.core.config.Env;
import dev.correlate.core.health.Component;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.storage.read.OpenSearchTimelineQueries;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the query API: the only class of the module that reads the environment. Variables, defaults
 * and their meaning are in {@link QueryApiSettings} and docs/operations.md.
 */
public final class QueryApiMain {
  private static final Logger LOG = LoggerFactory.getLogger(QueryApiMain.class);

  private QueryApiMain() {}

  public static void main(String[] args) throws InterruptedException {
    QueryApiService service = start(settings(System.getenv()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "query-api-shutdown"));
    stopped.await();
  }

  /**
   * The settings in {@code env}, defaults for what is absent.
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid
   */
  public static QueryApiSettings settings(Map<String, String> env) {
    return Env.of(env).settings(QueryApiMain::settings);
  }

  private static QueryApiSettings settings(Env env) {
    QueryApiSettings d = QueryApiSettings.defaults();
    return new QueryApiSettings(
        env.string("CORRELATE_API_HOST", d.host()),
        env.port("CORRELATE_API_PORT", d.port()),
        env.secrets("CORRELATE_API_TOKENS"),
        env.integer("CORRELATE_API_MAX_EVIDENCE", d.maxEvidence(), 1, 1_000),
        env.parse("CORRELATE_API_HEALTH_URLS", d.healthUrls(), QueryApiMain::healthUrls),
        Duration.ofMillis(
            env.longValue(
                "CORRELATE_API_HEALTH_TIMEOUT_MS", d.healthTimeout().toMillis(), 1, 60_000)),
        OpenSearchSettings.from(env),
        new AccessLog(
            env.oneOf("CORRELATE_ACCESS_LOG", d.accessLog().requests(), AccessLog.Requests.class),
            env.oneOf(
                "CORRELATE_ACCESS_LOG_FORMAT", d.accessLog().format(), AccessLog.Format.class)));
  }

  /** {@code ingest=http://…/health,streams=http://…/health}, in that order. */
  private static Map<String, URI> healthUrls(String text) {
    Map<String, URI> urls = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(
            "not name=url pairs (use ingest=http://host:8081/health,…)");
      }
      urls.put(pair.substring(0, eq).trim(), URI.create(pair.substring(eq + 1).trim()));
    }
    return urls;
  }

  /** Starts the API on its settings and returns it running; close it to stop. */
  public static QueryApiService start(QueryApiSettings settings) {
    if (settings.tokens().isEmpty()) {
      LOG.warn(
          "CORRELATE_API_TOKENS is not set: the query API requires no authentication and therefore listens "
              + "on {} only{}",
          QueryApiSettings.LOOPBACK,
          settings.host().equals(QueryApiSettings.LOOPBACK)
              ? ""
              : " (CORRELATE_API_HOST=" + settings.host() + " is ignored)");
    }
    OpenSearchClient client = OpenSearchClients.create(settings.openSearch());
    BlockingHttp searches = BlockingHttp.create(settings.openSearch());
    OpenSearchTimelineQueries queries =
        new OpenSearchTimelineQueries(client, searches, settings.openSearch().indices());
    HttpClient http = HttpClient.newBuilder().connectTimeout(settings.healthTimeout()).build();
    List<Component> services =
        settings.healthUrls().entrySet().stream()
            .<Component>map(
                e -> new ServiceHealth(e.getKey(), e.getValue(), settings.healthTimeout(), http))
            .toList();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    Javalin app = QueryApi.create(queries, services, metrics, Clock.systemUTC(), settings);
    try {
      app.start();
    } catch (RuntimeException e) {
      searches.close();
      OpenSearchClients.close(client);
      throw e;
    }
    LOG.info(
        "query API listening on http://{}:{} (OpenSearch {}, health of {})",
        settings.bindHost(),
        app.port(),
        settings.openSearch().url(),
        settings.healthUrls().keySet());
    return new QueryApiService(app, client, searches, new ApiHealth(queries, List.of()));
  }
}

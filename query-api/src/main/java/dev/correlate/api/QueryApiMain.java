package dev.correlate.api;

import dev.correlate.core.health.Component;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.storage.read.OpenSearchTimelineQueries;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the query API: the only class of the module that reads the environment. Variables, defaults and their
 * meaning are in {@link QueryApiSettings} and docs/operations.md.
 */
public final class QueryApiMain {
  private static final Logger LOG = LoggerFactory.getLogger(QueryApiMain.class);

  private QueryApiMain() {}

  public static void main(String[] args) throws InterruptedException {
    QueryApiService service = start(settings(System.getenv()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "query-api-shutdown"));
    stopped.await();
  }

  /**
   * The settings in {@code env}, defaults for what is absent.
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid
   */
  public static QueryApiSettings settings(Map<String, String> env) {
    QueryApiSettings d = QueryApiSettings.defaults();
    List<String> tokens = Arrays.stream(env.getOrDefault("CORRELATE_API_TOKENS", "").split(","))
        .map(String::trim).filter(t -> !t.isEmpty()).toList();
    // the groups are named after the topic prefix unless set, as streams names them
    String topicPrefix = env.getOrDefault("CORRELATE_TOPIC_PREFIX", "correlate");
    OpenSearchSettings os = OpenSearchSettings.defaults();
    OpenSearchSettings openSearch = valid("CORRELATE_OPENSEARCH_URL / CORRELATE_INDEX_PREFIX",
        () -> new OpenSearchSettings(URI.create(env.getOrDefault("CORRELATE_OPENSEARCH_URL", os.url().toString())),
            env.getOrDefault("CORRELATE_INDEX_PREFIX", os.indexPrefix()), os.connectTimeout(),
            os.responseTimeout(), os.replicas(), os.eventsRefreshInterval(), os.timelinesRefreshInterval()));
    return valid("CORRELATE_API_*", () -> new QueryApiSettings(
        env.getOrDefault("CORRELATE_API_HOST", d.host()),
        integer(env, "CORRELATE_API_PORT", d.port()),
        tokens,
        integer(env, "CORRELATE_API_MAX_EVIDENCE", d.maxEvidence()),
        env.getOrDefault("CORRELATE_KAFKA_BOOTSTRAP", d.kafkaBootstrap()),
        env.getOrDefault("CORRELATE_STREAMS_APPLICATION_ID", topicPrefix + "-streams"),
        env.getOrDefault("CORRELATE_INDEXER_GROUP", topicPrefix + "-indexer"),
        integer(env, "CORRELATE_API_HEALTH_MAX_LAG", (int) d.lagDegradedAt()),
        Duration.ofMillis(integer(env, "CORRELATE_API_HEALTH_TIMEOUT_MS", (int) d.healthTimeout().toMillis())),
        openSearch,
        AccessLog.of(env.get("CORRELATE_ACCESS_LOG"), env.get("CORRELATE_ACCESS_LOG_FORMAT"))));
  }

  /** Starts the API on its settings and returns it running; close it to stop. */
  public static QueryApiService start(QueryApiSettings settings) {
    if (settings.tokens().isEmpty()) {
      LOG.warn("CORRELATE_API_TOKENS is not set: the query API requires no authentication and therefore listens "
          + "on {} only{}", QueryApiSettings.LOOPBACK, settings.host().equals(QueryApiSettings.LOOPBACK) ? ""
          : " (CORRELATE_API_HOST=" + settings.host() + " is ignored)");
    }
    OpenSearchClient client = OpenSearchClients.create(settings.openSearch());
    OpenSearchTimelineQueries queries = new OpenSearchTimelineQueries(client, settings.openSearch().indices());
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "correlate-query-api-health");
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.healthTimeout().toMillis());
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.healthTimeout().toMillis());
    List<Component> dependencies = KafkaHealth.components(Admin.create(admin), settings);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    Javalin app = QueryApi.create(queries, dependencies, metrics, Clock.systemUTC(), settings);
    try {
      app.start();
    } catch (RuntimeException e) {
      dependencies.forEach(Component::close);
      OpenSearchClients.close(client);
      throw e;
    }
    LOG.info("query API listening on http://{}:{} (OpenSearch {}, Kafka {})", settings.bindHost(), app.port(),
        settings.openSearch().url(), settings.kafkaBootstrap());
    return new QueryApiService(app, client, new HealthReport(queries, List.of()), dependencies);
  }

  private static int integer(Map<String, String> env, String key, int defaultValue) {
    String raw = env.get(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + raw + "'");
    }
  }

  private interface Build<T> {
    T get();
  }

  /** The variable behind each validation message of the settings records, by the message's start. */
  private static final Map<String, String> KEYS = Map.of(
      "port", "CORRELATE_API_PORT",
      "every API token", "CORRELATE_API_TOKENS",
      "maxEvidence", "CORRELATE_API_MAX_EVIDENCE",
      "lagDegradedAt", "CORRELATE_API_HEALTH_MAX_LAG",
      "healthTimeout", "CORRELATE_API_HEALTH_TIMEOUT_MS",
      "OpenSearch url", "CORRELATE_OPENSEARCH_URL",
      "access log format", "CORRELATE_ACCESS_LOG_FORMAT",
      "requests to log", "CORRELATE_ACCESS_LOG",
      "index prefix", "CORRELATE_INDEX_PREFIX");

  private static <T> T valid(String keys, Build<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("CORRELATE_")) {
        throw e;
      }
      String key = KEYS.entrySet().stream().filter(k -> message.startsWith(k.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(keys);
      throw new IllegalArgumentException(key + ": " + message, e);
    }
  }
}

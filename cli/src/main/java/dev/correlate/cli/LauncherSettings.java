package dev.correlate.cli;

import dev.correlate.core.config.Env;
import dev.correlate.localstack.LocalOpenSearch;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the local stack of {@code correlate up} lives and listens. Built from the environment by
 * {@link #from(Map)}; every variable and default is in docs/operations.md ("Launcher and local
 * stack").
 *
 * @param stateDir pid files, logs and the data of Kafka and OpenSearch ({@code
 *     CORRELATE_STATE_DIR}, default {@code .correlate})
 * @param kafkaHost address of the local broker, from {@code CORRELATE_KAFKA_BOOTSTRAP} (default
 *     {@code 127.0.0.1:19092}, a single {@code host:port})
 * @param kafkaPort client port of the local broker, from the same variable
 * @param kafkaControllerPort KRaft controller port ({@code CORRELATE_KAFKA_CONTROLLER_PORT},
 *     default 19093)
 * @param openSearchHost address of the local node, from {@code CORRELATE_OPENSEARCH_URL} (default
 *     {@code http://127.0.0.1:9200})
 * @param openSearchPort HTTP port of the local node, from the same variable
 * @param openSearchTransportPort transport port of the local node ({@code
 *     CORRELATE_OPENSEARCH_TRANSPORT_PORT}, default 9300)
 * @param openSearchHome the unpacked OpenSearch distribution ({@code CORRELATE_OPENSEARCH_HOME},
 *     default: where the build unpacked it, {@code testkit/target/opensearch-2.19.4})
 * @param ingestHost address of ingest ({@code CORRELATE_INGEST_HOST}, default {@code 127.0.0.1})
 * @param ingestPort port of ingest ({@code CORRELATE_INGEST_PORT}, default 8081)
 * @param streamsHost address of the streams service's health and metrics ({@code
 *     CORRELATE_STREAMS_HOST}, default {@code 127.0.0.1})
 * @param streamsPort its port ({@code CORRELATE_STREAMS_PORT}, default 8082)
 * @param apiHost address of the query API ({@code CORRELATE_API_HOST}, default {@code 127.0.0.1})
 * @param apiPort port of the query API ({@code CORRELATE_API_PORT}, default 8080)
 * @param startTimeoutSeconds how long {@code up --background} waits for the stack to be healthy
 *     ({@code CORRELATE_START_TIMEOUT_SECONDS}, default 300)
 */
public record LauncherSettings(
    Path stateDir,
    String kafkaHost,
    int kafkaPort,
    int kafkaControllerPort,
    String openSearchHost,
    int openSearchPort,
    int openSearchTransportPort,
    Path openSearchHome,
    String ingestHost,
    int ingestPort,
    String streamsHost,
    int streamsPort,
    String apiHost,
    int apiPort,
    int startTimeoutSeconds) {
  public LauncherSettings {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(openSearchHome, "openSearchHome");
    if (kafkaPort < 1 || openSearchPort < 1) {
      throw new IllegalArgumentException(
          "the local Kafka and OpenSearch need a fixed port (1-65535)");
    }
  }

  /**
   * Reads the settings from {@code env}.
   *
   * @throws IllegalArgumentException naming the variable whose value is not valid
   */
  public static LauncherSettings from(Map<String, String> env) {
    return Env.of(env).settings(LauncherSettings::from);
  }

  private static LauncherSettings from(Env env) {
    InetSocketAddress kafka =
        env.parse(
            "CORRELATE_KAFKA_BOOTSTRAP",
            new InetSocketAddress("127.0.0.1", 19092),
            LauncherSettings::hostAndPort);
    URI openSearch =
        env.parse(
            "CORRELATE_OPENSEARCH_URL",
            URI.create("http://127.0.0.1:9200"),
            text -> {
              URI uri = URI.create(text);
              if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                    "must be an http://host:port URL for the local node");
              }
              return uri;
            });
    Path home = env.path("CORRELATE_OPENSEARCH_HOME", null);
    return new LauncherSettings(
        env.path("CORRELATE_STATE_DIR", Path.of(".correlate")),
        kafka.getHostString(),
        kafka.getPort(),
        env.port("CORRELATE_KAFKA_CONTROLLER_PORT", 19093),
        openSearch.getHost(),
        openSearch.getPort() < 0 ? 9200 : openSearch.getPort(),
        env.port("CORRELATE_OPENSEARCH_TRANSPORT_PORT", 9300),
        home == null ? LocalOpenSearch.defaultHome() : home,
        env.string("CORRELATE_INGEST_HOST", "127.0.0.1"),
        env.port("CORRELATE_INGEST_PORT", 8081),
        env.string("CORRELATE_STREAMS_HOST", "127.0.0.1"),
        env.port("CORRELATE_STREAMS_PORT", 8082),
        env.string("CORRELATE_API_HOST", "127.0.0.1"),
        env.port("CORRELATE_API_PORT", 8080),
        env.integer("CORRELATE_START_TIMEOUT_SECONDS", 300, 1, 86_400));
  }

  /** One {@code host:port}: the local broker listens on exactly one address. */
  private static InetSocketAddress hostAndPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || text.contains(",")) {
      throw new IllegalArgumentException("must be one host:port for the local broker");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be one host:port for the local broker");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("the port must be 1-65535");
    }
    return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
  }

  public String kafkaBootstrap() {
    return kafkaHost + ":" + kafkaPort;
  }

  public String openSearchUrl() {
    return "http://" + openSearchHost + ":" + openSearchPort;
  }

  public String ingestUrl() {
    return "http://" + ingestHost + ":" + ingestPort;
  }

  public String streamsUrl() {
    return "http://" + streamsHost + ":" + streamsPort;
  }

  public String apiUrl() {
    return "http://" + apiHost + ":" + apiPort;
  }

  /**
   * The environment the deployables read their own settings from: {@code env} with the local
   * stack's Kafka and OpenSearch addresses filled in, the health endpoints of ingest and streams
   * for the query API, and no standby replicas unless asked for: the launcher runs one streams
   * instance, which has nowhere to put one (Kafka Streams would warn at every rebalance).
   */
  public Map<String, String> serviceEnvironment(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    merged.putIfAbsent("CORRELATE_STANDBY_REPLICAS", "0");
    merged.put("CORRELATE_KAFKA_BOOTSTRAP", kafkaBootstrap());
    merged.put("CORRELATE_OPENSEARCH_URL", openSearchUrl());
    merged.put(
        "CORRELATE_API_HEALTH_URLS",
        "ingest=" + ingestUrl() + "/health,streams=" + streamsUrl() + "/health");
    return Map.copyOf(merged);
  }
}

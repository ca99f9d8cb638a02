package dev.correlate.cli;

import dev.correlate.localstack.LocalOpenSearch;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the local stack of {@code correlate up} lives and listens. Built from the environment by
 * {@link #from(Map)}; every variable and default is in docs/operations.md ("Launcher and local stack").
 *
 * @param stateDir pid files, logs and the data of Kafka and OpenSearch ({@code CORRELATE_STATE_DIR}, default
 *     {@code .correlate})
 * @param kafkaHost address of the local broker, from {@code CORRELATE_KAFKA_BOOTSTRAP} (default
 *     {@code 127.0.0.1:19092}, a single {@code host:port})
 * @param kafkaPort client port of the local broker, from the same variable
 * @param kafkaControllerPort KRaft controller port ({@code CORRELATE_KAFKA_CONTROLLER_PORT}, default 19093)
 * @param openSearchHost address of the local node, from {@code CORRELATE_OPENSEARCH_URL} (default
 *     {@code http://127.0.0.1:9200})
 * @param openSearchPort HTTP port of the local node, from the same variable
 * @param openSearchTransportPort transport port of the local node ({@code CORRELATE_OPENSEARCH_TRANSPORT_PORT},
 *     default 9300)
 * @param openSearchHome the unpacked OpenSearch distribution ({@code CORRELATE_OPENSEARCH_HOME}, default: where
 *     the build unpacked it, {@code testkit/target/opensearch-2.19.4})
 * @param ingestHost address of ingest ({@code CORRELATE_INGEST_HOST}, default {@code 127.0.0.1})
 * @param ingestPort port of ingest ({@code CORRELATE_INGEST_PORT}, default 8081)
 * @param apiHost address of the query API ({@code CORRELATE_API_HOST}, default {@code 127.0.0.1})
 * @param apiPort port of the query API ({@code CORRELATE_API_PORT}, default 8080)
 * @param startTimeoutSeconds how long {@code up --background} waits for the stack to be healthy
 *     ({@code CORRELATE_START_TIMEOUT_SECONDS}, default 300)
 */
public record LauncherSettings(Path stateDir, String kafkaHost, int kafkaPort, int kafkaControllerPort,
                               String openSearchHost, int openSearchPort, int openSearchTransportPort,
                               Path openSearchHome, String ingestHost, int ingestPort, String apiHost,
                               int apiPort, int startTimeoutSeconds) {
  public LauncherSettings {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(openSearchHome, "openSearchHome");
  }

  /**
   * Reads the settings from {@code env}.
   *
   * @throws IllegalArgumentException naming the variable whose value is not valid
   */
  public static LauncherSettings from(Map<String, String> env) {
    String bootstrap = env.getOrDefault("CORRELATE_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    int colon = bootstrap.lastIndexOf(':');
    if (colon <= 0 || bootstrap.contains(",")) {
      throw new IllegalArgumentException(
          "CORRELATE_KAFKA_BOOTSTRAP must be one host:port for the local broker, got " + bootstrap);
    }
    URI openSearch = uri(env, "CORRELATE_OPENSEARCH_URL", "http://127.0.0.1:9200");
    String home = env.get("CORRELATE_OPENSEARCH_HOME");
    return new LauncherSettings(
        Path.of(env.getOrDefault("CORRELATE_STATE_DIR", ".correlate")),
        bootstrap.substring(0, colon), port("CORRELATE_KAFKA_BOOTSTRAP", bootstrap.substring(colon + 1)),
        port(env, "CORRELATE_KAFKA_CONTROLLER_PORT", 19093),
        openSearch.getHost(), openSearch.getPort() < 0 ? 9200 : openSearch.getPort(),
        port(env, "CORRELATE_OPENSEARCH_TRANSPORT_PORT", 9300),
        home == null || home.isBlank() ? LocalOpenSearch.defaultHome() : Path.of(home),
        env.getOrDefault("CORRELATE_INGEST_HOST", "127.0.0.1"), port(env, "CORRELATE_INGEST_PORT", 8081),
        env.getOrDefault("CORRELATE_API_HOST", "127.0.0.1"), port(env, "CORRELATE_API_PORT", 8080),
        positive(env, "CORRELATE_START_TIMEOUT_SECONDS", 300));
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

  public String apiUrl() {
    return "http://" + apiHost + ":" + apiPort;
  }

  /**
   * The environment the deployables read their own settings from: {@code env} with the local stack's Kafka and
   * OpenSearch addresses filled in.
   */
  public Map<String, String> serviceEnvironment(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    merged.put("CORRELATE_KAFKA_BOOTSTRAP", kafkaBootstrap());
    merged.put("CORRELATE_OPENSEARCH_URL", openSearchUrl());
    return Map.copyOf(merged);
  }

  private static URI uri(Map<String, String> env, String key, String fallback) {
    String value = env.getOrDefault(key, fallback);
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be an http://host:port URL, got " + value, e);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(key + " must be an http://host:port URL, got " + value);
    }
    return uri;
  }

  private static int port(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : port(key, value);
  }

  private static int port(String key, String value) {
    int port;
    try {
      port = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a port 1-65535, got " + value, e);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(key + " must be a port 1-65535, got " + value);
    }
    return port;
  }

  private static int positive(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a positive number, got " + value, e);
    }
    if (parsed < 1) {
      throw new IllegalArgumentException(key + " must be a positive number, got " + value);
    }
    return parsed;
  }
}

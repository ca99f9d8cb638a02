package dev.correlate.api;

import dev.correlate.storage.OpenSearchSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the query API. Read from the environment only by {@link QueryApiMain#settings}; every default
 * is documented in docs/operations.md.
 *
 * @param host address to bind ({@code CORRELATE_API_HOST}, default {@code 127.0.0.1}); forced to
 *     {@code 127.0.0.1} when no token is configured
 * @param port port to bind ({@code CORRELATE_API_PORT}, default 8080; 0 picks a free port)
 * @param tokens bearer tokens accepted ({@code CORRELATE_API_TOKENS}, comma-separated; several for rotation);
 *     none means no authentication and local binding only
 * @param maxEvidence evidence events per failure context at most ({@code CORRELATE_API_MAX_EVIDENCE}, default 20)
 * @param kafkaBootstrap Kafka bootstrap servers for health ({@code CORRELATE_KAFKA_BOOTSTRAP},
 *     default {@code 127.0.0.1:19092})
 * @param streamsGroup consumer group of the streams application ({@code CORRELATE_STREAMS_APPLICATION_ID},
 *     default {@code <CORRELATE_TOPIC_PREFIX>-streams}, {@code correlate-streams})
 * @param indexerGroup consumer group of the indexer ({@code CORRELATE_INDEXER_GROUP}, default
 *     {@code <CORRELATE_TOPIC_PREFIX>-indexer}, {@code correlate-indexer})
 * @param lagDegradedAt total lag (records) of either group from which health says degraded
 *     ({@code CORRELATE_API_HEALTH_MAX_LAG}, default 10000)
 * @param healthTimeout how long one dependency check may take ({@code CORRELATE_API_HEALTH_TIMEOUT_MS},
 *     default 2000)
 * @param openSearch where the indices are ({@code CORRELATE_OPENSEARCH_URL}, default
 *     {@code http://127.0.0.1:9200}; {@code CORRELATE_INDEX_PREFIX}, default {@code correlate})
 * @param accessLog which requests are logged and how ({@code CORRELATE_ACCESS_LOG}, default {@code errors};
 *     {@code CORRELATE_ACCESS_LOG_FORMAT}, default {@code json})
 */
public record QueryApiSettings(String host, int port, List<String> tokens, int maxEvidence, String kafkaBootstrap,
                               String streamsGroup, String indexerGroup, long lagDegradedAt,
                               Duration healthTimeout, OpenSearchSettings openSearch, AccessLog accessLog) {
  public static final String LOOPBACK = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public QueryApiSettings {
    Objects.requireNonNull(host, "host");
    tokens = List.copyOf(tokens);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (tokens.stream().anyMatch(t -> t.length() < 16)) {
      throw new IllegalArgumentException("every API token must be at least 16 characters");
    }
    if (maxEvidence < 1 || maxEvidence > 1_000) {
      throw new IllegalArgumentException("maxEvidence must be 1-1000, got " + maxEvidence);
    }
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(streamsGroup, "streamsGroup");
    Objects.requireNonNull(indexerGroup, "indexerGroup");
    if (lagDegradedAt < 0) {
      throw new IllegalArgumentException("lagDegradedAt must be >= 0, got " + lagDegradedAt);
    }
    if (healthTimeout == null || healthTimeout.isNegative() || healthTimeout.isZero()) {
      throw new IllegalArgumentException("healthTimeout must be positive, got " + healthTimeout);
    }
    Objects.requireNonNull(openSearch, "openSearch");
    Objects.requireNonNull(accessLog, "accessLog");
  }

  /** Defaults: 127.0.0.1:8080, no tokens, local Kafka and OpenSearch, failed requests in the access log. */
  public static QueryApiSettings defaults() {
    return new QueryApiSettings(LOOPBACK, DEFAULT_PORT, List.of(), 20, "127.0.0.1:19092", "correlate-streams",
        "correlate-indexer", 10_000, Duration.ofSeconds(2), OpenSearchSettings.defaults(), AccessLog.defaults());
  }

  /** These settings on another address. */
  public QueryApiSettings withAddress(String host, int port) {
    return new QueryApiSettings(host, port, tokens, maxEvidence, kafkaBootstrap, streamsGroup, indexerGroup,
        lagDegradedAt, healthTimeout, openSearch, accessLog);
  }

  /** These settings with other tokens. */
  public QueryApiSettings withTokens(List<String> tokens) {
    return new QueryApiSettings(host, port, tokens, maxEvidence, kafkaBootstrap, streamsGroup, indexerGroup,
        lagDegradedAt, healthTimeout, openSearch, accessLog);
  }

  /** These settings with another access log. */
  public QueryApiSettings withAccessLog(AccessLog accessLog) {
    return new QueryApiSettings(host, port, tokens, maxEvidence, kafkaBootstrap, streamsGroup, indexerGroup,
        lagDegradedAt, healthTimeout, openSearch, accessLog);
  }

  /** The address actually bound: the configured host, or loopback when there is no token to protect it. */
  public String bindHost() {
    return tokens.isEmpty() ? LOOPBACK : host;
  }
}

package dev.correlate.api;

import dev.correlate.core.config.Secret;
import dev.correlate.storage.OpenSearchSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the query API. Read from the environment only by {@link QueryApiMain#settings};
 * every default is documented in docs/operations.md.
 *
 * @param host address to bind ({@code CORRELATE_API_HOST}, default {@code 127.0.0.1}); forced to
 *     {@code 127.0.0.1} when no token is configured
 * @param port port to bind ({@code CORRELATE_API_PORT}, default 8080; 0 picks a free port)
 * @param tokens bearer tokens accepted ({@code CORRELATE_API_TOKENS}, comma-separated; several for
 *     rotation); none means no authentication and local binding only
 * @param maxEvidence evidence events per failure context at most ({@code
 *     CORRELATE_API_MAX_EVIDENCE}, default 20)
 * @param healthUrls the health endpoints of the other services, reported by name on the API's
 *     health ({@code CORRELATE_API_HEALTH_URLS}, {@code name=url} pairs, comma-separated; default
 *     ingest and streams on their local default ports)
 * @param healthTimeout how long one service may take to answer its health ({@code
 *     CORRELATE_API_HEALTH_TIMEOUT_MS}, default 2000)
 * @param openSearch where the indices are ({@code CORRELATE_OPENSEARCH_URL}, default {@code
 *     http://127.0.0.1:9200}; {@code CORRELATE_INDEX_PREFIX}, default {@code correlate})
 * @param accessLog which requests are logged and how ({@code CORRELATE_ACCESS_LOG}, default {@code
 *     errors}; {@code CORRELATE_ACCESS_LOG_FORMAT}, default {@code json})
 */
public record QueryApiSettings(
    String host,
    int port,
    List<Secret> tokens,
    int maxEvidence,
    Map<String, URI> healthUrls,
    Duration healthTimeout,
    OpenSearchSettings openSearch,
    AccessLog accessLog) {
  public static final String LOOPBACK = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  /** Ingest and streams at their default local addresses. */
  public static final Map<String, URI> LOCAL_SERVICES = localServices();

  public QueryApiSettings {
    Objects.requireNonNull(host, "host");
    tokens = List.copyOf(tokens);
    healthUrls = Collections.unmodifiableMap(new LinkedHashMap<>(healthUrls));
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (tokens.stream().anyMatch(t -> t.value().length() < 16)) {
      throw new IllegalArgumentException("every API token must be at least 16 characters");
    }
    if (maxEvidence < 1 || maxEvidence > 1_000) {
      throw new IllegalArgumentException("maxEvidence must be 1-1000, got " + maxEvidence);
    }
    healthUrls.forEach(
        (name, url) -> {
          if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException(
                "the health URL of " + name + " must be http(s), got " + url);
          }
        });
    if (healthTimeout == null || healthTimeout.isNegative() || healthTimeout.isZero()) {
      throw new IllegalArgumentException("healthTimeout must be positive, got " + healthTimeout);
    }
    Objects.requireNonNull(openSearch, "openSearch");
    Objects.requireNonNull(accessLog, "accessLog");
  }

  /**
   * Defaults: 127.0.0.1:8080, no tokens, local services and OpenSearch, failed requests in the
   * access log.
   */
  public static QueryApiSettings defaults() {
    return new QueryApiSettings(
        LOOPBACK,
        DEFAULT_PORT,
        List.of(),
        20,
        LOCAL_SERVICES,
        Duration.ofSeconds(2),
        OpenSearchSettings.defaults(),
        AccessLog.defaults());
  }

  /** These settings on another address. */
  public QueryApiSettings withAddress(String host, int port) {
    return new QueryApiSettings(
        host, port, tokens, maxEvidence, healthUrls, healthTimeout, openSearch, accessLog);
  }

  /** These settings with other tokens. */
  public QueryApiSettings withTokens(List<Secret> tokens) {
    return new QueryApiSettings(
        host, port, tokens, maxEvidence, healthUrls, healthTimeout, openSearch, accessLog);
  }

  /** These settings with another access log. */
  public QueryApiSettings withAccessLog(AccessLog accessLog) {
    return new QueryApiSettings(
        host, port, tokens, maxEvidence, healthUrls, healthTimeout, openSearch, accessLog);
  }

  /**
   * The address actually bound: the configured host, or loopback when there is no token to protect
   * it.
   */
  public String bindHost() {
    return tokens.isEmpty() ? LOOPBACK : host;
  }

  private static Map<String, URI> localServices() {
    Map<String, URI> urls = new LinkedHashMap<>();
    urls.put("ingest", URI.create("http://127.0.0.1:8081/health"));
    urls.put("streams", URI.create("http://127.0.0.1:8082/health"));
    return Collections.unmodifiableMap(urls);
  }
}

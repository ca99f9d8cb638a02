package dev.correlate.storage;

import dev.correlate.core.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach OpenSearch and how Correlate's indices are laid out there.
 *
 * @param url base URL of the node or cluster, for example {@code http://127.0.0.1:9200}
 *     ({@code CORRELATE_OPENSEARCH_URL}); user info in the URL ({@code http://user:pass@host:9200}) is sent as basic
 *     authentication
 * @param indexPrefix prefix of every index, template and alias name ({@code correlate} gives
 *     {@code correlate-events-YYYY.MM.DD}, alias {@code correlate-events}, {@code correlate-timelines})
 * @param connectTimeout TCP connect timeout
 * @param responseTimeout time to wait for a response (a bulk of a few MB included)
 * @param replicas replicas per index; 0 on a single node
 * @param eventsRefreshInterval refresh interval of the event indices; set explicitly so idle shards keep
 *     refreshing (the default would stop refreshing after 30 s without searches)
 * @param timelinesRefreshInterval refresh interval of the timelines index
 */
public record OpenSearchSettings(URI url, String indexPrefix, Duration connectTimeout, Duration responseTimeout,
                                 int replicas, Duration eventsRefreshInterval, Duration timelinesRefreshInterval) {
  public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:9200");
  public static final String DEFAULT_INDEX_PREFIX = "correlate";

  public OpenSearchSettings {
    Objects.requireNonNull(url, "url");
    if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException("OpenSearch url must be http(s)://host[:port]: " + url);
    }
    if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException("index prefix must be lower-case [a-z0-9_.-], got: " + indexPrefix);
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(responseTimeout, "responseTimeout");
    requirePositive(eventsRefreshInterval, "eventsRefreshInterval");
    requirePositive(timelinesRefreshInterval, "timelinesRefreshInterval");
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
    }
  }

  /** Defaults for a local single node: {@link #DEFAULT_URL}, prefix {@code correlate}, 0 replicas, refresh 1 s. */
  public static OpenSearchSettings defaults() {
    return of(DEFAULT_URL);
  }

  /** Defaults at {@code url}. */
  public static OpenSearchSettings of(URI url) {
    return new OpenSearchSettings(url, DEFAULT_INDEX_PREFIX, Duration.ofSeconds(5), Duration.ofSeconds(30), 0,
        Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  /**
   * The settings in {@code env}, defaults for what is absent: {@code CORRELATE_OPENSEARCH_URL},
   * {@code CORRELATE_INDEX_PREFIX}, {@code CORRELATE_OPENSEARCH_REPLICAS}, {@code CORRELATE_EVENTS_REFRESH_INTERVAL}.
   * Every service that reaches OpenSearch reads the same variables through this.
   */
  public static OpenSearchSettings from(Env env) {
    OpenSearchSettings d = defaults();
    return new OpenSearchSettings(env.uri("CORRELATE_OPENSEARCH_URL", d.url()),
        env.string("CORRELATE_INDEX_PREFIX", d.indexPrefix()), d.connectTimeout(), d.responseTimeout(),
        env.integer("CORRELATE_OPENSEARCH_REPLICAS", d.replicas(), 0, 100),
        env.duration("CORRELATE_EVENTS_REFRESH_INTERVAL", d.eventsRefreshInterval()), d.timelinesRefreshInterval());
  }

  /** The index names these settings give. */
  public Indices indices() {
    return Indices.withPrefix(indexPrefix);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}

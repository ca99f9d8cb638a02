package dev.correlate.storage;

import dev.correlate.core.config.Durations;
import dev.correlate.core.config.Env;
import dev.correlate.core.config.Secret;
import dev.correlate.core.model.TimelineHomes;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach OpenSearch and how Correlate's indices are laid out there.
 *
 * @param url base URL of the node or cluster, for example {@code https://search.internal:9200}
 *     ({@code CORRELATE_OPENSEARCH_URL}); it is logged, so it may not carry user info: credentials
 *     have their own variables
 * @param indexPrefix prefix of every index, template and alias name ({@code correlate} gives {@code
 *     correlate-events-YYYY.MM.DD}, alias {@code correlate-events}, {@code correlate-timelines})
 * @param connectTimeout TCP connect timeout
 * @param responseTimeout time to wait for a response (a bulk of a few MB included)
 * @param events primary shards and replicas of each daily events index ({@code
 *     CORRELATE_EVENTS_SHARDS}, {@code CORRELATE_EVENTS_REPLICAS}); a change applies from the next
 *     day's index
 * @param timelines primary shards and replicas of the timelines index ({@code
 *     CORRELATE_TIMELINES_SHARDS}, {@code CORRELATE_TIMELINES_REPLICAS}); taken when the index is
 *     created, so its shard count is fixed for the life of the index (docs/operations.md)
 * @param eventsRefreshInterval refresh interval of the event indices; set explicitly so idle shards
 *     keep refreshing (the default would stop refreshing after 30 s without searches)
 * @param timelinesRefreshInterval refresh interval of the timelines indices
 * @param timelinesPeriod the period of a timelines index ({@code CORRELATE_TIMELINES_PERIOD}, whole
 *     hours, at least 1 h, default a week): each timeline lives in the index of the period it was
 *     created in, its home ({@link Indices#timelinesHome(long)}); the current and the next home are
 *     made ahead
 * @param credentials basic authentication, when the cluster asks for it ({@code
 *     CORRELATE_OPENSEARCH_USERNAME} and {@code CORRELATE_OPENSEARCH_PASSWORD}, both or neither;
 *     the password is a {@link Secret}, never shown)
 */
public record OpenSearchSettings(
    URI url,
    String indexPrefix,
    Duration connectTimeout,
    Duration responseTimeout,
    Shape events,
    Shape timelines,
    Duration eventsRefreshInterval,
    Duration timelinesRefreshInterval,
    Duration timelinesPeriod,
    Optional<Credentials> credentials) {
  public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:9200");
  public static final String DEFAULT_INDEX_PREFIX = "correlate";

  /**
   * A user and password for basic authentication.
   *
   * @param username the user, shown in logs
   * @param password the password, never shown
   */
  public record Credentials(String username, Secret password) {
    public Credentials {
      if (username == null || username.isEmpty()) {
        throw new IllegalArgumentException("an OpenSearch user name is required with a password");
      }
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * How an index is spread over the cluster.
   *
   * @param shards primary shards, at least 1
   * @param replicas copies of each primary, at least 0 (0 on a single node: a replica has nowhere
   *     to go)
   */
  public record Shape(int shards, int replicas) {
    /** One primary, no replica: a single node. */
    public static final Shape SINGLE = new Shape(1, 0);

    public Shape {
      if (shards < 1 || shards > 1024 || replicas < 0 || replicas > 100) {
        throw new IllegalArgumentException(
            "shards must be 1-1024 and replicas 0-100, got " + shards + " and " + replicas);
      }
    }
  }

  public OpenSearchSettings {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(timelines, "timelines");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(credentials, "credentials");
    if (url.getScheme() == null
        || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException("OpenSearch url must be http(s)://host[:port]: " + url);
    }
    if (url.getRawUserInfo() != null) {
      // the URL is logged and shown: credentials go in their own variables, the password as a
      // secret
      throw new IllegalArgumentException(
          "OpenSearch url must not carry user info: set CORRELATE_OPENSEARCH_USERNAME "
              + "and CORRELATE_OPENSEARCH_PASSWORD");
    }
    if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "index prefix must be lower-case [a-z0-9_.-], got: " + indexPrefix);
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(responseTimeout, "responseTimeout");
    requirePositive(eventsRefreshInterval, "eventsRefreshInterval");
    requirePositive(timelinesRefreshInterval, "timelinesRefreshInterval");
    TimelineHomes.requirePeriod(timelinesPeriod);
  }

  /** Settings without credentials, every index of one {@code shape}, timelines by the week. */
  public OpenSearchSettings(
      URI url,
      String indexPrefix,
      Duration connectTimeout,
      Duration responseTimeout,
      Shape shape,
      Duration eventsRefreshInterval,
      Duration timelinesRefreshInterval) {
    this(
        url,
        indexPrefix,
        connectTimeout,
        responseTimeout,
        shape,
        shape,
        eventsRefreshInterval,
        timelinesRefreshInterval,
        TimelineHomes.DEFAULT_PERIOD,
        Optional.empty());
  }

  /**
   * Defaults for a local single node: {@link #DEFAULT_URL}, prefix {@code correlate}, one shard and
   * no replica per index, refresh 1 s.
   */
  public static OpenSearchSettings defaults() {
    return of(DEFAULT_URL);
  }

  /** Defaults at {@code url}. */
  public static OpenSearchSettings of(URI url) {
    return new OpenSearchSettings(
        url,
        DEFAULT_INDEX_PREFIX,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Shape.SINGLE,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1));
  }

  /**
   * The settings in {@code env}, defaults for what is absent: {@code CORRELATE_OPENSEARCH_URL},
   * {@code CORRELATE_OPENSEARCH_USERNAME}, {@code CORRELATE_OPENSEARCH_PASSWORD}, {@code
   * CORRELATE_INDEX_PREFIX}, {@code CORRELATE_OPENSEARCH_REPLICAS} (the replicas of every index
   * unless one says otherwise), {@code CORRELATE_EVENTS_SHARDS}, {@code CORRELATE_EVENTS_REPLICAS},
   * {@code CORRELATE_TIMELINES_SHARDS}, {@code CORRELATE_TIMELINES_REPLICAS}, {@code
   * CORRELATE_EVENTS_REFRESH_INTERVAL}, {@code CORRELATE_TIMELINES_PERIOD}. Every service that
   * reaches OpenSearch reads the same variables through this.
   */
  public static OpenSearchSettings from(Env env) {
    OpenSearchSettings d = defaults();
    Optional<String> user = Optional.ofNullable(env.string("CORRELATE_OPENSEARCH_USERNAME", null));
    Optional<Secret> password = env.secret("CORRELATE_OPENSEARCH_PASSWORD");
    if (user.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "CORRELATE_OPENSEARCH_USERNAME and CORRELATE_OPENSEARCH_PASSWORD go together");
    }
    int replicas = env.integer("CORRELATE_OPENSEARCH_REPLICAS", d.events().replicas(), 0, 100);
    return new OpenSearchSettings(
        env.uri("CORRELATE_OPENSEARCH_URL", d.url()),
        env.string("CORRELATE_INDEX_PREFIX", d.indexPrefix()),
        d.connectTimeout(),
        d.responseTimeout(),
        shape(env, "EVENTS", d.events().shards(), replicas),
        shape(env, "TIMELINES", d.timelines().shards(), replicas),
        env.duration("CORRELATE_EVENTS_REFRESH_INTERVAL", d.eventsRefreshInterval()),
        d.timelinesRefreshInterval(),
        env.parse(
            "CORRELATE_TIMELINES_PERIOD",
            d.timelinesPeriod(),
            text -> TimelineHomes.requirePeriod(Durations.parse(text))),
        user.map(u -> new Credentials(u, password.orElseThrow())));
  }

  private static Shape shape(Env env, String family, int shards, int replicas) {
    return new Shape(
        env.integer("CORRELATE_" + family + "_SHARDS", shards, 1, 1024),
        env.integer("CORRELATE_" + family + "_REPLICAS", replicas, 0, 100));
  }

  /** These settings with every index, template and alias name under {@code prefix}. */
  public OpenSearchSettings withIndexPrefix(String prefix) {
    return new OpenSearchSettings(
        url,
        prefix,
        connectTimeout,
        responseTimeout,
        events,
        timelines,
        eventsRefreshInterval,
        timelinesRefreshInterval,
        timelinesPeriod,
        credentials);
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

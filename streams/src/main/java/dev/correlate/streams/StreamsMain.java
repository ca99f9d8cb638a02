package dev.correlate.streams;

import dev.correlate.core.diagnosis.DiagnosisRules;
import dev.correlate.core.parse.ParserRules;
import dev.correlate.core.topics.Topics;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.Topology;

/**
 * The streams deployable: timelines (Kafka Streams), the OpenSearch indexer and retention in one process. The only
 * place that reads the environment; every variable is listed in docs/operations.md.
 */
public final class StreamsMain {
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private StreamsMain() {}

  public static void main(String[] args) throws InterruptedException {
    StreamsSettings settings;
    try {
      settings = settings(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("correlate streams: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamsService service = start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "correlate-streams-shutdown"));
    stopped.await();
  }

  /** Starts the service; close it to stop. Creates the topics when absent. */
  public static StreamsService start(StreamsSettings settings) {
    return start(settings, TimelineTopology.build(settings.topics(), settings.topology()));
  }

  /**
   * Starts the service around another topology over the same topics ({@link FloorTopology}, for the end-to-end
   * bench's floor).
   */
  public static StreamsService start(StreamsSettings settings, Topology topology) {
    return StreamsService.start(settings, topology);
  }

  /**
   * Settings from environment variables ({@code CORRELATE_*}); absent variables take their defaults.
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid
   */
  public static StreamsSettings settings(Map<String, String> env) {
    Reader r = new Reader(env);
    String prefix = r.string("CORRELATE_TOPIC_PREFIX", "correlate");
    StreamsSettings d = StreamsSettings.defaults(prefix, prefix + "-streams");
    TopologySettings t = d.topology();
    BulkWriter.Settings b = d.bulk();
    OpenSearchSettings o = d.openSearch();
    TopologySettings topology = r.valid("CORRELATE_HOLD_TIME … CORRELATE_STUCK_AFTER", () -> new TopologySettings(
        r.duration("CORRELATE_HOLD_TIME", t.holdTime()),
        r.duration("CORRELATE_PENDING_TTL", t.pendingTtl()),
        r.duration("CORRELATE_ALIAS_TTL", t.aliasTtl()),
        r.integer("CORRELATE_MAX_PENDING_PER_ALIAS", t.maxPendingPerAlias()),
        r.integer("CORRELATE_MAX_PENDING_PER_TASK", t.maxPendingPerTask()),
        t.maxIdsPerAlias(),
        r.duration("CORRELATE_DEDUPE_WINDOW", t.dedupeWindow()),
        r.duration("CORRELATE_EMIT_INTERVAL", t.emitInterval()),
        r.duration("CORRELATE_CLOSE_AFTER", t.closeAfter()),
        r.duration("CORRELATE_CLOSED_RETENTION", t.closedRetention()),
        r.duration("CORRELATE_STUCK_AFTER", t.stuckAfter()),
        r.duration("CORRELATE_CLOCK_SKEW_TOLERANCE", t.clockSkewTolerance()),
        t.streamStateTtl(), t.maxRelatedIds(), t.maxServices(),
        r.integer("CORRELATE_LIVE_TIMELINES", t.liveTimelines()),
        r.parse("CORRELATE_PARSER_RULES", t.parserRules(), path -> ParserRules.load(Path.of(path))),
        r.parse("CORRELATE_DIAGNOSIS_RULES", t.diagnosisRules(), path -> DiagnosisRules.load(Path.of(path)))));
    OpenSearchSettings openSearch = r.valid("CORRELATE_OPENSEARCH_URL", () -> new OpenSearchSettings(
        r.parse("CORRELATE_OPENSEARCH_URL", o.url(), URI::create),
        r.string("CORRELATE_INDEX_PREFIX", o.indexPrefix()),
        o.connectTimeout(), o.responseTimeout(),
        r.integer("CORRELATE_OPENSEARCH_REPLICAS", o.replicas()),
        r.duration("CORRELATE_EVENTS_REFRESH_INTERVAL", o.eventsRefreshInterval()),
        o.timelinesRefreshInterval()));
    BulkWriter.Settings bulk = r.valid("CORRELATE_BULK_MAX_OPERATIONS", () -> new BulkWriter.Settings(
        r.integer("CORRELATE_BULK_MAX_OPERATIONS", b.maxOperations()),
        r.longValue("CORRELATE_BULK_MAX_BYTES", b.maxBytes()),
        r.duration("CORRELATE_BULK_FLUSH_INTERVAL", b.flushInterval()),
        b.initialBackoff(), b.maxBackoff(), b.maxAttempts()));
    return r.valid("CORRELATE_PROCESSING_GUARANTEE", () -> new StreamsSettings(
        r.string("CORRELATE_KAFKA_BOOTSTRAP", d.kafkaBootstrap()),
        Topics.withPrefix(prefix),
        r.string("CORRELATE_STREAMS_APPLICATION_ID", d.applicationId()),
        r.string("CORRELATE_INDEXER_GROUP", d.indexerGroup()),
        r.string("CORRELATE_PROCESSING_GUARANTEE", d.processingGuarantee()).toLowerCase(Locale.ROOT),
        r.integer("CORRELATE_TOPIC_PARTITIONS", d.partitions()),
        (short) r.integer("CORRELATE_REPLICATION_FACTOR", d.replicationFactor()),
        r.integer("CORRELATE_STANDBY_REPLICAS", d.standbyReplicas()),
        r.integer("CORRELATE_STREAMS_THREADS", d.threads()),
        r.parse("CORRELATE_STREAMS_STATE_DIR",
            Path.of(r.string("CORRELATE_STATE_DIR", ".correlate"), "streams"), Path::of),
        r.longValue("CORRELATE_STREAMS_CACHE_BYTES", d.cacheBytes()),
        r.longValue("CORRELATE_ROCKSDB_BYTES", d.rocksDbBytes()),
        r.duration("CORRELATE_COMMIT_INTERVAL", d.commitInterval()),
        topology, openSearch, bulk,
        r.duration("CORRELATE_EVENTS_RETENTION", d.eventsRetention()),
        r.duration("CORRELATE_TIMELINES_RETENTION", d.timelinesRetention()),
        r.duration("CORRELATE_RETENTION_INTERVAL", d.retentionInterval())));
  }

  /** Reads typed values, naming the variable in every error. */
  private static final class Reader {
    private final Map<String, String> env;

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String string(String key, String fallback) {
      String v = env.get(key);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    <T> T parse(String key, T fallback, Function<String, T> parser) {
      String v = env.get(key);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        return parser.apply(v.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(key + "=" + v + ": " + e.getMessage(), e);
      }
    }

    int integer(String key, int fallback) {
      return parse(key, fallback, Integer::parseInt);
    }

    long longValue(String key, long fallback) {
      return parse(key, fallback, Long::parseLong);
    }

    Duration duration(String key, Duration fallback) {
      return parse(key, fallback, StreamsMain::duration);
    }

    /** Runs a constructor whose validation names no variable, and names the group in its error. */
    <T> T valid(String keys, java.util.function.Supplier<T> build) {
      try {
        return build.get();
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("CORRELATE_")) {
          throw e;
        }
        throw new IllegalArgumentException("invalid configuration (" + keys + "): " + e.getMessage(), e);
      }
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 6h}, {@code 14d}, or ISO-8601 ({@code PT15M}). */
  static Duration duration(String text) {
    Matcher m = SIMPLE_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration (use 500ms, 30s, 15m, 6h, 14d or PT15M)");
    }
  }
}

package dev.correlate.streams;

import dev.correlate.core.config.Env;
import dev.correlate.core.diagnosis.DiagnosisRules;
import dev.correlate.core.health.Fatal;
import dev.correlate.core.parse.ParserRules;
import dev.correlate.core.topics.RecordBudget;
import dev.correlate.core.topics.Topics;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchSettings;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The streams deployable: timelines (Kafka Streams), the OpenSearch indexer and retention in one
 * process. The only place that reads the environment; every variable is listed in
 * docs/operations.md.
 */
public final class StreamsMain {
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
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "correlate-streams-shutdown"));
    stopped.await();
  }

  /**
   * Starts the service with a registry of its own (JVM metrics bound), served on {@code /metrics};
   * close it to stop. Creates the topics when absent. A part that cannot recover ends the process
   * ({@link Fatal#exitProcess()}).
   */
  public static StreamsService start(StreamsSettings settings) {
    return start(settings, Fatal.exitProcess());
  }

  /** As {@link #start(StreamsSettings)}, a part that cannot recover reported to {@code fatal}. */
  public static StreamsService start(StreamsSettings settings, Fatal fatal) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    return StreamsService.start(settings, registry, fatal);
  }

  /**
   * Settings from environment variables ({@code CORRELATE_*}); absent variables take their
   * defaults.
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid
   */
  public static StreamsSettings settings(Map<String, String> env) {
    return Env.of(env).settings(StreamsMain::settings);
  }

  private static StreamsSettings settings(Env env) {
    String prefix = env.string("CORRELATE_TOPIC_PREFIX", "correlate");
    StreamsSettings d = StreamsSettings.defaults(prefix, prefix + "-streams");
    TopologySettings t = d.topology();
    BulkWriter.Settings b = d.bulk();
    OpenSearchSettings openSearch = OpenSearchSettings.from(env);
    TopologySettings topology =
        new TopologySettings(
            env.duration("CORRELATE_HOLD_TIME", t.holdTime()),
            env.duration("CORRELATE_PENDING_TTL", t.pendingTtl()),
            env.duration("CORRELATE_ALIAS_TTL", t.aliasTtl()),
            env.integer(
                "CORRELATE_MAX_PENDING_PER_ALIAS", t.maxPendingPerAlias(), 1, Integer.MAX_VALUE),
            env.integer(
                "CORRELATE_MAX_PENDING_PER_TASK", t.maxPendingPerTask(), 1, Integer.MAX_VALUE),
            t.maxIdsPerAlias(),
            env.duration("CORRELATE_DEDUPE_WINDOW", t.dedupeWindow()),
            env.duration("CORRELATE_EMIT_INTERVAL", t.emitInterval()),
            env.duration("CORRELATE_CLOSE_AFTER", t.closeAfter()),
            env.duration("CORRELATE_CLOSED_RETENTION", t.closedRetention()),
            env.duration("CORRELATE_STUCK_AFTER", t.stuckAfter()),
            env.duration("CORRELATE_CLOCK_SKEW_TOLERANCE", t.clockSkewTolerance()),
            t.streamStateTtl(),
            t.maxRelatedIds(),
            t.maxServices(),
            env.integer("CORRELATE_LIVE_TIMELINES", t.liveTimelines(), 1, Integer.MAX_VALUE),
            env.parse(
                "CORRELATE_PARSER_RULES", t.parserRules(), path -> ParserRules.load(Path.of(path))),
            env.parse(
                "CORRELATE_DIAGNOSIS_RULES",
                t.diagnosisRules(),
                path -> DiagnosisRules.load(Path.of(path))),
            // one variable, read once with the index layout: the homes the aggregator assigns are
            // the indices the templates make ahead
            openSearch.timelinesPeriod());
    BulkWriter.Settings bulk =
        new BulkWriter.Settings(
            env.integer("CORRELATE_BULK_MAX_OPERATIONS", b.maxOperations(), 1, 100_000),
            env.bytes("CORRELATE_BULK_MAX_BYTES", b.maxBytes(), 1, 1L << 31),
            env.duration("CORRELATE_BULK_FLUSH_INTERVAL", b.flushInterval()),
            b.initialBackoff(),
            b.maxBackoff(),
            b.maxAttempts());
    return new StreamsSettings(
        env.string("CORRELATE_KAFKA_BOOTSTRAP", d.kafkaBootstrap()),
        Topics.withPrefix(prefix),
        env.string("CORRELATE_STREAMS_APPLICATION_ID", d.applicationId()),
        env.string("CORRELATE_INDEXER_GROUP", d.indexerGroup()),
        env.oneOf(
            "CORRELATE_PROCESSING_GUARANTEE",
            d.processingGuarantee(),
            List.of(StreamsSettings.EXACTLY_ONCE_V2, StreamsSettings.AT_LEAST_ONCE)),
        env.integer("CORRELATE_TOPIC_PARTITIONS", d.partitions(), 1, 10_000),
        (short)
            env.integer("CORRELATE_REPLICATION_FACTOR", d.replicationFactor(), -1, Short.MAX_VALUE),
        env.integer("CORRELATE_STANDBY_REPLICAS", d.standbyReplicas(), 0, 100),
        env.integer("CORRELATE_STREAMS_THREADS", d.threads(), 1, 1_000),
        env.path(
            "CORRELATE_STREAMS_STATE_DIR",
            env.path("CORRELATE_STATE_DIR", Path.of(".correlate")).resolve("streams")),
        env.bytes("CORRELATE_STREAMS_CACHE_BYTES", d.cacheBytes(), 0, 1L << 40),
        env.bytes("CORRELATE_ROCKSDB_BYTES", d.rocksDbBytes(), 1L << 20, 1L << 40),
        env.duration("CORRELATE_COMMIT_INTERVAL", d.commitInterval()),
        topology,
        openSearch,
        bulk,
        env.duration("CORRELATE_EVENTS_RETENTION", d.eventsRetention()),
        env.duration("CORRELATE_TIMELINES_RETENTION", d.timelinesRetention()),
        env.duration("CORRELATE_RETENTION_INTERVAL", d.retentionInterval()),
        env.string("CORRELATE_STREAMS_HOST", d.httpHost()),
        env.port("CORRELATE_STREAMS_PORT", d.httpPort()),
        env.longValue("CORRELATE_STREAMS_HEALTH_MAX_LAG", d.healthMaxLag(), 1, Long.MAX_VALUE),
        env.duration("CORRELATE_METRICS_INTERVAL", d.metricsInterval()),
        env.duration("CORRELATE_JOB_METRICS_WINDOW", d.jobMetricsWindow()),
        (int)
            env.bytes(
                "CORRELATE_MAX_RECORD_BYTES",
                d.maxRecordBytes(),
                RecordBudget.MIN_MAX_RECORD_BYTES,
                1L << 30));
  }
}

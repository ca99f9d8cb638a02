package dev.correlate.streams;

import dev.correlate.core.topics.RecordBudget;
import dev.correlate.core.topics.Topics;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the streams deployable needs; built from the environment by {@link
 * StreamsMain#settings}, or in code by tests and the CLI. Defaults are in {@link #defaults(String,
 * String)} and in docs/operations.md.
 *
 * @param kafkaBootstrap Kafka bootstrap servers ({@code CORRELATE_KAFKA_BOOTSTRAP})
 * @param topics topic names ({@code CORRELATE_TOPIC_PREFIX})
 * @param applicationId Kafka Streams application id: consumer group, internal topic and state
 *     directory prefix ({@code CORRELATE_STREAMS_APPLICATION_ID})
 * @param indexerGroup consumer group of the indexer ({@code CORRELATE_INDEXER_GROUP})
 * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once} ({@code
 *     CORRELATE_PROCESSING_GUARANTEE})
 * @param partitions partitions of the topics created when absent ({@code
 *     CORRELATE_TOPIC_PARTITIONS}, default {@link Topics#DEFAULT_PARTITIONS}; fixed for the life of
 *     the state)
 * @param replicationFactor replication of created and internal topics ({@code
 *     CORRELATE_REPLICATION_FACTOR}); the default {@link #BROKER_DEFAULT_REPLICATION} ({@code -1})
 *     lets the broker decide ({@code default.replication.factor}: 3 on a managed cluster, 1 on the
 *     launcher's single broker)
 * @param standbyReplicas standby replicas of each state store ({@code CORRELATE_STANDBY_REPLICAS},
 *     default 1: a second instance can take over a task without restoring its stores from the
 *     changelog; with one instance there is nowhere to put it and nothing is kept)
 * @param threads stream threads ({@code CORRELATE_STREAMS_THREADS})
 * @param stateDir Kafka Streams state directory ({@code CORRELATE_STREAMS_STATE_DIR}, default
 *     {@code $CORRELATE_STATE_DIR/streams}, that is {@code .correlate/streams})
 * @param cacheBytes record cache of all threads together ({@code CORRELATE_STREAMS_CACHE_BYTES})
 * @param rocksDbBytes block cache plus memtables of all RocksDB stores together ({@code
 *     CORRELATE_ROCKSDB_BYTES})
 * @param commitInterval Streams commit interval: the latency floor under exactly-once ({@code
 *     CORRELATE_COMMIT_INTERVAL})
 * @param topology topology knobs
 * @param openSearch OpenSearch connection and index layout
 * @param bulk indexer bulk sizes and retries
 * @param eventsRetention event indices older than this are deleted ({@code
 *     CORRELATE_EVENTS_RETENTION})
 * @param timelinesRetention timelines whose last event is older are deleted ({@code
 *     CORRELATE_TIMELINES_RETENTION})
 * @param retentionInterval how often retention runs ({@code CORRELATE_RETENTION_INTERVAL})
 * @param httpHost address of the service's health and metrics endpoint ({@code
 *     CORRELATE_STREAMS_HOST})
 * @param httpPort its port, 0 for any free one ({@code CORRELATE_STREAMS_PORT}, default 8082)
 * @param healthMaxLag total lag (records) of the streams or the indexer group from which health
 *     says degraded ({@code CORRELATE_STREAMS_HEALTH_MAX_LAG}, default 10000)
 * @param metricsInterval how often the job gauges are counted on the index and the consumer lag
 *     measured ({@code CORRELATE_METRICS_INTERVAL}, default 15 s)
 * @param jobMetricsWindow the job gauges count the jobs with an event this recent, as {@code
 *     /api/v1/jobs/stats?since=<window>} does ({@code CORRELATE_JOB_METRICS_WINDOW}, default 24 h)
 * @param maxRecordBytes the size budget of every record: producers' {@code max.request.size}, the
 *     created topics' and Kafka Streams' internal topics' {@code max.message.bytes} ({@code
 *     CORRELATE_MAX_RECORD_BYTES}, default 8 MiB, {@link RecordBudget})
 */
public record StreamsSettings(
    String kafkaBootstrap,
    Topics topics,
    String applicationId,
    String indexerGroup,
    String processingGuarantee,
    int partitions,
    short replicationFactor,
    int standbyReplicas,
    int threads,
    Path stateDir,
    long cacheBytes,
    long rocksDbBytes,
    Duration commitInterval,
    TopologySettings topology,
    OpenSearchSettings openSearch,
    BulkWriter.Settings bulk,
    Duration eventsRetention,
    Duration timelinesRetention,
    Duration retentionInterval,
    String httpHost,
    int httpPort,
    long healthMaxLag,
    Duration metricsInterval,
    Duration jobMetricsWindow,
    int maxRecordBytes) {
  public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";

  /** {@code replication.factor=-1}: topics take the broker's {@code default.replication.factor}. */
  public static final short BROKER_DEFAULT_REPLICATION = -1;

  public static final String AT_LEAST_ONCE = "at_least_once";
  public static final int DEFAULT_PORT = 8082;

  public StreamsSettings {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(indexerGroup, "indexerGroup");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(openSearch, "openSearch");
    Objects.requireNonNull(bulk, "bulk");
    if (!topology.timelinesPeriod().equals(openSearch.timelinesPeriod())) {
      throw new IllegalArgumentException(
          "the topology's timelines period ("
              + topology.timelinesPeriod()
              + ") must be the OpenSearch settings' ("
              + openSearch.timelinesPeriod()
              + "): homes are assigned with one and made ahead with the other");
    }
    if (!Set.of(EXACTLY_ONCE_V2, AT_LEAST_ONCE).contains(processingGuarantee)) {
      throw new IllegalArgumentException(
          "processing guarantee must be exactly_once_v2 or at_least_once, got "
              + processingGuarantee);
    }
    if (partitions < 1
        || (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT_REPLICATION)
        || standbyReplicas < 0
        || threads < 1) {
      throw new IllegalArgumentException(
          "partitions and threads must be >= 1, the replication factor >= 1 or -1 "
              + "(the broker's default), standbys >= 0");
    }
    if (maxRecordBytes < RecordBudget.MIN_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 2 MiB: " + maxRecordBytes);
    }
    if (cacheBytes < 0 || rocksDbBytes < (1 << 20)) {
      throw new IllegalArgumentException("cache bytes must be >= 0 and RocksDB bytes >= 1 MiB");
    }
    Objects.requireNonNull(httpHost, "httpHost");
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + httpPort);
    }
    if (healthMaxLag < 1) {
      throw new IllegalArgumentException("health max lag must be >= 1, got " + healthMaxLag);
    }
    for (Duration d :
        new Duration[] {
          commitInterval,
          eventsRetention,
          timelinesRetention,
          retentionInterval,
          metricsInterval,
          jobMetricsWindow
        }) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive, got " + d);
      }
    }
  }

  /** The defaults for a topic prefix and an application id, against a local stack. */
  public static StreamsSettings defaults(String topicPrefix, String applicationId) {
    return new StreamsSettings(
        "127.0.0.1:19092",
        Topics.withPrefix(topicPrefix),
        applicationId,
        topicPrefix + "-indexer",
        EXACTLY_ONCE_V2,
        Topics.DEFAULT_PARTITIONS,
        BROKER_DEFAULT_REPLICATION,
        1,
        1,
        Path.of(System.getProperty("java.io.tmpdir"), "correlate-streams"),
        16L << 20,
        BoundedRocksDb.DEFAULT_BYTES,
        Duration.ofMillis(200),
        TopologySettings.defaults(),
        OpenSearchSettings.defaults(),
        BulkWriter.Settings.defaults(),
        Duration.ofDays(14),
        Duration.ofDays(30),
        Duration.ofHours(1),
        "127.0.0.1",
        DEFAULT_PORT,
        10_000,
        Duration.ofSeconds(15),
        Duration.ofHours(24),
        RecordBudget.DEFAULT_MAX_RECORD_BYTES);
  }

  /** The replication of topics created here: absent means the broker's default. */
  public Optional<Short> topicReplication() {
    return replicationFactor == BROKER_DEFAULT_REPLICATION
        ? Optional.empty()
        : Optional.of(replicationFactor);
  }
}

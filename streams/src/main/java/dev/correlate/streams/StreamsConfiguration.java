package dev.correlate.streams;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The production Kafka Streams setup of the streams service: its configuration and its topics.
 * Public so that whatever runs another topology the way the service runs its own (the end-to-end
 * bench's floor) uses exactly these settings, not a copy.
 */
public final class StreamsConfiguration {
  private StreamsConfiguration() {}

  /**
   * The Kafka Streams properties of {@code s}: exactly-once (or at-least-once), bounded memory
   * (record cache, one shared RocksDB cache), errors about one record quarantined to the
   * dead-letter topic and counted in {@code registry}, and the one record budget ({@link
   * StreamsSettings#maxRecordBytes()}) on its producers and on the repartition and changelog topics
   * it creates. Its consumers need none: their fetch sizes are soft limits. Replication of the
   * internal topics and standbys as {@code s} says (by default the broker's replication and one
   * standby).
   */
  public static Properties properties(StreamsSettings s, MeterRegistry registry) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, s.processingGuarantee());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) s.replicationFactor());
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.standbyReplicas());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, s.cacheBytes());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
    p.put(BoundedRocksDb.CACHE_BYTES, Long.toString(s.rocksDbBytes()));
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    p.put(DeadLetterHandlers.DEAD_LETTER_TOPIC, s.topics().deadLetter());
    p.put(DeadLetterHandlers.METER_REGISTRY, registry);
    p.put(DeadLetterHandlers.MAX_RECORD_BYTES, Integer.toString(s.maxRecordBytes()));
    // a 1 MiB event is up to 6 MiB of escaped JSON on the events topic, the alias repartition and
    // the remembered events' chunks
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), s.maxRecordBytes());
    p.put(
        StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Integer.toString(s.maxRecordBytes()));
    // every record the topology writes (events, partials, changelogs) compressed in batches of up
    // to 256 KiB: under exactly-once a commit sends what is batched anyway, so batches are as large
    // as a commit interval's records
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), codec());
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 << 10);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
    return p;
  }

  /**
   * The streams producer's codec: snappy where its native library works on this machine
   * (snappy-java carries it for Linux, macOS and Windows on x86-64 and ARM64 and unpacks it into
   * the temporary directory), else lz4, whose library falls back to pure Java. Per record the
   * topology writes, snappy took at most lz4's CPU and almost none of its allocation (Kafka's lz4
   * stream allocates two 64 KiB buffers per batch, the largest allocation of the stream thread;
   * snappy's stream pools its buffers) for 0-15 % more bytes (docs/performance.md, "s6-hot"). The
   * consumers of this service's topics read either.
   */
  static String codec() {
    return SNAPPY_WORKS ? "snappy" : "lz4";
  }

  private static final boolean SNAPPY_WORKS = snappyWorks();

  /** Whether a record batch compresses and decompresses with snappy here. */
  private static boolean snappyWorks() {
    Compression snappy = Compression.snappy().build();
    byte[] probe = "{\"probe\":\"snappy\"}".getBytes(StandardCharsets.UTF_8);
    ByteBufferOutputStream compressed = new ByteBufferOutputStream(256);
    try {
      try (OutputStream out = snappy.wrapForOutput(compressed, RecordBatch.CURRENT_MAGIC_VALUE)) {
        out.write(probe);
      }
      ByteBuffer written = compressed.buffer().flip();
      try (InputStream in =
          snappy.wrapForInput(
              written, RecordBatch.CURRENT_MAGIC_VALUE, BufferSupplier.NO_CACHING)) {
        return Arrays.equals(in.readAllBytes(), probe);
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Exception | Error nativeLibraryMissing) {
      // snappy-java reports a library that will not load with errors of its own
      return false;
    }
  }

  /**
   * Creates the four topics of {@code s} when absent, each taking records of the budget; the
   * timelines topic is compacted. Partitions and replication as {@code s} says.
   */
  public static void createTopics(StreamsSettings s) {
    Map<String, String> budget =
        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(s.maxRecordBytes()));
    Map<String, String> compacted =
        Map.of(
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
            Integer.toString(s.maxRecordBytes()),
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT);
    Optional<Integer> partitions = Optional.of(s.partitions());
    List<NewTopic> topics =
        List.of(
            new NewTopic(s.topics().raw(), partitions, s.topicReplication()).configs(budget),
            new NewTopic(s.topics().events(), partitions, s.topicReplication()).configs(budget),
            new NewTopic(s.topics().timelines(), partitions, s.topicReplication())
                .configs(compacted),
            new NewTopic(s.topics().deadLetter(), partitions, s.topicReplication())
                .configs(budget));
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap()))) {
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + topic.name() + ": " + e.getCause(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + s.kafkaBootstrap() + " did not answer in 60 s", e);
    }
  }
}

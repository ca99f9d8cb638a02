package dev.correlate.ingest;

import dev.correlate.core.topics.RecordBudget;
import dev.correlate.core.topics.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * How ingest talks to Kafka.
 *
 * @param bootstrap bootstrap servers ({@code CORRELATE_KAFKA_BOOTSTRAP}, default {@code
 *     127.0.0.1:19092})
 * @param topics topic names ({@code CORRELATE_TOPIC_PREFIX}, default {@code correlate})
 * @param partitions partitions of the raw and dead-letter topics when ingest creates them ({@code
 *     CORRELATE_TOPIC_PARTITIONS}, default {@link Topics#DEFAULT_PARTITIONS})
 * @param sendTimeout how long a request may wait for Kafka to acknowledge all its records before it
 *     is answered 503; also the producer's {@code delivery.timeout.ms}. Bounded well below
 *     Firehose's 3-minute limit ({@code CORRELATE_INGEST_SEND_TIMEOUT_MS}, default 60 s, at most
 *     150 s)
 * @param bufferMemoryBytes producer memory for records not yet acknowledged; a full buffer makes
 *     requests wait, then fail with 503 ({@code CORRELATE_INGEST_BUFFER_BYTES}, default 64 MiB)
 * @param maxRecordBytes largest Kafka record, producer {@code max.request.size} and the topics'
 *     {@code max.message.bytes}; larger events are quarantined ({@code CORRELATE_MAX_RECORD_BYTES},
 *     the one budget of every service, default 8 MiB: {@link RecordBudget})
 */
public record KafkaSettings(
    String bootstrap,
    Topics topics,
    int partitions,
    Duration sendTimeout,
    long bufferMemoryBytes,
    int maxRecordBytes) {
  public static final Duration MAX_SEND_TIMEOUT = Duration.ofSeconds(150);

  public KafkaSettings {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
    }
    if (sendTimeout.toMillis() < 1000 || sendTimeout.compareTo(MAX_SEND_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "sendTimeout must be between 1 s and " + MAX_SEND_TIMEOUT + ": " + sendTimeout);
    }
    if (maxRecordBytes < RecordBudget.MIN_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 2 MiB: " + maxRecordBytes);
    }
    if (bufferMemoryBytes < maxRecordBytes) {
      throw new IllegalArgumentException(
          "bufferMemoryBytes must hold at least one record of maxRecordBytes");
    }
  }

  /** The defaults for a broker at {@code bootstrap} and topics under {@code topicPrefix}. */
  public static KafkaSettings of(String bootstrap, String topicPrefix) {
    return new KafkaSettings(
        bootstrap,
        Topics.withPrefix(topicPrefix),
        Topics.DEFAULT_PARTITIONS,
        Duration.ofSeconds(60),
        64L << 20,
        RecordBudget.DEFAULT_MAX_RECORD_BYTES);
  }

  public KafkaSettings withSendTimeout(Duration timeout) {
    return new KafkaSettings(
        bootstrap, topics, partitions, timeout, bufferMemoryBytes, maxRecordBytes);
  }
}

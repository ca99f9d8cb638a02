package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.DecodeFailure;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.topics.DeadLetterHeaders;
import dev.correlate.core.topics.RecordBudget;
import dev.correlate.core.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes raw events and dead-letter records. Values are {@link RawLogEvent} JSON in the wire
 * dialect, keyed by {@link RawLogEvent#rawKey()} (an ECS task's streams by the task, any other by
 * log group and stream); dead-letter values are the original bytes with {@link DeadLetterHeaders}.
 * The producer is idempotent with {@code acks=all}, so a retried send never duplicates within a
 * session.
 */
final class RawEventPublisher implements AutoCloseable {
  static final String STAGE = "ingest";

  private final Producer<byte[], byte[]> producer;
  private final Topics topics;
  private final int maxRecordBytes;

  RawEventPublisher(Producer<byte[], byte[]> producer, Topics topics, int maxRecordBytes) {
    this.producer = producer;
    this.topics = topics;
    this.maxRecordBytes = maxRecordBytes;
  }

  static RawEventPublisher connect(KafkaSettings settings) {
    return new RawEventPublisher(
        new KafkaProducer<>(
            producerConfig(settings), new ByteArraySerializer(), new ByteArraySerializer()),
        settings.topics(),
        settings.maxRecordBytes());
  }

  static Map<String, Object> producerConfig(KafkaSettings settings) {
    long delivery = settings.sendTimeout().toMillis();
    int linger = 5;
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "correlate-ingest");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // lz4: cheap on CPU (two shared cores) and has a pure-Java fallback, unlike zstd's JNI library.
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferMemoryBytes());
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.maxRecordBytes());
    // Every bound below the request's own deadline, so a request is answered before Firehose gives
    // up (3 min).
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, delivery - linger));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10_000, delivery));
    return config;
  }

  /** Whether a raw record of this key and value is within {@code max.request.size}. */
  boolean fits(byte[] value, byte[] key) {
    return value.length + (long) key.length + RecordBudget.HEADROOM <= maxRecordBytes;
  }

  /** Sends a raw event, {@code key} its {@link RawLogEvent#rawKey()} in UTF-8. */
  Future<RecordMetadata> publish(byte[] key, byte[] value) {
    return producer.send(new ProducerRecord<>(topics.raw(), key, value));
  }

  /**
   * Sends {@code original} to the dead-letter topic with the reason. An original too large for one
   * record is cut to fit, and the detail says so: the operator still sees what arrived and why it
   * was refused.
   */
  Future<RecordMetadata> quarantine(
      String key, byte[] original, DecodeFailure failure, String requestId, long at) {
    RecordBudget.DeadLetter fitted =
        RecordBudget.deadLetter(original, failure.detail(), maxRecordBytes);
    RecordHeaders headers = new RecordHeaders();
    DeadLetterHeaders.of(STAGE, failure.reason().code(), fitted.detail(), requestId, at)
        .forEach(h -> headers.add(h.name(), h.value()));
    return producer.send(
        new ProducerRecord<>(
            topics.deadLetter(), null, key == null ? null : bytes(key), fitted.value(), headers));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
  }
}

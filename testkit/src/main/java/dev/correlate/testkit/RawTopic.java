package dev.correlate.testkit;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Raw events put on a raw topic as ingest writes them: key = {@link RawLogEvent#rawKey()}, value =
 * the JSON.
 */
public final class RawTopic {
  /**
   * How long a record may take from {@code send} to the broker's acknowledgement, and a {@code
   * send} may wait for buffer space. Every record of a call is sent at once, so the last ones wait
   * behind all the others: with the client's defaults (2 min, 1 min) a loaded machine expired a
   * third of a harness round's records, and nothing read the failed sends.
   */
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  private RawTopic() {}

  /**
   * Sends {@code events} to {@code topic} and returns once the broker acknowledged every one of
   * them ({@code acks=all}); throws if any was not delivered, naming how many.
   */
  public static void produce(String bootstrapServers, String topic, List<RawLogEvent> events) {
    int patience = (int) PATIENCE.toMillis();
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            patience,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            patience);
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Exception> first = new AtomicReference<>();
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (RawLogEvent e : events) {
        producer.send(
            new ProducerRecord<>(topic, null, e.timestamp(), e.rawKey(), Json.write(e)),
            (metadata, exception) -> {
              if (exception != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(
          failed.get() + " of " + events.size() + " records not delivered to " + topic,
          first.get());
    }
  }
}

package dev.correlate.testkit;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import java.util.List;
import java.util.Map;
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
  private RawTopic() {}

  /**
   * Sends {@code events} to {@code topic} and returns once the broker acknowledged them all ({@code
   * acks=all}).
   */
  public static void produce(String bootstrapServers, String topic, List<RawLogEvent> events) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (RawLogEvent e : events) {
        producer.send(new ProducerRecord<>(topic, null, e.timestamp(), e.rawKey(), Json.write(e)));
      }
    }
  }
}

package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test fixtures: files under {@code /cloudwatch} (ingest's own envelope fixtures, and the shared set from core's test
 * jar), and an intake writing to a {@link MockProducer}.
 */
final class Fixtures {
  static final Topics TOPICS = Topics.withPrefix("test");
  static final int MAX_RECORD_BYTES = 8 << 20;

  private Fixtures() {}

  static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static Intake intake(MockProducer<byte[], byte[]> producer, MeterRegistry registry, Duration sendTimeout) {
    return new Intake(new SubscriptionDecoder(SubscriptionDecoder.Limits.defaults()),
        new RawEventPublisher(producer, TOPICS, MAX_RECORD_BYTES), new IngestMetrics(registry), sendTimeout,
        Clock.systemUTC());
  }
}

package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.health.Fatal;
import dev.correlate.core.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test fixtures: files under {@code /cloudwatch} (ingest's own envelope fixtures, and the shared
 * set from core's test jar), and an intake writing to a {@link MockProducer}.
 */
final class Fixtures {
  static final Topics TOPICS = Topics.withPrefix("test");
  static final int MAX_RECORD_BYTES = 8 << 20;

  private Fixtures() {}

  static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * An event window that takes the shared fixtures in: they are AWS's documented samples, from June
   * 2025. Tests of the window itself use {@link IngestSettings.EventWindow#CLOUDWATCH} with events
   * of their own.
   */
  static final IngestSettings.EventWindow SAMPLES_WINDOW =
      new IngestSettings.EventWindow(Duration.ofDays(20 * 365), Duration.ofHours(2));

  static Intake intake(
      MockProducer<byte[], byte[]> producer, MeterRegistry registry, Duration sendTimeout) {
    return intake(
        producer,
        registry,
        sendTimeout,
        SubscriptionDecoder.Limits.defaults(),
        SAMPLES_WINDOW,
        (part, cause) -> {
          throw new AssertionError(part + " reported a fatal error", cause);
        });
  }

  static Intake intake(
      MockProducer<byte[], byte[]> producer,
      MeterRegistry registry,
      Duration sendTimeout,
      SubscriptionDecoder.Limits limits,
      IngestSettings.EventWindow window,
      Fatal fatal) {
    return new Intake(
        new SubscriptionDecoder(limits),
        new RawEventPublisher(producer, TOPICS, MAX_RECORD_BYTES),
        new IngestMetrics(registry),
        sendTimeout,
        window,
        Clock.systemUTC(),
        fatal);
  }
}

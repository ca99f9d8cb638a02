package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ingest as {@link IngestMain#start} assembles it, its producer's {@code compression.type} replaced
 * by the one given, so that a harness compares the raw topic's codecs with one build. Bench code:
 * the service itself has no such switch.
 */
public final class IngestWithCodec {
  private IngestWithCodec() {}

  /**
   * Starts ingest with {@code settings} (the topics created first), its raw topic written with
   * {@code codec}, or with the service's own codec when null. A fatal producer error fails loudly.
   */
  public static IngestService start(IngestSettings settings, String codec) {
    KafkaAdmin admin = new KafkaAdmin(settings.kafka());
    if (!admin.ensureTopics()) {
      admin.close();
      throw new IllegalStateException("Kafka not ready at " + settings.kafka().bootstrap());
    }
    Map<String, Object> config = RawEventPublisher.producerConfig(settings.kafka());
    if (codec != null) {
      config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
    }
    RawEventPublisher publisher =
        new RawEventPublisher(
            new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
            settings.kafka().topics(),
            settings.kafka().maxRecordBytes());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Intake intake =
        new Intake(
            new SubscriptionDecoder(settings.limits()),
            publisher,
            new IngestMetrics(registry),
            settings.kafka().sendTimeout(),
            settings.window(),
            Clock.systemUTC(),
            (part, cause) -> {
              throw new IllegalStateException(part + " failed for good", cause);
            });
    Javalin app = IngestApi.create(intake, settings, registry, admin);
    app.start(settings.bindHost(), settings.port());
    return new IngestService(app, intake, admin);
  }
}

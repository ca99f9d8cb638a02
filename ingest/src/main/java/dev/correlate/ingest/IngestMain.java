package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the ingest service. The only place that reads the environment; every variable, its default and its
 * meaning are in docs/operations.md and on {@link IngestSettings} and {@link KafkaSettings}.
 */
public final class IngestMain {
  private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

  private IngestMain() {}

  public static void main(String[] args) {
    IngestService service = start(settings(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "ingest-shutdown"));
  }

  /** Reads the settings from {@code env}; a bad value fails naming its variable. */
  public static IngestSettings settings(Map<String, String> env) {
    IngestSettings defaults = IngestSettings.defaults();
    KafkaSettings kafka = defaults.kafka();
    SubscriptionDecoder.Limits limits = defaults.limits();
    try {
      return new IngestSettings(
          text(env, "CORRELATE_INGEST_HOST", defaults.host()),
          (int) number(env, "CORRELATE_INGEST_PORT", defaults.port(), 0, 65535),
          new KafkaSettings(
              text(env, "CORRELATE_KAFKA_BOOTSTRAP", kafka.bootstrap()),
              Topics.withPrefix(text(env, "CORRELATE_TOPIC_PREFIX", "correlate")),
              (int) number(env, "CORRELATE_TOPIC_PARTITIONS", kafka.partitions(), 1, 10_000),
              Duration.ofMillis(number(env, "CORRELATE_INGEST_SEND_TIMEOUT_MS", kafka.sendTimeout().toMillis(),
                  1_000, KafkaSettings.MAX_SEND_TIMEOUT.toMillis())),
              number(env, "CORRELATE_INGEST_BUFFER_BYTES", kafka.bufferMemoryBytes(), 2L << 20, 1L << 34),
              (int) number(env, "CORRELATE_INGEST_MAX_RECORD_BYTES", kafka.maxRecordBytes(), 2L << 20, 1L << 30)),
          keys(env.get("CORRELATE_FIREHOSE_ACCESS_KEYS")),
          number(env, "CORRELATE_INGEST_MAX_BODY_BYTES", defaults.maxBodyBytes(), 1, 1L << 31),
          new SubscriptionDecoder.Limits(
              number(env, "CORRELATE_INGEST_MAX_DECOMPRESSED_BYTES", limits.maxDecompressedBytes(), 1024, 1L << 31),
              (int) number(env, "CORRELATE_INGEST_MAX_EVENT_BYTES", limits.maxEventBytes(), 1, 1L << 30)));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("CORRELATE_")) {
        throw e;
      }
      throw new IllegalArgumentException("CORRELATE_INGEST_*: inconsistent settings: " + e.getMessage(), e);
    }
  }

  /** Starts ingest with {@code settings}: creates the topics if absent, then listens. Close the result to stop. */
  public static IngestService start(IngestSettings settings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    KafkaAdmin admin = new KafkaAdmin(settings.kafka());
    if (!admin.ensureTopics()) {
      LOG.warn("Kafka at {} not ready; ingest starts unhealthy and answers 503 until it is",
          settings.kafka().bootstrap());
    }
    Intake intake = Intake.connect(settings.kafka(), settings.limits(), registry);
    Javalin app = IngestApi.create(intake, settings, registry, admin);
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      intake.close();
      admin.close();
      throw e;
    }
    LOG.info("ingest listening on {}:{}, writing {} to {}", settings.host(), app.port(),
        settings.kafka().topics().raw(), settings.kafka().bootstrap());
    return new IngestService(app, intake, admin);
  }

  private static String text(Map<String, String> env, String key, String fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static long number(Map<String, String> env, String key, long fallback, long min, long max) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not an integer: " + value);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + ": " + n + " is outside [" + min + ", " + max + "]");
    }
    return n;
  }

  private static List<String> keys(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
  }
}

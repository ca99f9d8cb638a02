package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.config.Env;
import dev.correlate.core.health.Fatal;
import dev.correlate.core.topics.RecordBudget;
import dev.correlate.core.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the ingest service. The only place that reads the environment; every variable, its default
 * and its meaning are in docs/operations.md and on {@link IngestSettings} and {@link
 * KafkaSettings}.
 */
public final class IngestMain {
  private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

  private IngestMain() {}

  public static void main(String[] args) {
    IngestService service = start(settings(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "ingest-shutdown"));
  }

  /**
   * Starts ingest with {@code settings}: creates the topics if absent, then listens. A producer
   * error that cannot heal ends the process ({@link Fatal#exitProcess()}). Close the result to
   * stop.
   */
  public static IngestService start(IngestSettings settings) {
    return start(settings, Fatal.exitProcess());
  }

  /** Reads the settings from {@code env}; a bad value fails naming its variable. */
  public static IngestSettings settings(Map<String, String> env) {
    return Env.of(env).settings(IngestMain::settings);
  }

  private static IngestSettings settings(Env env) {
    IngestSettings defaults = IngestSettings.defaults();
    KafkaSettings kafka = defaults.kafka();
    SubscriptionDecoder.Limits limits = defaults.limits();
    IngestSettings.EventWindow window = defaults.window();
    return new IngestSettings(
        env.string("CORRELATE_INGEST_HOST", defaults.host()),
        env.port("CORRELATE_INGEST_PORT", defaults.port()),
        new KafkaSettings(
            env.string("CORRELATE_KAFKA_BOOTSTRAP", kafka.bootstrap()),
            Topics.withPrefix(env.string("CORRELATE_TOPIC_PREFIX", "correlate")),
            env.integer("CORRELATE_TOPIC_PARTITIONS", kafka.partitions(), 1, 10_000),
            Duration.ofMillis(
                env.longValue(
                    "CORRELATE_INGEST_SEND_TIMEOUT_MS",
                    kafka.sendTimeout().toMillis(),
                    1_000,
                    KafkaSettings.MAX_SEND_TIMEOUT.toMillis())),
            env.bytes(
                "CORRELATE_INGEST_BUFFER_BYTES", kafka.bufferMemoryBytes(), 2L << 20, 1L << 34),
            (int)
                env.bytes(
                    "CORRELATE_MAX_RECORD_BYTES",
                    kafka.maxRecordBytes(),
                    RecordBudget.MIN_MAX_RECORD_BYTES,
                    1L << 30)),
        env.secrets("CORRELATE_FIREHOSE_ACCESS_KEYS"),
        env.bytes("CORRELATE_INGEST_MAX_BODY_BYTES", defaults.maxBodyBytes(), 1, 1L << 30),
        new SubscriptionDecoder.Limits(
            env.bytes(
                "CORRELATE_INGEST_MAX_DECOMPRESSED_BYTES",
                limits.maxDecompressedBytes(),
                1024,
                1L << 31),
            (int)
                env.bytes("CORRELATE_INGEST_MAX_EVENT_BYTES", limits.maxEventBytes(), 1, 1L << 30),
            env.bytes(
                "CORRELATE_INGEST_MAX_REQUEST_DECOMPRESSED_BYTES",
                limits.maxRequestDecompressedBytes(),
                1024,
                1L << 40)),
        new IngestSettings.EventWindow(
            env.duration("CORRELATE_INGEST_MAX_EVENT_AGE", window.maxAge()),
            env.duration("CORRELATE_INGEST_MAX_EVENT_AHEAD", window.maxAhead())),
        env.bytes("CORRELATE_INGEST_MAX_INFLIGHT_BYTES", defaults.maxInflightBytes(), 1, 1L << 40),
        env.integer(
            "CORRELATE_INGEST_MAX_CONCURRENT_REQUESTS",
            defaults.maxConcurrentRequests(),
            1,
            10_000));
  }

  /**
   * Starts ingest with {@code settings}: creates the topics if absent, then listens; a producer
   * error that cannot heal goes to {@code fatal}. Close the result to stop.
   */
  public static IngestService start(IngestSettings settings, Fatal fatal) {
    if (settings.accessKeys().isEmpty() && !settings.host().equals(IngestSettings.LOOPBACK)) {
      LOG.warn(
          "CORRELATE_FIREHOSE_ACCESS_KEYS is not set: ingest requires no access key and therefore listens on "
              + "{} only (CORRELATE_INGEST_HOST={} is ignored)",
          IngestSettings.LOOPBACK,
          settings.host());
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    KafkaAdmin admin = new KafkaAdmin(settings.kafka());
    if (!admin.ensureTopics()) {
      LOG.warn(
          "Kafka at {} not ready; ingest starts unhealthy and answers 503 until it is",
          settings.kafka().bootstrap());
    }
    Intake intake = Intake.connect(settings, registry, fatal);
    Javalin app = IngestApi.create(intake, settings, registry, admin);
    try {
      app.start(settings.bindHost(), settings.port());
    } catch (RuntimeException e) {
      intake.close();
      admin.close();
      throw e;
    }
    LOG.info(
        "ingest listening on {}:{}, writing {} to {}",
        settings.bindHost(),
        app.port(),
        settings.kafka().topics().raw(),
        settings.kafka().bootstrap());
    return new IngestService(app, intake, admin);
  }
}

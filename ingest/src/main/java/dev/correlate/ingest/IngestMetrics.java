package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.DecodeFailure;
import dev.correlate.core.model.RawLogEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The counters of every ingest path; Prometheus names are these with dots as underscores. */
final class IngestMetrics {
  private final MeterRegistry registry;
  private final Map<RawLogEvent.Intake, PerIntake> byIntake = new ConcurrentHashMap<>();

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    // The counters alerts watch exist at 0 from the start: Prometheus's increase() needs a sample
    // before the first
    // quarantine or 503, else the first one is never seen (deploy/prometheus/rules/correlate.yml).
    for (DecodeFailure.Reason reason : DecodeFailure.Reason.values()) {
      quarantinedCounter(reason);
    }
    for (RawLogEvent.Intake intake : RawLogEvent.Intake.values()) {
      kafkaUnavailableCounter(intake);
    }
  }

  void request(String path, int status) {
    Counter.builder("correlate.ingest.requests")
        .description("HTTP requests by path and status")
        .tag("path", path)
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  void bytes(String path, long bytes) {
    Counter.builder("correlate.ingest.bytes")
        .description("request body bytes received, as sent (compressed)")
        .baseUnit("bytes")
        .tag("path", path)
        .register(registry)
        .increment(bytes);
  }

  void records(RawLogEvent.Intake intake, int n) {
    of(intake).records().increment(n);
  }

  void events(RawLogEvent.Intake intake, int n) {
    of(intake).events().increment(n);
  }

  void controlMessages(RawLogEvent.Intake intake, int n) {
    of(intake).controlMessages().increment(n);
  }

  void quarantined(DecodeFailure.Reason reason) {
    quarantinedCounter(reason).increment();
  }

  void kafkaUnavailable(RawLogEvent.Intake intake) {
    kafkaUnavailableCounter(intake).increment();
  }

  private Counter quarantinedCounter(DecodeFailure.Reason reason) {
    return Counter.builder("correlate.ingest.quarantined")
        .description("payloads or events sent to the dead-letter topic")
        .tag("reason", reason.code())
        .register(registry);
  }

  private Counter kafkaUnavailableCounter(RawLogEvent.Intake intake) {
    return Counter.builder("correlate.ingest.kafka.unavailable")
        .description("batches Kafka did not acknowledge in time (answered 503 or retried)")
        .tag("intake", tag(intake))
        .register(registry);
  }

  Timer produceLatency(RawLogEvent.Intake intake) {
    return of(intake).produceLatency();
  }

  /**
   * The meters of one intake path, registered at its first use and then kept: building a meter's
   * name and tags and looking it up in the registry for every record and batch was ≈ 7 % of
   * ingest's request CPU (docs/performance.md, "s9-ingest").
   */
  private record PerIntake(
      Counter records, Counter events, Counter controlMessages, Timer produceLatency) {}

  private PerIntake of(RawLogEvent.Intake intake) {
    return byIntake.computeIfAbsent(intake, this::register);
  }

  private PerIntake register(RawLogEvent.Intake intake) {
    String tag = tag(intake);
    return new PerIntake(
        Counter.builder("correlate.ingest.records")
            .description("payloads received (Firehose records, Lambda events, bodies)")
            .tag("intake", tag)
            .register(registry),
        Counter.builder("correlate.ingest.events")
            .description("log events acknowledged by Kafka on the raw topic")
            .tag("intake", tag)
            .register(registry),
        Counter.builder("correlate.ingest.control.messages")
            .description("CloudWatch CONTROL_MESSAGE documents dropped")
            .tag("intake", tag)
            .register(registry),
        Timer.builder("correlate.ingest.produce.latency")
            .description("from the first send of a batch until Kafka acknowledged all of it")
            .tag("intake", tag)
            .publishPercentileHistogram()
            .register(registry));
  }

  private static String tag(RawLogEvent.Intake intake) {
    return intake.name().toLowerCase(Locale.ROOT);
  }
}

package dev.correlate.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The pipeline families that several parts of the streams service count into (the topology's steps,
 * the dead-letter handlers, the indexer): named here once. A Micrometer registry hands every caller
 * the same meter for the same name and tags, so each part registers what it needs without sharing
 * objects. Every family is in the metric contract (deploy/prometheus/metrics.json) and
 * docs/operations.md.
 */
final class StreamsMeters {
  /** Steps of {@code correlate_streams_records_in_total} and {@code _out_total}. */
  static final String STITCH = "stitch";

  static final String ALIAS_RESOLVER = "alias_resolver";
  static final String TIMELINE_AGGREGATOR = "timeline_aggregator";
  static final String INDEXER = "indexer";

  /**
   * Reasons with which the topology and its exception handlers quarantine records (stage {@code
   * streams}).
   */
  static final List<String> STREAMS_REASONS =
      List.of(
          "bad_raw_event",
          "parse_failed",
          "deserialization_failed",
          "processing_failed",
          "serialization_failed",
          "production_failed");

  /** Reasons with which the indexer quarantines records (stage {@code indexer}). */
  static final List<String> INDEXER_REASONS =
      List.of(Indexer.OPENSEARCH_REJECTED, Indexer.UNREADABLE_RECORD);

  private StreamsMeters() {}

  /** Records read by {@code step}. */
  static Counter recordsIn(MeterRegistry registry, String step) {
    return Counter.builder("correlate.streams.records.in")
        .description("records read by a step of the pipeline")
        .tag("step", step)
        .register(registry);
  }

  /** Records written by {@code step}. */
  static Counter recordsOut(MeterRegistry registry, String step) {
    return Counter.builder("correlate.streams.records.out")
        .description(
            "records written by a step of the pipeline (the indexer: documents acknowledged)")
        .tag("step", step)
        .register(registry);
  }

  /**
   * Records sent to the dead-letter topic by {@code stage} (the {@code correlate.stage} header) for
   * {@code reason}.
   */
  static Counter deadLetters(MeterRegistry registry, String stage, String reason) {
    return Counter.builder("correlate.streams.dead.letters")
        .description("records sent to the dead-letter topic")
        .tag("stage", stage)
        .tag("reason", reason)
        .register(registry);
  }

  /**
   * Registers the dead-letter counters of {@code stage} for every known reason at 0, so that an
   * alert on their increase sees the first one.
   */
  static void registerDeadLetters(MeterRegistry registry, String stage, List<String> reasons) {
    reasons.forEach(reason -> deadLetters(registry, stage, reason));
  }
}

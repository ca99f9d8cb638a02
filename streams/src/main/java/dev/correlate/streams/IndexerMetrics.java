package dev.correlate.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The indexer's loop, counted: records consumed ({@code
 * correlate_streams_records_in_total{step="indexer"}}), documents acknowledged ({@code
 * _out_total}), records dead-lettered by reason, and the freshness of every event written: from
 * ingest's receipt ({@code received_at}) to the store acknowledging the bulk that wrote it ({@code
 * correlate_indexer_event_freshness_seconds}). Owned by the indexer's thread.
 */
final class IndexerMetrics {
  private final MeterRegistry registry;
  private final Counter in;
  private final Counter out;
  private final Timer freshness;

  /**
   * When ingest received each buffered event, by its record: written down at the flush that
   * acknowledges it.
   */
  private final Map<ConsumerRecord<byte[], byte[]>, Long> receivedAt = new IdentityHashMap<>();

  IndexerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.in = StreamsMeters.recordsIn(registry, StreamsMeters.INDEXER);
    this.out = StreamsMeters.recordsOut(registry, StreamsMeters.INDEXER);
    StreamsMeters.registerDeadLetters(registry, DeadLetters.INDEXER, StreamsMeters.INDEXER_REASONS);
    this.freshness =
        Timer.builder("correlate.indexer.event.freshness")
            .description(
                "from ingest's receipt of an event to the store acknowledging its document")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(100))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
  }

  void consumed(int records) {
    in.increment(records);
  }

  /** An event record was buffered; ingest received the event at {@code receivedAtMs}. */
  void buffered(ConsumerRecord<byte[], byte[]> record, long receivedAtMs) {
    receivedAt.put(record, receivedAtMs);
  }

  /**
   * The store acknowledged {@code documents} at {@code nowMs} but refused the documents of {@code
   * refused}.
   */
  void acknowledged(int documents, Collection<ConsumerRecord<byte[], byte[]>> refused, long nowMs) {
    refused.forEach(receivedAt::remove);
    receivedAt.values().forEach(at -> freshness.record(Duration.ofMillis(Math.max(0, nowMs - at))));
    receivedAt.clear();
    out.increment(documents - refused.size());
  }

  /** What was buffered will be read again (an outage, a rebalance): nothing of it was written. */
  void forgotten() {
    receivedAt.clear();
  }

  void deadLettered(String reason) {
    StreamsMeters.deadLetters(registry, DeadLetters.INDEXER, reason).increment();
  }
}

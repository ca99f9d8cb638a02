package dev.correlate.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The indexer's loop, counted: records consumed ({@code
 * correlate_streams_records_in_total{step="indexer"}}), documents acknowledged ({@code
 * _out_total}), records dead-lettered by reason, and the freshness of every event written: from
 * ingest's receipt ({@code received_at}) to the store acknowledging the bulk that wrote it ({@code
 * correlate_indexer_event_freshness_seconds}), and the bulks held back because they shared an event
 * id with the bulk in flight ({@code correlate_indexer_bulks_held_back_total}). Owned by the
 * indexer's thread.
 */
final class IndexerMetrics {
  private final MeterRegistry registry;
  private final Counter in;
  private final Counter out;
  private final Timer freshness;
  private final Counter heldBack;

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
    this.heldBack =
        Counter.builder("correlate.indexer.bulks.held.back")
            .description(
                "bulks sent only once the bulk in flight was acknowledged, since both held a copy of"
                    + " one event")
            .register(registry);
  }

  void consumed(int records) {
    in.increment(records);
  }

  /**
   * The store acknowledged {@code documents} at {@code nowMs} but refused the documents of {@code
   * refused}; {@code receivedAt} says when ingest received each event of the bulk, by its record.
   */
  void acknowledged(
      Map<ConsumerRecord<byte[], byte[]>, Long> receivedAt,
      int documents,
      Collection<ConsumerRecord<byte[], byte[]>> refused,
      long nowMs) {
    Set<ConsumerRecord<byte[], byte[]>> notWritten =
        Collections.newSetFromMap(new IdentityHashMap<>());
    notWritten.addAll(refused);
    for (var received : receivedAt.entrySet()) {
      if (!notWritten.contains(received.getKey())) {
        freshness.record(Duration.ofMillis(Math.max(0, nowMs - received.getValue())));
      }
    }
    out.increment(documents - refused.size());
  }

  /** A bulk waited for the one in flight before it was sent. */
  void heldBack() {
    heldBack.increment();
  }

  void deadLettered(String reason) {
    StreamsMeters.deadLetters(registry, DeadLetters.INDEXER, reason).increment();
  }
}

package dev.correlate.streams;

import dev.correlate.storage.BulkObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The indexer's bulk requests, as its writer reports them: {@code
 * correlate_indexer_bulk_latency_seconds} (sent to answered, whatever the answer) and {@code
 * correlate_indexer_bulk_failures_total} (documents not acknowledged, by {@link
 * BulkObserver.Failure}; every reason exists at 0 from the start).
 */
final class BulkMetrics implements BulkObserver {
  private final Timer latency;
  private final Map<Failure, Counter> failures = new EnumMap<>(Failure.class);

  BulkMetrics(MeterRegistry registry) {
    this.latency =
        Timer.builder("correlate.indexer.bulk.latency")
            .description("one bulk request to the store, sent to answered")
            .publishPercentileHistogram()
            .register(registry);
    for (Failure failure : Failure.values()) {
      failures.put(
          failure,
          Counter.builder("correlate.indexer.bulk.failures")
              .description("documents a bulk request did not get acknowledged, by why")
              .tag("reason", failure.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  @Override
  public void answered(long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void failed(Failure failure, int documents) {
    failures.get(failure).increment(documents);
  }
}

package dev.correlate.core.store;

import dev.correlate.core.health.CheckResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The write side of Correlate's storage: what the indexer hands over. Writes are buffered with
 * {@link #add} and sent by {@link #flush}; every write is idempotent by its {@link
 * TimelineWrite#id()} (and version), so a replay after a crash is harmless. The implementation
 * lives outside core ({@code OpenSearchTimelineWriter} in module storage-opensearch); the contract
 * suite checks what it writes through {@link TimelineQueries}.
 *
 * <p>Not thread-safe: one writer per consumer loop.
 *
 * @param <C> the caller's handle on a write's origin, handed back with a {@link
 *     TimelineWrite.Refused refusal}
 */
public interface TimelineWriter<C> {
  /**
   * Makes the store ready for writes (index templates, indices); idempotent, called before the
   * first write.
   *
   * @throws StorageUnavailableException when the store cannot be prepared now; call again later
   */
  void prepare();

  /** Buffers {@code write}; {@code nowMs} is the caller's clock, used by {@link #due}. */
  void add(TimelineWrite<C> write, long nowMs);

  /** Whether the buffer should be flushed now: full, or its oldest write is old enough. */
  boolean due(long nowMs);

  /** Writes buffered and not yet acknowledged. */
  int pending();

  /** Drops the buffer without writing (the caller lost ownership of the writes' origins). */
  void clear();

  /**
   * Writes everything buffered. Returns the writes refused for good; all others are acknowledged by
   * the store when this returns.
   *
   * @throws StorageUnavailableException when the store does not acknowledge (unreachable,
   *     overloaded after retries, refusing the request as a whole); the unacknowledged writes stay
   *     buffered
   */
  List<TimelineWrite.Refused<C>> flush();

  /**
   * Takes everything buffered as one bulk and writes it on {@code sender}, so that the caller can
   * buffer the next bulk meanwhile: the buffer is empty when this returns. The future completes
   * with the writes refused for good once the store acknowledged all others, or exceptionally with
   * {@link StorageUnavailableException} when the store does not acknowledge (how much of the bulk
   * was stored is then unknown: the caller writes it again). Bulks in flight together may be stored
   * in any order, so a caller that writes one unversioned id twice waits for the first bulk before
   * sending the second.
   *
   * <p>By default the bulk is written at once on the caller's thread, by {@link #flush()}: enough
   * for a store whose writes are cheap.
   */
  default CompletableFuture<List<TimelineWrite.Refused<C>>> send(Executor sender) {
    try {
      return CompletableFuture.completedFuture(flush());
    } catch (RuntimeException e) {
      clear();
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Whether the store takes writes; never throws. */
  CheckResult check();
}

package dev.correlate.core.store;

import dev.correlate.core.health.CheckResult;
import java.util.List;

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

  /** Whether the store takes writes; never throws. */
  CheckResult check();
}

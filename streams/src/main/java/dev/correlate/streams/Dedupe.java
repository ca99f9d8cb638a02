package dev.correlate.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The CloudWatch event ids a stitch task has seen, written to its changelog in batches: one record
 * per commit (more only past {@link #MAX_BATCH_CHARS}) instead of one per event.
 *
 * <ul>
 *   <li>{@code dedupe-batches} (changelogged, not cached) holds the ids first seen during one
 *       commit, keyed {@code <expiry>|<sequence>} ({@link Timers#key}): the batch expires {@link
 *       TopologySettings#dedupeWindow()} of event time after the newest event in it, so the store's
 *       key order is expiry order and expiry reads only what is due.
 *   <li>{@code dedupe-index} (RocksDB, no changelog) maps each id to nothing; it is what a
 *       duplicate check reads, and {@link #start} rebuilds it from the batches, like the timer
 *       indices ({@link Timers}).
 * </ul>
 *
 * The batch open during a commit is held in memory and written when the task is about to commit
 * ({@link PreCommitHook}), inside the transaction of the input it covers: after a crash the
 * changelog holds exactly the ids of committed input, and the index, rebuilt from it, neither lets
 * a committed event through again nor drops a redone one as a duplicate. Event time is the task's
 * stream time here: the newest event timestamp it has recorded (restored with the batches).
 */
final class Dedupe implements PreCommitHook.Listener {
  /**
   * Ids per batch record, in characters: far below the record budget (at least 2 MiB) even with
   * every character escaped in JSON; ≈ 4 700 of CloudWatch's 56-digit ids. Only a single id longer
   * than this makes a larger batch, and it came in a raw record within the budget.
   */
  static final int MAX_BATCH_CHARS = 256 << 10;

  /** A batch's value: the ids first seen during one commit. */
  record Batch(List<String> ids) {
    Batch {
      ids = ids == null ? List.of() : List.copyOf(ids);
    }
  }

  private final long windowMs;
  private final KeyValueStore<String, Batch> batches;
  private final KeyValueStore<String, String> index;
  private final List<String> open = new ArrayList<>();
  private int openChars;
  private long openNewest = Long.MIN_VALUE;
  private long streamTime = Long.MIN_VALUE;
  private long earliestExpiry = Long.MAX_VALUE;
  private long sequence;

  Dedupe(
      TopologySettings settings,
      KeyValueStore<String, Batch> batches,
      KeyValueStore<String, String> index) {
    this.windowMs = settings.dedupeWindow().toMillis();
    this.batches = batches;
    this.index = index;
  }

  /**
   * Rebuilds the index, the stream time and the next batch sequence from the stored batches; drops
   * the open batch (its input is redone).
   */
  void start() {
    discard();
    Timers.clear(index);
    sequence = 0;
    streamTime = Long.MIN_VALUE;
    earliestExpiry = Long.MAX_VALUE;
    try (KeyValueIterator<String, Batch> all = batches.all()) {
      all.forEachRemaining(
          kv -> {
            kv.value.ids().forEach(id -> index.put(id, ""));
            sequence = Math.max(sequence, Long.parseLong(Timers.target(kv.key), 16) + 1);
            streamTime = Math.max(streamTime, Timers.dueAt(kv.key) - windowMs);
            earliestExpiry = Math.min(earliestExpiry, Timers.dueAt(kv.key));
          });
    }
  }

  /**
   * Whether {@code eventId} was seen before; if not, it is recorded as seen at {@code timestamp}
   * (event time).
   */
  boolean seen(String eventId, long timestamp) {
    if (index.get(eventId) != null) {
      return true;
    }
    if (openChars + eventId.length() > MAX_BATCH_CHARS) {
      // written within the transaction: as exact as at its end
      writeOpen();
    }
    index.put(eventId, "");
    open.add(eventId);
    openChars += eventId.length();
    openNewest = Math.max(openNewest, timestamp);
    streamTime = Math.max(streamTime, timestamp);
    return false;
  }

  /** Writes the open batch and deletes the batches whose window has passed. */
  @Override
  public void beforeCommit() {
    writeOpen();
    // the store is scanned only when a batch is due: an in-memory store copies its keys per scan
    if (streamTime < earliestExpiry) {
      return;
    }
    for (String due : Timers.due(batches, streamTime)) {
      Batch expired = batches.delete(due);
      if (expired != null) {
        expired.ids().forEach(index::delete);
      }
    }
    try (KeyValueIterator<String, Batch> rest = batches.all()) {
      earliestExpiry = rest.hasNext() ? Timers.dueAt(rest.peekNextKey()) : Long.MAX_VALUE;
    }
  }

  /**
   * The open batch's input is thrown away; its ids stay in the index until {@link #start}, which
   * always follows (the task's processors are initialized again).
   */
  @Override
  public void discard() {
    open.clear();
    openChars = 0;
    openNewest = Long.MIN_VALUE;
  }

  private void writeOpen() {
    if (open.isEmpty()) {
      return;
    }
    // never negative, so that key order stays expiry order (Timers); never past the largest key
    long expiry = Math.max(0, Math.min(openNewest, Long.MAX_VALUE - windowMs) + windowMs);
    batches.put(Timers.key(expiry, Long.toHexString(sequence++)), new Batch(open));
    earliestExpiry = Math.min(earliestExpiry, expiry);
    discard();
  }
}

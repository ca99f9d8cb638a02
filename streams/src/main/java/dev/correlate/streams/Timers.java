package dev.correlate.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A time-ordered index of wall-clock timers in a string store: key {@code <due time as 16 hex
 * digits>|<target>}, so that the store's key order is due order (timers are never negative) and a
 * punctuator reads only what is due, never the whole store.
 */
final class Timers {
  private Timers() {}

  static String key(long dueAt, String target) {
    String hex = Long.toHexString(dueAt);
    return "0".repeat(16 - hex.length()) + hex + "|" + target;
  }

  /**
   * The keys of the timers due at {@code now}, earliest first; the caller deletes each one as it
   * fires it.
   */
  static List<String> due(KeyValueStore<String, ?> timers, long now) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, ?> it = timers.all()) {
      while (it.hasNext()) {
        String key = it.next().key;
        if (dueAt(key) > now) {
          break;
        }
        due.add(key);
      }
    }
    return due;
  }

  /**
   * Empties an index that is about to be rebuilt: it has no changelog, so after a crash it may hold
   * entries of work that was never committed.
   */
  static void clear(KeyValueStore<String, String> index) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = index.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(index::delete);
  }

  /** When a timer key is due. */
  static long dueAt(String key) {
    return Long.parseLong(key.substring(0, 16), 16);
  }

  /** What a timer key is for. */
  static String target(String key) {
    return key.substring(17);
  }
}

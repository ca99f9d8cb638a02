package dev.correlate.streams;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A write-back cache of live values in front of a changelogged store: a value read or put stays
 * deserialized, and is serialized into the store underneath only when Kafka Streams flushes the
 * store (every commit) or when it is evicted (least recently used, beyond {@code capacity}). The
 * timeline aggregator reads and rewrites its timeline's aggregate for every event; serializing it
 * each time was a third of the stream thread's CPU (docs/performance.md).
 *
 * <p>Safe under exactly-once because, before it commits a task's transaction, Streams flushes the
 * caches of the task's stores that are {@link CachedStateStore}s (as its own record cache is):
 * {@link #flushCache} writes every changed value, so everything a commit covers is in the changelog
 * by then. That interface is internal to Kafka Streams (docs/decisions.md); {@code
 * StreamsPipelineIT}'s SIGKILL test is what fails if a Streams upgrade stops calling it. A task
 * closed uncleanly is restored from the changelog, and {@link #clearCache}, {@link #init} and
 * {@link #close} drop the live values. Values are shared with the caller: whoever changes one must
 * {@link #put} it again, which marks it for writing.
 */
final class LiveObjectStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {
  private final KeyValueStore<String, V> inner;
  private final int capacity;
  private final LinkedHashMap<String, V> live = new LinkedHashMap<>(64, 0.75f, true);
  private final Set<String> dirty = new HashSet<>();

  LiveObjectStore(KeyValueStore<String, V> inner, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.inner = inner;
    this.capacity = capacity;
  }

  /** A builder of this store over the store {@code inner} builds. */
  static <V> StoreBuilder<KeyValueStore<String, V>> over(
      StoreBuilder<KeyValueStore<String, V>> inner, int capacity) {
    return new StoreBuilder<>() {
      @Override
      public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
        inner.withCachingEnabled();
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
        inner.withCachingDisabled();
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
      }

      @Override
      public KeyValueStore<String, V> build() {
        return new LiveObjectStore<>(inner.build(), capacity);
      }

      @Override
      public Map<String, String> logConfig() {
        return inner.logConfig();
      }

      @Override
      public boolean loggingEnabled() {
        return inner.loggingEnabled();
      }

      @Override
      public String name() {
        return inner.name();
      }
    };
  }

  @Override
  public V get(String key) {
    V value = live.get(key);
    if (value == null) {
      value = inner.get(key);
      if (value != null) {
        live.put(key, value);
        evict();
      }
    }
    return value;
  }

  @Override
  public void put(String key, V value) {
    if (value == null) {
      delete(key);
      return;
    }
    live.put(key, value);
    dirty.add(key);
    evict();
  }

  @Override
  public V putIfAbsent(String key, V value) {
    V existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<String, V>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public V delete(String key) {
    V value = live.remove(key);
    dirty.remove(key);
    V stored = inner.delete(key);
    return value != null ? value : stored;
  }

  private void evict() {
    Iterator<Map.Entry<String, V>> eldest = live.entrySet().iterator();
    while (live.size() > capacity) {
      Map.Entry<String, V> e = eldest.next();
      if (dirty.remove(e.getKey())) {
        inner.put(e.getKey(), e.getValue());
      }
      eldest.remove();
    }
  }

  private void writeBack() {
    for (String key : dirty) {
      inner.put(key, live.get(key));
    }
    dirty.clear();
  }

  // Scans are rare (tests, diagnostics): they see the store underneath once everything live is
  // written to it.

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    writeBack();
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<String, V> reverseRange(String from, String to) {
    writeBack();
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<String, V> all() {
    writeBack();
    return inner.all();
  }

  @Override
  public KeyValueIterator<String, V> reverseAll() {
    writeBack();
    return inner.reverseAll();
  }

  @Override
  public <S extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(
      P prefix, S serializer) {
    writeBack();
    return inner.prefixScan(prefix, serializer);
  }

  @Override
  public long approximateNumEntries() {
    writeBack();
    return inner.approximateNumEntries();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    live.clear();
    dirty.clear();
    inner.init(context, root);
  }

  @Override
  public void flushCache() {
    writeBack();
    if (inner instanceof CachedStateStore<?, ?> cached) {
      cached.flushCache();
    }
  }

  @Override
  public void clearCache() {
    live.clear();
    dirty.clear();
    if (inner instanceof CachedStateStore<?, ?> cached) {
      cached.clearCache();
    }
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public void flush() {
    writeBack();
    inner.flush();
  }

  @Override
  public void close() {
    live.clear();
    dirty.clear();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    writeBack();
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}

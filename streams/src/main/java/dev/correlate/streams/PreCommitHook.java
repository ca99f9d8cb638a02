package dev.correlate.streams;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that stores nothing and tells its processor when the task is about to commit.
 * Before Kafka Streams commits a task's transaction it flushes the caches of the task's stores that
 * are {@link CachedStateStore}s — its own record cache forwards a KTable's collapsed updates
 * downstream at that moment — so whatever the processor forwards from {@link #flushCache} is inside
 * the transaction that commits the input it was computed from. A processor that combines many input
 * records into fewer output records in memory ({@link TimelineCombiner}) hands them over here; if
 * it forwarded them after the commit instead, a crash between the two would lose them, since their
 * input would count as processed. Like {@link LiveObjectStore} this relies on an interface internal
 * to Kafka Streams (docs/decisions.md); {@code StreamsPipelineIT}'s SIGKILL test fails if an
 * upgrade stops calling it.
 */
final class PreCommitHook implements StateStore, CachedStateStore<Object, Object> {
  /** What the processor does at the hook. */
  interface Listener {
    /** The task is about to commit: forward everything held. */
    void beforeCommit();

    /** The task's uncommitted work is being thrown away: drop everything held. */
    void discard();
  }

  private static final Listener NONE =
      new Listener() {
        @Override
        public void beforeCommit() {}

        @Override
        public void discard() {}
      };

  private final String name;
  private Listener listener = NONE;
  private boolean open;

  PreCommitHook(String name) {
    this.name = name;
  }

  /**
   * A builder of the store {@code name}; it has no changelog (there is nothing in it to restore).
   */
  static StoreBuilder<PreCommitHook> builder(String name) {
    return new StoreBuilder<>() {
      @Override
      public StoreBuilder<PreCommitHook> withCachingEnabled() {
        return this;
      }

      @Override
      public StoreBuilder<PreCommitHook> withCachingDisabled() {
        return this;
      }

      @Override
      public StoreBuilder<PreCommitHook> withLoggingEnabled(Map<String, String> config) {
        return this;
      }

      @Override
      public StoreBuilder<PreCommitHook> withLoggingDisabled() {
        return this;
      }

      @Override
      public PreCommitHook build() {
        return new PreCommitHook(name);
      }

      @Override
      public Map<String, String> logConfig() {
        return Map.of();
      }

      @Override
      public boolean loggingEnabled() {
        return false;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  void listen(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void flushCache() {
    listener.beforeCommit();
  }

  @Override
  public void clearCache() {
    listener.discard();
  }

  @Override
  public boolean setFlushListener(
      CacheFlushListener<Object, Object> flushListener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> {});
    open = true;
  }

  @Override
  public void flush() {
    // nothing is stored
  }

  @Override
  public void close() {
    listener.discard();
    listener = NONE;
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return QueryResult.forUnknownQueryType(query, this);
  }

  @Override
  public Position getPosition() {
    return Position.emptyPosition();
  }
}

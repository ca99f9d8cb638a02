package dev.correlate.streams;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
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
 *
 * <p>The listener runs with its processor as Kafka Streams' current node (the one that was current
 * when it called {@link #listen}): the hook is called outside of {@code process()} and {@code
 * punctuate()}, where Streams has no current node to forward from. {@link LiveObjectStore} calls a
 * listener the same way ({@link Listening}), just before it writes its live values back.
 */
final class PreCommitHook implements StateStore, CachedStateStore<Object, Object> {
  /** What the processor does at the hook. */
  interface Listener {
    /** The task is about to commit: forward everything held. */
    void beforeCommit();

    /** The task's uncommitted work is being thrown away: drop everything held. */
    void discard();
  }

  /**
   * A listener and the processor node it forwards from; {@link #NONE} until a processor listens.
   */
  static final class Listening {
    static final Listening NONE =
        new Listening(
            null,
            new Listener() {
              @Override
              public void beforeCommit() {}

              @Override
              public void discard() {}
            });

    private final InternalProcessorContext<?, ?> context;
    private final ProcessorNode<?, ?, ?, ?> node;
    private final Listener listener;

    private Listening(InternalProcessorContext<?, ?> context, Listener listener) {
      this.context = context;
      this.node = context == null ? null : context.currentNode();
      this.listener = listener;
    }

    /**
     * {@code listener}, called by a store initialized with {@code storeContext} and forwarding as
     * the processor now initializing (whose {@code init} is calling this).
     */
    static Listening of(StateStoreContext storeContext, Listener listener) {
      return new Listening((InternalProcessorContext<?, ?>) storeContext, listener);
    }

    void beforeCommit() {
      if (context == null) {
        return;
      }
      ProcessorNode<?, ?, ?, ?> previous = context.currentNode();
      context.setCurrentNode(node);
      try {
        listener.beforeCommit();
      } finally {
        context.setCurrentNode(previous);
      }
    }

    void discard() {
      listener.discard();
    }
  }

  private final String name;
  private StateStoreContext context;
  private Listening listening = Listening.NONE;
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

  /** Calls {@code listener} from now on; called from the init of the processor it forwards as. */
  void listen(Listener listener) {
    this.listening = Listening.of(context, listener);
  }

  @Override
  public void flushCache() {
    listening.beforeCommit();
  }

  @Override
  public void clearCache() {
    listening.discard();
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
    this.context = context;
    context.register(root, (key, value) -> {});
    open = true;
  }

  @Override
  public void flush() {
    // nothing is stored
  }

  @Override
  public void close() {
    listening.discard();
    listening = Listening.NONE;
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

package dev.correlate.streams;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The timeline topology: raw CloudWatch events in; parsed, deduplicated, stitched events and
 * timeline summaries out. A pure factory: it creates no clients and reads no configuration; only
 * {@code StreamsMain} runs it.
 *
 * <pre>
 * sub-topology 1 (tasks by raw partition)
 * [raw] key=task:… (ECS awslogs streams) or group|stream (any other)
 *   ─► stitch (dedupe-batches, dedupe-index [rebuilt], dedupe-hook, stream-state [live objects];
 *       │       Lambda invocations in place: invocation-links [live objects, each with
 *       │       its open chunk of remembered events], invocation-remembered [closed chunks,
 *       │       live objects], invocation-remembered-ids and invocation-timers [rebuilt])
 *       ├─ unreadable ─► [deadletter]
 *       ├─ task links, AWS task state changes, task lines not keyed by their task,
 *       │  key=task:… ─► repartition "alias" ─► task-events
 *       ├─ task lines keyed by their task (in place) ─► task-events
 *       └─ resolved (no alias, or stitched in place) ───────────────────────────┐
 *   task-events ─► alias-resolver (alias-links, alias-remembered [live objects],│
 *               alias-remembered-ids and alias-timers [rebuilt]) ─► merge "resolved"
 *   resolved ─► by-event-id ─► [events] key=event id
 *   resolved ─► timeline-combiner (partial aggregates per timeline, held in memory, sent at the
 *               pre-commit hook: timeline-combine-hook) ─► repartition "timeline"
 * sub-topology 2 (tasks by timeline partition)
 *   "timeline" key=correlation:…|job:… ─► timeline-aggregator (timeline-summaries [live objects],
 *               timeline-timers and timeline-dirty [rebuilt]) ─► [timelines] key=timeline id (compacted)
 * </pre>
 *
 * A Lambda invocation ({@code req:<request id>}) writes one log stream, so its lines all come
 * through one raw partition and are stitched where they arrive. An ECS task's own streams (one per
 * container) are keyed by the task at ingest ({@code task:<task id>}), so its lines too are
 * stitched where they arrive; only AWS's events about the task and the lines of other services that
 * name it come from other streams, and reach the task's partition through the repartition by task,
 * which this sub-topology both writes and reads. The timeline repartition carries one partial
 * aggregate per timeline per commit, not one event per timeline.
 *
 * <p>Internal topics: {@code <application.id>-alias-repartition}, {@code
 * <application.id>-timeline-repartition} and one changelog per store that cannot be rebuilt (the
 * timer, dirty, dedupe and remembered-event indices have none: they are rebuilt from the stores
 * they index when their processor starts; the hooks store nothing). Both repartitions are keyed by
 * a plain string with the default partitioner, as ingest keys raw, so a task's own lines (raw
 * partition of {@code task:<id>}) and the links naming it (alias partition of {@code task:<id>})
 * meet in one stream task whatever their source.
 */
public final class TimelineTopology {
  static final Serde<String> KEYS = Serdes.String();
  static final Serde<LogEvent> EVENTS = new JsonSerde<>(LogEvent.class);
  static final Serde<TimelineSummary> SUMMARIES = new JsonSerde<>(TimelineSummary.class);
  static final Serde<Routed> ROUTED = new JsonSerde<>(Routed.class);
  static final Serde<TimelineState> PARTIALS = new JsonSerde<>(TimelineState.class);

  /**
   * Closed chunks of remembered events kept deserialized per stitcher: those closed or changed in a
   * commit (a chunk is at most {@link AliasStitcher#CHUNK_EVENTS} events; beyond, the least
   * recently used is written to the record cache underneath).
   */
  static final int LIVE_CHUNKS = 128;

  /**
   * Log streams' states kept deserialized per stitch processor: each is read and written again for
   * every event of its stream, which through the record cache alone was a JSON read and write per
   * event (docs/performance.md, "s7-thread"); live, a busy one is serialized once per commit. They
   * are small (an id, a multi-line error's state, a time), so many fit.
   */
  static final int LIVE_KEYS = 1024;

  /**
   * Aliases kept deserialized per stitcher, for the same reason as {@link #LIVE_KEYS}; fewer, as
   * each carries its open chunk of remembered events (up to {@link AliasStitcher#CHUNK_EVENTS}),
   * and an alias is busy for a few commits (a Lambda invocation's lines, a task's busy spell).
   */
  static final int LIVE_ALIASES = 256;

  private TimelineTopology() {}

  /**
   * The topology; its steps count what they read, write and quarantine, and its jobs' verdicts, in
   * {@code registry} ({@link CountedStep}, {@link JobMetrics}).
   */
  public static Topology build(Topics topics, TopologySettings settings, MeterRegistry registry) {
    LogEventParser parser = new LogEventParser(settings.parserRules());
    return build(topics, settings, parser::parse, true, registry);
  }

  /**
   * {@link #build(Topics, TopologySettings, Function, boolean, MeterRegistry)}, its metrics kept
   * aside.
   */
  static Topology build(
      Topics topics,
      TopologySettings settings,
      Function<RawLogEvent, LogEvent> parser,
      boolean persistent) {
    return build(topics, settings, parser, persistent, new SimpleMeterRegistry());
  }

  /**
   * The topology with another parser (tests state exactly what each line says) and, when not {@code
   * persistent}, in-memory stores (still changelogged; the test driver would otherwise fsync a
   * RocksDB checkpoint per record).
   */
  static Topology build(
      Topics topics,
      TopologySettings settings,
      Function<RawLogEvent, LogEvent> parser,
      boolean persistent,
      MeterRegistry registry) {
    JobMetrics jobs = new JobMetrics(registry);
    StreamsMeters.registerDeadLetters(registry, DeadLetters.STREAMS, StreamsMeters.STREAMS_REASONS);
    StreamsBuilder builder = new StreamsBuilder();
    // the ids seen, a batch per commit, and their index (rebuilt from the batches at start)
    builder.addStateStore(kv(StitchProcessor.DEDUPE_BATCHES_STORE, Dedupe.Batch.class, persistent));
    builder.addStateStore(index(StitchProcessor.DEDUPE_INDEX_STORE, persistent));
    builder.addStateStore(PreCommitHook.builder(StitchProcessor.DEDUPE_HOOK_STORE));
    builder.addStateStore(
        LiveObjectStore.over(
            kv(StitchProcessor.STREAM_STATE_STORE, StitchProcessor.StreamState.class, persistent)
                .withCachingEnabled(),
            LIVE_KEYS));
    stitchStores(
        builder,
        StitchProcessor.INVOCATION_LINKS_STORE,
        StitchProcessor.INVOCATION_CHUNKS_STORE,
        StitchProcessor.INVOCATION_REMEMBERED_STORE,
        StitchProcessor.INVOCATION_TIMERS_STORE,
        persistent);
    stitchStores(
        builder,
        AliasResolver.LINKS_STORE,
        AliasResolver.CHUNKS_STORE,
        AliasResolver.REMEMBERED_STORE,
        AliasResolver.TIMERS_STORE,
        persistent);
    // live: a busy timeline is serialized, written to RocksDB and its changelog once per commit,
    // not once per event
    builder.addStateStore(
        LiveObjectStore.over(
            kv(TimelineAggregator.SUMMARIES_STORE, TimelineState.class, persistent),
            settings.liveTimelines()));
    // rebuilt from the aggregates at start: no changelog
    builder.addStateStore(index(TimelineAggregator.TIMERS_STORE, persistent));
    builder.addStateStore(index(TimelineAggregator.DIRTY_STORE, persistent));
    builder.addStateStore(PreCommitHook.builder(TimelineCombiner.HOOK_STORE));

    KStream<String, Routed> stitched =
        builder.stream(topics.raw(), Consumed.with(KEYS, Serdes.ByteArray()).withName("raw-source"))
            .process(
                CountedStep.of(
                    StreamsMeters.STITCH, () -> new StitchProcessor(settings, parser), registry),
                Named.as("stitch"),
                StitchProcessor.DEDUPE_BATCHES_STORE,
                StitchProcessor.DEDUPE_INDEX_STORE,
                StitchProcessor.DEDUPE_HOOK_STORE,
                StitchProcessor.STREAM_STATE_STORE,
                StitchProcessor.INVOCATION_LINKS_STORE,
                StitchProcessor.INVOCATION_CHUNKS_STORE,
                StitchProcessor.INVOCATION_REMEMBERED_STORE,
                StitchProcessor.INVOCATION_TIMERS_STORE);

    Map<String, KStream<String, Routed>> routes =
        stitched
            .split(Named.as("route-"))
            .branch((key, value) -> value.rejected() != null, Branched.as("rejected"))
            .branch((key, value) -> value.resolved() != null, Branched.as("resolved"))
            .branch((key, value) -> value.local() != null, Branched.as("local-task"))
            .defaultBranch(Branched.as("task"));

    routes
        .get("route-rejected")
        .mapValues(Routed::rejected, Named.as("rejected-bytes"))
        .to(
            topics.deadLetter(),
            Produced.with(KEYS, Serdes.ByteArray()).withName("dead-letter-sink"));

    // a task's own lines meet its links and AWS's events about it here: on the raw partition of the
    // task's key, which is also the task's partition of the repartition (same key, same default
    // partitioner, and Streams gives a repartition the partition count of the sub-topology's
    // source)
    KStream<String, Resolved> resolved =
        routes
            .get("route-task")
            .repartition(
                Repartitioned.<String, Routed>as("alias").withKeySerde(KEYS).withValueSerde(ROUTED))
            .merge(
                routes
                    .get("route-local-task")
                    .mapValues(value -> Routed.event(value.local()), Named.as("local-task-event")),
                Named.as("task-events"))
            .process(
                CountedStep.of(
                    StreamsMeters.ALIAS_RESOLVER, () -> new AliasResolver(settings), registry),
                Named.as("alias-resolver"),
                AliasResolver.LINKS_STORE,
                AliasResolver.CHUNKS_STORE,
                AliasResolver.REMEMBERED_STORE,
                AliasResolver.TIMERS_STORE)
            .merge(
                routes.get("route-resolved").mapValues(Routed::resolved, Named.as("stitched")),
                Named.as("resolved"));

    resolved
        .map(
            (key, value) -> KeyValue.pair(value.event().eventId(), value.event()),
            Named.as("by-event-id"))
        .to(topics.events(), Produced.with(KEYS, EVENTS).withName("events-sink"));

    resolved
        .process(
            () -> new TimelineCombiner(settings),
            Named.as("timeline-combiner"),
            TimelineCombiner.HOOK_STORE)
        .repartition(
            Repartitioned.<String, TimelineState>as("timeline")
                .withKeySerde(KEYS)
                .withValueSerde(PARTIALS))
        .process(
            CountedStep.of(
                StreamsMeters.TIMELINE_AGGREGATOR,
                () -> new TimelineAggregator(settings, jobs),
                registry),
            Named.as("timeline-aggregator"),
            TimelineAggregator.SUMMARIES_STORE,
            TimelineAggregator.TIMERS_STORE,
            TimelineAggregator.DIRTY_STORE)
        .to(topics.timelines(), Produced.with(KEYS, SUMMARIES).withName("timelines-sink"));

    return builder.build();
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> kv(
      String name, Class<V> type, boolean persistent) {
    Serde<V> values = type == String.class ? castString() : new JsonSerde<>(type);
    return Stores.keyValueStoreBuilder(
        persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
        KEYS,
        values);
  }

  /**
   * The stores of an {@link AliasStitcher}: aliases, each with its open chunk of remembered events,
   * and the closed chunks (live objects over cached stores: an alias or a chunk changed by many
   * events of one commit is serialized and written once, and read without deserializing), and the
   * index of remembered events and the timer index (both rebuilt from the aliases and chunks).
   */
  private static void stitchStores(
      StreamsBuilder builder,
      String links,
      String chunks,
      String remembered,
      String timers,
      boolean persistent) {
    builder.addStateStore(
        LiveObjectStore.over(
            kv(links, AliasStitcher.AliasState.class, persistent).withCachingEnabled(),
            LIVE_ALIASES));
    builder.addStateStore(
        LiveObjectStore.over(
            kv(chunks, AliasStitcher.Chunk.class, persistent).withCachingEnabled(), LIVE_CHUNKS));
    builder.addStateStore(index(remembered, persistent));
    builder.addStateStore(index(timers, persistent));
  }

  /**
   * An index that its processor rebuilds from another store whenever it starts ({@link
   * Timers#clear} first), so it needs no changelog. In RocksDB, not on the heap: a timer index has
   * an entry per remembered event, hundreds of thousands per task at full load.
   */
  private static StoreBuilder<KeyValueStore<String, String>> index(
      String name, boolean persistent) {
    return Stores.keyValueStoreBuilder(
            persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
            KEYS,
            Serdes.String())
        .withLoggingDisabled();
  }

  @SuppressWarnings("unchecked")
  private static <V> Serde<V> castString() {
    return (Serde<V>) Serdes.String();
  }
}

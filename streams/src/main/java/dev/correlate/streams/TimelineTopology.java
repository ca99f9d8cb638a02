package dev.correlate.streams;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.kafka.streams.state.WindowStore;

/**
 * The timeline topology: raw CloudWatch events in; parsed, deduplicated, stitched events and timeline summaries
 * out. A pure factory: it creates no clients and reads no configuration; only {@code StreamsMain} runs it.
 *
 * <pre>
 * [raw] key=group|stream ─► stitch (dedupe, stream-state) ─┬─ unreadable ─► [deadletter]
 *                                                          ├─ alias events + links ─► repartition "alias"
 *                                                          └─ no alias (key=event id) ──────────────┐
 *   "alias" key=req:…|task:… ─► alias-resolver (alias-links, alias-pending, alias-timers) ──merge────┤
 *                                                                                                   ▼
 *                                       by-event-id ─► [events] key=event id                 resolved
 *                                       fan-out (one record per timeline not yet counted) ─► repartition "timeline"
 *   "timeline" key=correlation:…|job:… ─► timeline-aggregator (timeline-summaries, timeline-timers, timeline-dirty)
 *                                       ─► [timelines] key=timeline id (compacted)
 * </pre>
 *
 * The alias of an event is its Lambda invocation ({@code req:<request id>}) or its ECS task ({@code task:<task id>}:
 * a task stream's lines and EventBridge "ECS Task State Change" events alike), so AWS's own events about a task
 * reach the timelines the task is linked to through the same resolver as the task's lines.
 *
 * Internal topics: {@code <application.id>-alias-repartition}, {@code <application.id>-timeline-repartition}
 * and one changelog per store. Both repartitions are keyed by a plain string with the default partitioner, so
 * an alias's events and the links naming it meet on one partition whatever their source.
 */
public final class TimelineTopology {
  static final Serde<String> KEYS = Serdes.String();
  static final Serde<LogEvent> EVENTS = new JsonSerde<>(LogEvent.class);
  static final Serde<TimelineSummary> SUMMARIES = new JsonSerde<>(TimelineSummary.class);
  static final Serde<Routed> ROUTED = new JsonSerde<>(Routed.class);
  static final Serde<TimelineInput> INPUTS = new JsonSerde<>(TimelineInput.class);

  private TimelineTopology() {}

  /**
   * The topology; its steps count what they read, write and quarantine, and its jobs' verdicts, in
   * {@code registry} ({@link CountedStep}, {@link JobMetrics}).
   */
  public static Topology build(Topics topics, TopologySettings settings, MeterRegistry registry) {
    LogEventParser parser = new LogEventParser(settings.parserRules());
    return build(topics, settings, parser::parse, true, registry);
  }

  /** {@link #build(Topics, TopologySettings, Function, boolean, MeterRegistry)}, its metrics kept aside. */
  static Topology build(Topics topics, TopologySettings settings, Function<RawLogEvent, LogEvent> parser,
                        boolean persistent) {
    return build(topics, settings, parser, persistent, new SimpleMeterRegistry());
  }

  /**
   * The topology with another parser (tests state exactly what each line says) and, when not {@code persistent},
   * in-memory stores (still changelogged; the test driver would otherwise fsync a RocksDB checkpoint per record).
   */
  static Topology build(Topics topics, TopologySettings settings, Function<RawLogEvent, LogEvent> parser,
                        boolean persistent, MeterRegistry registry) {
    JobMetrics jobs = new JobMetrics(registry);
    StreamsMeters.registerDeadLetters(registry, DeadLetters.STREAMS, StreamsMeters.STREAMS_REASONS);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(dedupeStore(settings, persistent));
    builder.addStateStore(kv(StitchProcessor.STREAM_STATE_STORE, StitchProcessor.StreamState.class, persistent)
        .withCachingEnabled());
    builder.addStateStore(kv(AliasResolver.LINKS_STORE, AliasResolver.AliasState.class, persistent)
        .withCachingEnabled());
    builder.addStateStore(kv(AliasResolver.PENDING_STORE, AliasResolver.Pending.class, persistent));
    builder.addStateStore(kv(AliasResolver.TIMERS_STORE, String.class, persistent));
    // live: a busy timeline is serialized, written to RocksDB and its changelog once per commit, not once per event
    builder.addStateStore(LiveObjectStore.over(kv(TimelineAggregator.SUMMARIES_STORE, TimelineState.class,
        persistent), settings.liveTimelines()));
    builder.addStateStore(kv(TimelineAggregator.TIMERS_STORE, String.class, persistent));
    builder.addStateStore(kv(TimelineAggregator.DIRTY_STORE, String.class, persistent).withCachingEnabled());

    KStream<String, Routed> stitched = builder
        .stream(topics.raw(), Consumed.with(KEYS, Serdes.ByteArray()).withName("raw-source"))
        .process(CountedStep.of(StreamsMeters.STITCH, () -> new StitchProcessor(settings, parser), registry),
            Named.as("stitch"), StitchProcessor.DEDUPE_STORE, StitchProcessor.STREAM_STATE_STORE);

    Map<String, KStream<String, Routed>> routes = stitched.split(Named.as("route-"))
        .branch((key, value) -> value.rejected() != null, Branched.as("rejected"))
        .branch((key, value) -> Routed.isAlias(key), Branched.as("alias"))
        .defaultBranch(Branched.as("direct"));

    routes.get("route-rejected")
        .mapValues(Routed::rejected, Named.as("rejected-bytes"))
        .to(topics.deadLetter(), Produced.with(KEYS, Serdes.ByteArray()).withName("dead-letter-sink"));

    KStream<String, Resolved> resolved = routes.get("route-alias")
        .repartition(Repartitioned.<String, Routed>as("alias").withKeySerde(KEYS).withValueSerde(ROUTED))
        .process(CountedStep.of(StreamsMeters.ALIAS_RESOLVER, () -> new AliasResolver(settings), registry),
            Named.as("alias-resolver"), AliasResolver.LINKS_STORE, AliasResolver.PENDING_STORE,
            AliasResolver.TIMERS_STORE)
        .merge(routes.get("route-direct").mapValues(r -> Resolved.fresh(r.event()), Named.as("direct-resolved")),
            Named.as("resolved"));

    resolved
        .map((key, value) -> KeyValue.pair(value.event().eventId(), value.event()), Named.as("by-event-id"))
        .to(topics.events(), Produced.with(KEYS, EVENTS).withName("events-sink"));

    resolved
        .flatMap(TimelineTopology::fanOut, Named.as("fan-out"))
        .repartition(Repartitioned.<String, TimelineInput>as("timeline").withKeySerde(KEYS).withValueSerde(INPUTS))
        .process(CountedStep.of(StreamsMeters.TIMELINE_AGGREGATOR, () -> new TimelineAggregator(settings, jobs),
            registry), Named.as("timeline-aggregator"),
            TimelineAggregator.SUMMARIES_STORE, TimelineAggregator.TIMERS_STORE, TimelineAggregator.DIRTY_STORE)
        .to(topics.timelines(), Produced.with(KEYS, SUMMARIES).withName("timelines-sink"));

    return builder.build();
  }

  /** One record per timeline of the event that it was not already counted in. */
  static List<KeyValue<String, TimelineInput>> fanOut(String key, Resolved resolved) {
    List<KeyValue<String, TimelineInput>> out = new ArrayList<>();
    LogEvent event = resolved.event();
    // one instance for all timelines: the repartition serializer then writes it once (JsonSerde)
    TimelineInput input = new TimelineInput(event, resolved.waitedOut());
    for (String timeline : Aliases.timelines(event.correlationIds(), event.jobIds())) {
      if (!resolved.counted().contains(timeline)) {
        out.add(KeyValue.pair(timeline, input));
      }
    }
    return out;
  }

  private static StoreBuilder<WindowStore<String, Long>> dedupeStore(TopologySettings settings,
                                                                    boolean persistent) {
    String name = StitchProcessor.DEDUPE_STORE;
    Duration window = Duration.ofMillis(1);
    return Stores.windowStoreBuilder(persistent
            ? Stores.persistentWindowStore(name, settings.dedupeWindow(), window, false)
            : Stores.inMemoryWindowStore(name, settings.dedupeWindow(), window, false),
        KEYS, Serdes.Long());
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> kv(String name, Class<V> type, boolean persistent) {
    Serde<V> values = type == String.class ? castString() : new JsonSerde<>(type);
    return Stores.keyValueStoreBuilder(
        persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name), KEYS, values);
  }

  @SuppressWarnings("unchecked")
  private static <V> Serde<V> castString() {
    return (Serde<V>) Serdes.String();
  }
}

package dev.correlate.streams;

import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Gives events the ids of their alias ({@code req:<lambda request id>} or {@code task:<ecs task
 * id>}), on the stores of the processor that owns it: {@link StitchProcessor} for Lambda
 * invocations (an invocation's lines are all in its log stream, so they reach the stitcher of that
 * stream's partition, with no repartition), and {@link AliasResolver} for ECS tasks (a task's own
 * lines arrive on the task's raw partition; AWS's events about it and the links that name it come
 * from other log streams, and reach that partition through a repartition by task).
 *
 * <p>An alias learns ids from every event keyed by it that names ids, and from every link. An event
 * gets the union of its own ids and its alias's ids. An event for an alias that knows no ids yet is
 * <em>held</em>; when ids arrive it is released enriched; after {@link TopologySettings#holdTime()}
 * it is released as it is, marked {@link Link.Via#UNLINKED}, so it stays visible; a Lambda
 * invocation's {@code REPORT} releases its held events at once. Events stay remembered for {@link
 * TopologySettings#pendingTtl()} after they were first seen: if the alias learns new ids meanwhile
 * they are emitted again, enriched, with the timelines they were already counted in (same event id,
 * so the indexer overwrites the earlier document). Memory is bounded: per alias ({@code
 * maxPendingPerAlias}) and per stitcher ({@code maxPendingPerTask}); past either bound an event
 * passes without being remembered. An alias's remembered events are stored together, in chunks of
 * up to {@link #CHUNK_EVENTS} in arrival order, so that a commit writes a record per chunk it
 * changed, not one per event; the chunk that takes new events is part of the alias's own record, so
 * that an alias whose events fit in one chunk (most Lambda invocations) is one record per commit,
 * and a full chunk is written on its own once. Aliases unused for {@link
 * TopologySettings#aliasTtl()} are forgotten. All expiry is driven by a wall-clock punctuator over
 * a time-ordered timer index, so no store is ever scanned whole, except once at start to rebuild
 * that index.
 */
final class AliasStitcher {
  /** A chunk takes events while it holds fewer than this many. */
  static final int CHUNK_EVENTS = 16;

  /**
   * A chunk also closes once its events' messages total this many characters, so that it stays far
   * below the record budget with one event of the largest size added.
   */
  static final int CHUNK_CHARS = 32 * 1024;

  /**
   * What an alias stands for.
   *
   * @param lastUsedAt wall clock of its last event or link
   * @param timerAt when its expiry timer is due
   * @param remembered how many of its events are remembered (in its stitcher's chunks): exact, so
   *     that a re-emission need not look for remembered events when there are none
   * @param openChunk the sequence number of its chunk that takes newly remembered events; the
   *     chunks before it are in the stitcher's chunk store
   * @param open that chunk's events, kept here rather than in the chunk store: the alias's record
   *     is written whenever an event is remembered anyway
   */
  record AliasState(
      List<String> correlationIds,
      List<String> jobIds,
      long lastUsedAt,
      long timerAt,
      int remembered,
      int openChunk,
      Chunk open) {
    AliasState {
      correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
      jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
      open = open == null ? Chunk.EMPTY : open;
    }

    boolean knowsIds() {
      return !correlationIds.isEmpty() || !jobIds.isEmpty();
    }

    AliasState withChunks(int count, int chunk, Chunk events) {
      return new AliasState(correlationIds, jobIds, lastUsedAt, timerAt, count, chunk, events);
    }

    AliasState withTimer(long at) {
      return new AliasState(correlationIds, jobIds, lastUsedAt, at, remembered, openChunk, open);
    }
  }

  /**
   * An event remembered under its alias.
   *
   * @param event the event as it arrived (its own ids only)
   * @param counted timelines it was sent to so far
   * @param released whether it was emitted already
   * @param seenAt wall-clock arrival
   */
  record Pending(LogEvent event, List<String> counted, boolean released, long seenAt) {
    Pending {
      counted = counted == null ? List.of() : List.copyOf(counted);
    }
  }

  /**
   * Remembered events of one alias, in arrival order: one record for up to {@link #CHUNK_EVENTS}
   * events, so that the events of a Lambda invocation or of a task's commit are written once, not
   * one record each.
   */
  record Chunk(List<Pending> events) {
    static final Chunk EMPTY = new Chunk(List.of());

    Chunk {
      events = List.copyOf(events);
    }

    int indexOf(String eventId) {
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).event().eventId().equals(eventId)) {
          return i;
        }
      }
      return -1;
    }

    boolean full() {
      int chars = 0;
      for (Pending p : events) {
        chars += p.event().message() == null ? 0 : p.event().message().length();
      }
      return events.size() >= CHUNK_EVENTS || chars >= CHUNK_CHARS;
    }

    Chunk with(int i, Pending p) {
      List<Pending> out = new ArrayList<>(events);
      out.set(i, p);
      return new Chunk(out);
    }

    Chunk plus(Pending p) {
      List<Pending> out = new ArrayList<>(events);
      out.add(p);
      return new Chunk(out);
    }

    Chunk without(int i) {
      List<Pending> out = new ArrayList<>(events);
      out.remove(i);
      return new Chunk(out);
    }

    /** Each event through {@code step}; this chunk itself when {@code step} changed none. */
    Chunk map(UnaryOperator<Pending> step) {
      Chunk out = this;
      for (int i = 0; i < events.size(); i++) {
        Pending p = events.get(i);
        Pending next = step.apply(p);
        if (next != p) {
          out = out.with(i, next);
        }
      }
      return out;
    }
  }

  /** Where a resolved event goes. */
  interface Emitter {
    void emit(String alias, Resolved resolved, long timestamp);
  }

  private final TopologySettings settings;
  private final KeyValueStore<String, AliasState> links;
  private final KeyValueStore<String, Chunk> chunks;
  private final KeyValueStore<String, String> remembered;
  private final KeyValueStore<String, String> timers;
  private final Emitter emitter;
  private long pendingCount;

  /**
   * A stitcher over its processor's stores: aliases (each with its open chunk), the chunks closed
   * before it (key {@code <alias>|<sequence>}), and two indices without changelog that {@link
   * #start} rebuilds from the aliases and chunks: {@code remembered} ({@code <alias>|<event id>} →
   * the key of its chunk, open or closed) and {@code timers}.
   */
  AliasStitcher(
      TopologySettings settings,
      KeyValueStore<String, AliasState> links,
      KeyValueStore<String, Chunk> chunks,
      KeyValueStore<String, String> remembered,
      KeyValueStore<String, String> timers,
      Emitter out) {
    this.settings = settings;
    this.links = links;
    this.chunks = chunks;
    this.remembered = remembered;
    this.timers = timers;
    this.emitter = out;
  }

  /**
   * Rebuilds the indices from the stored aliases and chunks, and counts the remembered events:
   * every due time follows from what is stored (an alias's {@code timerAt}; an event's arrival,
   * hold and memory), so the indices need no changelog. An alias whose count differs from its
   * events (stored by a version that kept one record per event, whose events this one does not
   * read) is recounted. A chunk stored under an alias's open number or above was written by a
   * version that kept the open chunk in the chunk store: it counts as closed, and the alias's open
   * chunk takes the next number.
   */
  void start() {
    Timers.clear(timers);
    Timers.clear(remembered);
    pendingCount = 0;
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Integer> lastClosed = new HashMap<>();
    try (KeyValueIterator<String, Chunk> all = chunks.all()) {
      all.forEachRemaining(
          kv -> {
            String alias = aliasOf(kv.key);
            index(alias, kv.key, kv.value);
            counts.merge(alias, kv.value.events().size(), Integer::sum);
            lastClosed.merge(alias, sequenceOf(kv.key), Math::max);
          });
    }
    List<KeyValue<String, AliasState>> corrected = new ArrayList<>();
    try (KeyValueIterator<String, AliasState> all = links.all()) {
      all.forEachRemaining(
          kv -> {
            AliasState state = kv.value;
            timers.put(Timers.key(state.timerAt(), "A|" + kv.key), "");
            int open = Math.max(state.openChunk(), lastClosed.getOrDefault(kv.key, -1) + 1);
            index(kv.key, chunkKey(kv.key, open), state.open());
            int count = counts.getOrDefault(kv.key, 0) + state.open().events().size();
            if (count != state.remembered() || open != state.openChunk()) {
              corrected.add(KeyValue.pair(kv.key, state.withChunks(count, open, state.open())));
            }
          });
    }
    corrected.forEach(kv -> links.put(kv.key, kv.value));
  }

  /** Indexes the events of {@code alias}'s chunk stored at {@code key} and counts them. */
  private void index(String alias, String key, Chunk chunk) {
    for (Pending p : chunk.events()) {
      String id = idKey(alias, p.event().eventId());
      remembered.put(id, key);
      timers.put(Timers.key(dueAt(p), "P|" + id), "");
    }
    pendingCount += chunk.events().size();
  }

  /**
   * An event of {@code alias}: it teaches the alias its ids, and is emitted, held or remembered.
   */
  void onEvent(String alias, LogEvent event, long now, long timestamp) {
    AliasState before = known(alias, now);
    AliasState after = learn(before, event.correlationIds(), event.jobIds(), now);
    boolean learnt = learnt(before, after);
    after = accept(alias, event, after, now, timestamp);
    // the event itself is skipped by the re-emission: only the events remembered before it count
    if (learnt && before.remembered() > 0) {
      after = reemit(alias, after, event.eventId(), timestamp);
    }
    links.put(alias, after);
  }

  /** A line elsewhere named {@code alias} with ids. */
  void onLink(String alias, Routed.AliasLink link, long now, long timestamp) {
    AliasState before = known(alias, now);
    AliasState after = learn(before, link.correlationIds(), link.jobIds(), now);
    if (learnt(before, after) && after.remembered() > 0) {
      after = reemit(alias, after, null, timestamp);
    }
    links.put(alias, after);
  }

  private AliasState known(String alias, long now) {
    AliasState state = links.get(alias);
    if (state == null) {
      state =
          new AliasState(
              List.of(), List.of(), now, now + settings.aliasTtl().toMillis(), 0, 0, null);
      timers.put(Timers.key(state.timerAt(), "A|" + alias), "");
    }
    return state;
  }

  private static boolean learnt(AliasState before, AliasState after) {
    return !after.correlationIds().equals(before.correlationIds())
        || !after.jobIds().equals(before.jobIds());
  }

  /** Emits or holds {@code event}; returns the alias state with the event remembered in it. */
  private AliasState accept(
      String alias, LogEvent event, AliasState state, long now, long timestamp) {
    if (remembered.get(idKey(alias, event.eventId())) != null) {
      // a replay of an event already remembered: its earlier emission stands
      return state;
    }
    boolean remember =
        pendingCount < settings.maxPendingPerTask()
            && state.remembered() < settings.maxPendingPerAlias();
    if (state.knowsIds() || !remember) {
      LogEvent out = enrich(alias, event, state);
      emitter.emit(alias, Resolved.fresh(out), timestamp);
      return remember
          ? remember(alias, state, new Pending(event, timelinesOf(out), true, now))
          : state;
    }
    if (endsInvocation(alias, event)) {
      AliasState released = state.remembered() > 0 ? releaseHeld(alias, state, now) : state;
      emitter.emit(alias, Resolved.fresh(enrich(alias, event, released)), timestamp);
      return remember(alias, released, new Pending(event, List.of(), true, now));
    }
    return remember(alias, state, new Pending(event, List.of(), false, now));
  }

  /**
   * A Lambda invocation's REPORT is its last line in its log stream, and a stream's lines arrive in
   * order: no line of the invocation can name an id after it, so holding its events longer only
   * delays them (health checks).
   */
  private static boolean endsInvocation(String alias, LogEvent event) {
    return alias.startsWith(Aliases.REQUEST)
        && event.facts().lambda() != null
        && "REPORT".equals(event.facts().lambda().type());
  }

  /** Releases, unlinked, every event of {@code alias} still held; returns the alias's state. */
  private AliasState releaseHeld(String alias, AliasState state, long now) {
    return eachRemembered(alias, state, p -> p.released() ? p : releaseUnlinked(alias, p, now));
  }

  /** Emits a held event as it is, and returns it released. */
  private Pending releaseUnlinked(String alias, Pending p, long now) {
    LogEvent out =
        enrich(alias, p.event(), new AliasState(List.of(), List.of(), now, 0, 0, 0, null));
    emitter.emit(alias, new Resolved(out, List.of(), false), now);
    Pending released = new Pending(p.event(), List.of(), true, p.seenAt());
    timers.put(Timers.key(dueAt(released), "P|" + idKey(alias, p.event().eventId())), "");
    return released;
  }

  /**
   * Adds {@code p} to the alias's open chunk. A chunk that this fills is closed at once: written to
   * the chunk store under its number, in the commit that filled it, and the next number opens (kept
   * open until the next event, it would be written once more with the alias, and again when
   * closed).
   */
  private AliasState remember(String alias, AliasState state, Pending p) {
    int seq = state.openChunk();
    String id = idKey(alias, p.event().eventId());
    remembered.put(id, chunkKey(alias, seq));
    timers.put(Timers.key(dueAt(p), "P|" + id), "");
    pendingCount++;
    Chunk open = state.open().plus(p);
    if (open.full()) {
      chunks.put(chunkKey(alias, seq), open);
      return state.withChunks(state.remembered() + 1, seq + 1, Chunk.EMPTY);
    }
    return state.withChunks(state.remembered() + 1, seq, open);
  }

  /** A held event is due at the end of its hold, a released one when it is to be forgotten. */
  private long dueAt(Pending p) {
    return p.seenAt() + (p.released() ? settings.pendingTtl() : settings.holdTime()).toMillis();
  }

  /**
   * Each remembered event of {@code alias} through {@code step}, in arrival order (its closed
   * chunks, then its open one); a closed chunk that changed is written back, and the alias's state
   * is returned with its open chunk as changed.
   */
  private AliasState eachRemembered(String alias, AliasState state, UnaryOperator<Pending> step) {
    for (String key : closedChunkKeysOf(alias, state)) {
      Chunk chunk = chunks.get(key);
      if (chunk == null) {
        continue;
      }
      Chunk out = chunk.map(step);
      if (out != chunk) {
        chunks.put(key, out);
      }
    }
    Chunk open = state.open().map(step);
    return open == state.open()
        ? state
        : state.withChunks(state.remembered(), state.openChunk(), open);
  }

  /**
   * The keys of the closed chunks that may hold the alias's remembered events. They are numbered
   * from 0 to {@link AliasState#openChunk} − 1, some of them gone once their events were forgotten:
   * while the numbers up to the open one are no more than its remembered events, they are the keys
   * (a missing chunk costs a point lookup, and is skipped), which spares a scan of the index of
   * remembered events — an iterator over RocksDB and the record cache, and an entry per event; it
   * was most of a re-emission's cost (docs/performance.md, "s7-thread"). A long-lived alias, whose
   * old chunks are forgotten, is scanned.
   */
  private Set<String> closedChunkKeysOf(String alias, AliasState state) {
    Set<String> keys = new LinkedHashSet<>();
    if (state.openChunk() < state.remembered()) {
      for (int seq = 0; seq < state.openChunk(); seq++) {
        keys.add(chunkKey(alias, seq));
      }
      return keys;
    }
    try (KeyValueIterator<String, String> it =
        remembered.prefixScan(alias + "|", new StringSerializer())) {
      it.forEachRemaining(kv -> keys.add(kv.value));
    }
    keys.remove(chunkKey(alias, state.openChunk()));
    return keys;
  }

  /**
   * Emits again every remembered event of {@code alias} that now belongs to more timelines; returns
   * the alias's state with those events marked.
   */
  private AliasState reemit(String alias, AliasState state, String skipEventId, long timestamp) {
    return eachRemembered(
        alias,
        state,
        p -> {
          if (p.event().eventId().equals(skipEventId)) {
            return p;
          }
          LogEvent enriched = enrich(alias, p.event(), state);
          List<String> target = timelinesOf(enriched);
          if (p.released() && p.counted().containsAll(target)) {
            return p;
          }
          boolean waitedOut = p.released() && p.counted().isEmpty();
          emitter.emit(alias, new Resolved(enriched, p.counted(), waitedOut), timestamp);
          return new Pending(p.event(), target, true, p.seenAt());
        });
  }

  private AliasState learn(
      AliasState state, List<String> correlationIds, List<String> jobIds, long now) {
    return new AliasState(
        bounded(state.correlationIds(), correlationIds),
        bounded(state.jobIds(), jobIds),
        now,
        state.timerAt(),
        state.remembered(),
        state.openChunk(),
        state.open());
  }

  private List<String> bounded(List<String> known, List<String> more) {
    Set<String> out = new LinkedHashSet<>(known);
    for (String id : more) {
      if (out.size() >= settings.maxIdsPerAlias()) {
        break;
      }
      out.add(id);
    }
    return List.copyOf(out);
  }

  private static LogEvent enrich(String alias, LogEvent event, AliasState state) {
    Set<String> correlation = new LinkedHashSet<>(event.correlationIds());
    correlation.addAll(state.correlationIds());
    Set<String> jobs = new LinkedHashSet<>(event.jobIds());
    jobs.addAll(state.jobIds());
    Link link;
    if (correlation.isEmpty() && jobs.isEmpty()) {
      link = new Link(Link.Via.UNLINKED, alias);
    } else if (correlation.size() == event.correlationIds().size()
        && jobs.size() == event.jobIds().size()) {
      link = Link.SELF;
    } else {
      link = new Link(Aliases.viaOf(alias), alias);
    }
    return event.withLink(List.copyOf(correlation), List.copyOf(jobs), link);
  }

  private static List<String> timelinesOf(LogEvent event) {
    return Aliases.timelines(event.correlationIds(), event.jobIds());
  }

  /**
   * Wall-clock punctuation: release held events, forget remembered ones and unused aliases when
   * due.
   */
  void expire(long now) {
    for (String timer : Timers.due(timers, now)) {
      timers.delete(timer);
      String target = Timers.target(timer);
      if (target.startsWith("P|")) {
        expirePending(target.substring(2), now);
      } else {
        expireAlias(target.substring(2), now);
      }
    }
  }

  private void expirePending(String id, long now) {
    String key = remembered.get(id);
    if (key == null) {
      return;
    }
    String alias = aliasOf(id);
    AliasState state = links.get(alias);
    // the alias's open chunk is in its state; closed ones in the chunk store
    boolean open = state != null && key.equals(chunkKey(alias, state.openChunk()));
    Chunk chunk = open ? state.open() : chunks.get(key);
    int i = chunk.indexOf(id.substring(id.lastIndexOf('|') + 1));
    Pending p = chunk.events().get(i);
    if (!p.released()) {
      Chunk out = chunk.with(i, releaseUnlinked(alias, p, now));
      if (open) {
        links.put(alias, state.withChunks(state.remembered(), state.openChunk(), out));
      } else {
        chunks.put(key, out);
      }
      return;
    }
    long forgetAt = dueAt(p);
    if (forgetAt > now) {
      // released before its hold ended (a link, or its invocation's REPORT): still remembered until
      // forgetAt
      timers.put(Timers.key(forgetAt, "P|" + id), "");
      return;
    }
    // an open chunk is written with the alias's state below
    Chunk rest = chunk.without(i);
    if (!open && rest.events().isEmpty()) {
      chunks.delete(key);
    } else if (!open) {
      chunks.put(key, rest);
    }
    remembered.delete(id);
    pendingCount--;
    if (state == null) {
      return;
    }
    AliasState after =
        state.withChunks(state.remembered() - 1, state.openChunk(), open ? rest : state.open());
    if (after.remembered() == 0 && aliasDueAt(after) <= now) {
      // its last remembered event was what kept the alias beyond its own expiry
      links.delete(alias);
    } else {
      links.put(alias, after);
    }
  }

  /**
   * Forgets an alias unused for {@code aliasTtl}, unless it still remembers events: its {@code
   * remembered} count must stay exact, since the re-emission scan is skipped when it is 0, and a
   * new alias state counting from 0 over events still remembered would skip it wrongly. An event is
   * normally forgotten no later than its alias ({@code pendingTtl ≤ aliasTtl}, and an event uses
   * its alias when it arrives), but the two timers can fall due together, alias first, and a wall
   * clock set back makes an alias's last use older than its events. Such an alias is deleted with
   * its last event ({@link #expirePending}); its timer is re-armed one {@code pendingTtl} later as
   * a backstop.
   */
  private void expireAlias(String alias, long now) {
    AliasState state = links.get(alias);
    if (state == null) {
      return;
    }
    long dueAt = aliasDueAt(state);
    if (dueAt <= now && state.remembered() == 0) {
      links.delete(alias);
      return;
    }
    long timerAt = dueAt > now ? dueAt : now + settings.pendingTtl().toMillis();
    links.put(alias, state.withTimer(timerAt));
    timers.put(Timers.key(timerAt, "A|" + alias), "");
  }

  private long aliasDueAt(AliasState state) {
    return state.lastUsedAt() + settings.aliasTtl().toMillis();
  }

  /** The alias of a chunk's key or of an event's key in the {@code remembered} index. */
  private static String aliasOf(String key) {
    return key.substring(0, key.lastIndexOf('|'));
  }

  /** The sequence number of a chunk's key. */
  private static int sequenceOf(String chunkKey) {
    return Integer.parseInt(chunkKey.substring(chunkKey.lastIndexOf('|') + 1));
  }

  private static String chunkKey(String alias, int seq) {
    return alias + "|" + seq;
  }

  private static String idKey(String alias, String eventId) {
    return alias + "|" + eventId;
  }
}

package dev.correlate.streams;

import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * changed, not one per event. Aliases unused for {@link TopologySettings#aliasTtl()} are forgotten.
 * All expiry is driven by a wall-clock punctuator over a time-ordered timer index, so no store is
 * ever scanned whole, except once at start to rebuild that index.
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
   * @param openChunk the sequence number of its chunk that takes newly remembered events
   */
  record AliasState(
      List<String> correlationIds,
      List<String> jobIds,
      long lastUsedAt,
      long timerAt,
      int remembered,
      int openChunk) {
    AliasState {
      correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
      jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    }

    boolean knowsIds() {
      return !correlationIds.isEmpty() || !jobIds.isEmpty();
    }

    AliasState withRemembered(int count, int chunk) {
      return new AliasState(correlationIds, jobIds, lastUsedAt, timerAt, count, chunk);
    }

    AliasState withTimer(long at) {
      return new AliasState(correlationIds, jobIds, lastUsedAt, at, remembered, openChunk);
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
   * A stitcher over its processor's stores: aliases, chunks of remembered events (key {@code
   * <alias>|<sequence>}), and two indices without changelog that {@link #start} rebuilds from the
   * chunks: {@code remembered} ({@code <alias>|<event id>} → its chunk's key) and {@code timers}.
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
   * Rebuilds the indices from the stored chunks and aliases, and counts the remembered events:
   * every due time follows from what is stored (an alias's {@code timerAt}; an event's arrival,
   * hold and memory), so the indices need no changelog. An alias whose count differs from its
   * chunks (stored by a version that kept one record per event, whose events this one does not
   * read) is recounted.
   */
  void start() {
    Timers.clear(timers);
    Timers.clear(remembered);
    pendingCount = 0;
    Map<String, Integer> counts = new HashMap<>();
    try (KeyValueIterator<String, Chunk> all = chunks.all()) {
      all.forEachRemaining(
          kv -> {
            String alias = aliasOf(kv.key);
            for (Pending p : kv.value.events()) {
              String id = idKey(alias, p.event().eventId());
              remembered.put(id, kv.key);
              timers.put(Timers.key(dueAt(p), "P|" + id), "");
            }
            pendingCount += kv.value.events().size();
            counts.merge(alias, kv.value.events().size(), Integer::sum);
          });
    }
    List<KeyValue<String, AliasState>> recounted = new ArrayList<>();
    try (KeyValueIterator<String, AliasState> all = links.all()) {
      all.forEachRemaining(
          kv -> {
            timers.put(Timers.key(kv.value.timerAt(), "A|" + kv.key), "");
            int count = counts.getOrDefault(kv.key, 0);
            if (count != kv.value.remembered()) {
              recounted.add(
                  KeyValue.pair(kv.key, kv.value.withRemembered(count, kv.value.openChunk())));
            }
          });
    }
    recounted.forEach(kv -> links.put(kv.key, kv.value));
  }

  /**
   * An event of {@code alias}: it teaches the alias its ids, and is emitted, held or remembered.
   */
  void onEvent(String alias, LogEvent event, long now, long timestamp) {
    AliasState before = known(alias, now);
    AliasState after = learn(before, event.correlationIds(), event.jobIds(), now);
    boolean learnt = learnt(before, after);
    after = accept(alias, event, after, now, timestamp);
    links.put(alias, after);
    // the event itself is skipped by the re-emission: only the events remembered before it count
    if (learnt && before.remembered() > 0) {
      reemit(alias, after, event.eventId(), timestamp);
    }
  }

  /** A line elsewhere named {@code alias} with ids. */
  void onLink(String alias, Routed.AliasLink link, long now, long timestamp) {
    AliasState before = known(alias, now);
    AliasState after = learn(before, link.correlationIds(), link.jobIds(), now);
    links.put(alias, after);
    if (learnt(before, after) && after.remembered() > 0) {
      reemit(alias, after, null, timestamp);
    }
  }

  private AliasState known(String alias, long now) {
    AliasState state = links.get(alias);
    if (state == null) {
      state = new AliasState(List.of(), List.of(), now, now + settings.aliasTtl().toMillis(), 0, 0);
      timers.put(Timers.key(state.timerAt(), "A|" + alias), "");
    }
    return state;
  }

  private static boolean learnt(AliasState before, AliasState after) {
    return !after.correlationIds().equals(before.correlationIds())
        || !after.jobIds().equals(before.jobIds());
  }

  /** Emits or holds {@code event}; returns the alias state with its remembered count updated. */
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
      if (state.remembered() > 0) {
        releaseHeld(alias, state, now);
      }
      emitter.emit(alias, Resolved.fresh(enrich(alias, event, state)), timestamp);
      return remember(alias, state, new Pending(event, List.of(), true, now));
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

  /** Releases, unlinked, every event of {@code alias} still held. */
  private void releaseHeld(String alias, AliasState state, long now) {
    for (String key : chunkKeysOf(alias, state)) {
      Chunk chunk = chunks.get(key);
      if (chunk == null) {
        continue;
      }
      Chunk out = chunk;
      for (int i = 0; i < chunk.events().size(); i++) {
        Pending p = chunk.events().get(i);
        if (!p.released()) {
          out = out.with(i, releaseUnlinked(alias, p, now));
        }
      }
      if (out != chunk) {
        chunks.put(key, out);
      }
    }
  }

  /** Emits a held event as it is, and returns it released. */
  private Pending releaseUnlinked(String alias, Pending p, long now) {
    LogEvent out = enrich(alias, p.event(), new AliasState(List.of(), List.of(), now, 0, 0, 0));
    emitter.emit(alias, new Resolved(out, List.of(), false), now);
    Pending released = new Pending(p.event(), List.of(), true, p.seenAt());
    timers.put(Timers.key(dueAt(released), "P|" + idKey(alias, p.event().eventId())), "");
    return released;
  }

  /** Adds {@code p} to the alias's open chunk, or to a new one when that is full. */
  private AliasState remember(String alias, AliasState state, Pending p) {
    int seq = state.openChunk();
    String key = chunkKey(alias, seq);
    Chunk open = chunks.get(key);
    if (open != null && open.full()) {
      seq++;
      key = chunkKey(alias, seq);
      open = null;
    }
    chunks.put(key, open == null ? new Chunk(List.of(p)) : open.plus(p));
    String id = idKey(alias, p.event().eventId());
    remembered.put(id, key);
    timers.put(Timers.key(dueAt(p), "P|" + id), "");
    pendingCount++;
    return state.withRemembered(state.remembered() + 1, seq);
  }

  /** A held event is due at the end of its hold, a released one when it is to be forgotten. */
  private long dueAt(Pending p) {
    return p.seenAt() + (p.released() ? settings.pendingTtl() : settings.holdTime()).toMillis();
  }

  /**
   * The keys of the chunks that may hold the alias's remembered events. Its chunks are numbered
   * from 0 to {@link AliasState#openChunk}, some of them gone once their events were forgotten:
   * while those numbers are no more than its remembered events, they are the keys (a missing chunk
   * costs a point lookup, and is skipped), which spares a scan of the index of remembered events —
   * an iterator over RocksDB and the record cache, and an entry per event; it was most of a
   * re-emission's cost (docs/performance.md, "s7-thread"). A long-lived alias, whose old chunks are
   * forgotten, is scanned.
   */
  private Set<String> chunkKeysOf(String alias, AliasState state) {
    Set<String> keys = new LinkedHashSet<>();
    if (state.openChunk() < state.remembered()) {
      for (int seq = 0; seq <= state.openChunk(); seq++) {
        keys.add(chunkKey(alias, seq));
      }
      return keys;
    }
    try (KeyValueIterator<String, String> it =
        remembered.prefixScan(alias + "|", new StringSerializer())) {
      it.forEachRemaining(kv -> keys.add(kv.value));
    }
    return keys;
  }

  /** Emits again every remembered event of {@code alias} that now belongs to more timelines. */
  private void reemit(String alias, AliasState state, String skipEventId, long timestamp) {
    for (String key : chunkKeysOf(alias, state)) {
      Chunk chunk = chunks.get(key);
      if (chunk == null) {
        continue;
      }
      Chunk out = chunk;
      for (int i = 0; i < chunk.events().size(); i++) {
        Pending p = chunk.events().get(i);
        if (p.event().eventId().equals(skipEventId)) {
          continue;
        }
        LogEvent enriched = enrich(alias, p.event(), state);
        List<String> target = timelinesOf(enriched);
        if (p.released() && p.counted().containsAll(target)) {
          continue;
        }
        boolean waitedOut = p.released() && p.counted().isEmpty();
        emitter.emit(alias, new Resolved(enriched, p.counted(), waitedOut), timestamp);
        out = out.with(i, new Pending(p.event(), target, true, p.seenAt()));
      }
      if (out != chunk) {
        chunks.put(key, out);
      }
    }
  }

  private AliasState learn(
      AliasState state, List<String> correlationIds, List<String> jobIds, long now) {
    return new AliasState(
        bounded(state.correlationIds(), correlationIds),
        bounded(state.jobIds(), jobIds),
        now,
        state.timerAt(),
        state.remembered(),
        state.openChunk());
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
    Chunk chunk = chunks.get(key);
    int i = chunk.indexOf(id.substring(id.lastIndexOf('|') + 1));
    Pending p = chunk.events().get(i);
    String alias = aliasOf(id);
    if (!p.released()) {
      chunks.put(key, chunk.with(i, releaseUnlinked(alias, p, now)));
      return;
    }
    long forgetAt = dueAt(p);
    if (forgetAt > now) {
      // released before its hold ended (a link, or its invocation's REPORT): still remembered until
      // forgetAt
      timers.put(Timers.key(forgetAt, "P|" + id), "");
      return;
    }
    Chunk rest = chunk.without(i);
    if (rest.events().isEmpty()) {
      chunks.delete(key);
    } else {
      chunks.put(key, rest);
    }
    remembered.delete(id);
    pendingCount--;
    AliasState state = links.get(alias);
    if (state == null) {
      return;
    }
    AliasState after = state.withRemembered(state.remembered() - 1, state.openChunk());
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

  private static String chunkKey(String alias, int seq) {
    return alias + "|" + seq;
  }

  private static String idKey(String alias, String eventId) {
    return alias + "|" + eventId;
  }
}

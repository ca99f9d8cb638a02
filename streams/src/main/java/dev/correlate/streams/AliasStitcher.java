package dev.correlate.streams;

import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Gives events the ids of their alias ({@code req:<lambda request id>} or {@code task:<ecs task
 * id>}), on the stores of the processor that owns it: {@link StitchProcessor} for Lambda
 * invocations (an invocation's lines are all in its log stream, so they reach the stitcher of that
 * stream's partition, with no repartition), and {@link AliasResolver} for ECS tasks (a task's
 * lines, AWS's events about it and the links that name it come from many log streams, and meet
 * after a repartition by task).
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
 * passes without being remembered. Aliases unused for {@link TopologySettings#aliasTtl()} are
 * forgotten. All expiry is driven by a wall-clock punctuator over a time-ordered timer index, so no
 * store is ever scanned whole, except once at start to rebuild that index.
 */
final class AliasStitcher {
  /**
   * What an alias stands for.
   *
   * @param lastUsedAt wall clock of its last event or link
   * @param timerAt when its expiry timer is due
   * @param remembered how many of its events are remembered (in its stitcher's pending store):
   *     exact, so that a re-emission need not look for remembered events when there are none
   */
  record AliasState(
      List<String> correlationIds,
      List<String> jobIds,
      long lastUsedAt,
      long timerAt,
      int remembered) {
    AliasState {
      correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
      jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    }

    boolean knowsIds() {
      return !correlationIds.isEmpty() || !jobIds.isEmpty();
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

  /** Where a resolved event goes. */
  interface Emitter {
    void emit(String alias, Resolved resolved, long timestamp);
  }

  private final TopologySettings settings;
  private final KeyValueStore<String, AliasState> links;
  private final KeyValueStore<String, Pending> pending;
  private final KeyValueStore<String, String> timers;
  private final Emitter emitter;
  private long pendingCount;

  /**
   * A stitcher over its processor's stores; {@code timers} is an index without changelog that
   * {@link #start} rebuilds from the other two.
   */
  AliasStitcher(
      TopologySettings settings,
      KeyValueStore<String, AliasState> links,
      KeyValueStore<String, Pending> pending,
      KeyValueStore<String, String> timers,
      Emitter out) {
    this.settings = settings;
    this.links = links;
    this.pending = pending;
    this.timers = timers;
    this.emitter = out;
  }

  /**
   * Counts the remembered events and rebuilds the timer index from the stored aliases and events:
   * every due time follows from what is stored (an alias's {@code timerAt}; an event's arrival,
   * hold and memory), so the index needs no changelog.
   */
  void start() {
    Timers.clear(timers);
    pendingCount = 0;
    try (KeyValueIterator<String, Pending> all = pending.all()) {
      all.forEachRemaining(
          kv -> {
            pendingCount++;
            long due =
                kv.value.seenAt()
                    + (kv.value.released() ? settings.pendingTtl() : settings.holdTime())
                        .toMillis();
            timers.put(Timers.key(due, "P|" + kv.key), "");
          });
    }
    try (KeyValueIterator<String, AliasState> all = links.all()) {
      all.forEachRemaining(kv -> timers.put(Timers.key(kv.value.timerAt(), "A|" + kv.key), ""));
    }
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
      state = new AliasState(List.of(), List.of(), now, now + settings.aliasTtl().toMillis(), 0);
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
    boolean remember =
        pendingCount < settings.maxPendingPerTask()
            && state.remembered() < settings.maxPendingPerAlias();
    String key = alias + "|" + event.eventId();
    if (pending.get(key) != null) {
      // a replay of an event already remembered: its earlier emission stands
      return state;
    }
    if (state.knowsIds() || !remember) {
      LogEvent out = enrich(alias, event, state);
      emitter.emit(alias, Resolved.fresh(out), timestamp);
      if (!remember) {
        return state;
      }
      remember(
          key,
          new Pending(event, timelinesOf(out), true, now),
          now + settings.pendingTtl().toMillis());
    } else if (endsInvocation(alias, event)) {
      releaseHeld(alias, now);
      emitter.emit(alias, Resolved.fresh(enrich(alias, event, state)), timestamp);
      remember(
          key, new Pending(event, List.of(), true, now), now + settings.pendingTtl().toMillis());
    } else {
      remember(
          key, new Pending(event, List.of(), false, now), now + settings.holdTime().toMillis());
    }
    return withRemembered(state, state.remembered() + 1);
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
  private void releaseHeld(String alias, long now) {
    List<KeyValue<String, Pending>> held = new ArrayList<>();
    try (KeyValueIterator<String, Pending> it =
        pending.prefixScan(alias + "|", new StringSerializer())) {
      it.forEachRemaining(
          kv -> {
            if (!kv.value.released()) {
              held.add(kv);
            }
          });
    }
    held.forEach(kv -> releaseUnlinked(alias, kv.key, kv.value, now));
  }

  private void releaseUnlinked(String alias, String key, Pending p, long now) {
    LogEvent out = enrich(alias, p.event(), new AliasState(List.of(), List.of(), now, 0, 0));
    emitter.emit(alias, new Resolved(out, List.of(), false), now);
    pending.put(key, new Pending(p.event(), List.of(), true, p.seenAt()));
    timers.put(Timers.key(p.seenAt() + settings.pendingTtl().toMillis(), "P|" + key), "");
  }

  private void remember(String key, Pending entry, long dueAt) {
    pending.put(key, entry);
    timers.put(Timers.key(dueAt, "P|" + key), "");
    pendingCount++;
  }

  private static AliasState withRemembered(AliasState s, int remembered) {
    return new AliasState(
        s.correlationIds(), s.jobIds(), s.lastUsedAt(), s.timerAt(), Math.max(0, remembered));
  }

  /** Emits again every remembered event of {@code alias} that now belongs to more timelines. */
  private void reemit(String alias, AliasState state, String skipEventId, long timestamp) {
    List<KeyValue<String, Pending>> entries = new ArrayList<>();
    try (KeyValueIterator<String, Pending> it =
        pending.prefixScan(alias + "|", new StringSerializer())) {
      it.forEachRemaining(entries::add);
    }
    for (KeyValue<String, Pending> kv : entries) {
      Pending p = kv.value;
      if (p.event().eventId().equals(skipEventId)) {
        continue;
      }
      LogEvent out = enrich(alias, p.event(), state);
      List<String> target = timelinesOf(out);
      if (p.released && p.counted().containsAll(target)) {
        continue;
      }
      boolean waitedOut = p.released() && p.counted().isEmpty();
      emitter.emit(alias, new Resolved(out, p.counted(), waitedOut), timestamp);
      pending.put(kv.key, new Pending(p.event(), target, true, p.seenAt()));
    }
  }

  private AliasState learn(
      AliasState state, List<String> correlationIds, List<String> jobIds, long now) {
    return new AliasState(
        bounded(state.correlationIds(), correlationIds),
        bounded(state.jobIds(), jobIds),
        now,
        state.timerAt(),
        state.remembered());
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

  private void expirePending(String key, long now) {
    Pending p = pending.get(key);
    if (p == null) {
      return;
    }
    String alias = key.substring(0, key.lastIndexOf('|'));
    if (!p.released()) {
      releaseUnlinked(alias, key, p, now);
      return;
    }
    long forgetAt = p.seenAt() + settings.pendingTtl().toMillis();
    if (forgetAt > now) {
      // released before its hold ended (a link, or its invocation's REPORT): still remembered until
      // forgetAt
      timers.put(Timers.key(forgetAt, "P|" + key), "");
      return;
    }
    pending.delete(key);
    pendingCount--;
    AliasState state = links.get(alias);
    if (state == null) {
      return;
    }
    AliasState after = withRemembered(state, state.remembered() - 1);
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
    links.put(
        alias,
        new AliasState(
            state.correlationIds(),
            state.jobIds(),
            state.lastUsedAt(),
            timerAt,
            state.remembered()));
    timers.put(Timers.key(timerAt, "A|" + alias), "");
  }

  private long aliasDueAt(AliasState state) {
    return state.lastUsedAt() + settings.aliasTtl().toMillis();
  }
}

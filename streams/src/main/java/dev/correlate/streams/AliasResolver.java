package dev.correlate.streams;

import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sub-topology 2, keyed by alias ({@code req:<lambda request id>} or {@code task:<ecs task id>}): events of an
 * invocation or task, and links that name the ids of a task, meet here whatever partition or log group they came
 * from, because both are repartitioned by the alias.
 *
 * <p>An alias learns ids from every event keyed by it that names ids, and from every link. An event gets the
 * union of its own ids and its alias's ids. An event for an alias that knows no ids yet is <em>held</em> in
 * {@code alias-pending}; when ids arrive it is released enriched; after {@link TopologySettings#holdTime()} it
 * is released as it is, marked {@link Link.Via#UNLINKED}, so it stays visible. Events stay remembered for
 * {@link TopologySettings#pendingTtl()} after they were first seen: if the alias learns new ids meanwhile they are
 * emitted again, enriched, with the timelines they were already counted in (same event id, so the indexer
 * overwrites the earlier document). Memory is bounded: per alias ({@code maxPendingPerAlias}) and per task
 * ({@code maxPendingPerTask}); past either bound an event passes without being remembered. Aliases unused for
 * {@link TopologySettings#aliasTtl()} are forgotten. All expiry is driven by a wall-clock punctuator over the
 * time-ordered {@code alias-timers} index, so no store is ever scanned whole.
 */
final class AliasResolver implements Processor<String, Routed, String, Resolved> {
  static final String LINKS_STORE = "alias-links";
  static final String PENDING_STORE = "alias-pending";
  static final String TIMERS_STORE = "alias-timers";

  /**
   * What an alias stands for.
   *
   * @param lastUsedAt wall clock of its last event or link
   * @param timerAt when its expiry timer is due
   * @param remembered how many of its events are in {@code alias-pending}
   */
  record AliasState(List<String> correlationIds, List<String> jobIds, long lastUsedAt, long timerAt,
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

  private final TopologySettings settings;
  private ProcessorContext<String, Resolved> context;
  private KeyValueStore<String, AliasState> links;
  private KeyValueStore<String, Pending> pending;
  private KeyValueStore<String, String> timers;
  private long pendingCount;

  AliasResolver(TopologySettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, Resolved> context) {
    this.context = context;
    this.links = context.getStateStore(LINKS_STORE);
    this.pending = context.getStateStore(PENDING_STORE);
    this.timers = context.getStateStore(TIMERS_STORE);
    try (KeyValueIterator<String, Pending> all = pending.all()) {
      while (all.hasNext()) {
        all.next();
        pendingCount++;
      }
    }
    context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  @Override
  public void process(Record<String, Routed> record) {
    String alias = record.key();
    long now = context.currentSystemTimeMs();
    AliasState before = links.get(alias);
    if (before == null) {
      before = new AliasState(List.of(), List.of(), now, now + settings.aliasTtl().toMillis(), 0);
      timers.put(Timers.key(before.timerAt(), "A|" + alias), "");
    }
    Routed value = record.value();
    AliasState after = value.event() != null
        ? learn(before, value.event().correlationIds(), value.event().jobIds(), now)
        : learn(before, value.link().correlationIds(), value.link().jobIds(), now);
    boolean learnt = !after.correlationIds().equals(before.correlationIds())
        || !after.jobIds().equals(before.jobIds());
    if (value.event() != null) {
      after = accept(alias, value.event(), after, now, record.timestamp());
    }
    links.put(alias, after);
    if (learnt) {
      reemit(alias, after, value.event() == null ? null : value.event().eventId(), record.timestamp());
    }
  }

  /** Emits or holds {@code event}; returns the alias state with its remembered count updated. */
  private AliasState accept(String alias, LogEvent event, AliasState state, long now, long timestamp) {
    boolean remember = pendingCount < settings.maxPendingPerTask()
        && state.remembered() < settings.maxPendingPerAlias();
    String key = alias + "|" + event.eventId();
    if (pending.get(key) != null) {
      // a replay of an event already remembered: its earlier emission stands
      return state;
    }
    if (state.knowsIds() || !remember) {
      LogEvent out = enrich(alias, event, state);
      context.forward(new Record<>(alias, Resolved.fresh(out), timestamp));
      if (!remember) {
        return state;
      }
      remember(key, new Pending(event, timelinesOf(out), true, now), now + settings.pendingTtl().toMillis());
    } else if (endsInvocation(alias, event)) {
      releaseHeld(alias, now);
      context.forward(new Record<>(alias, Resolved.fresh(enrich(alias, event, state)), timestamp));
      remember(key, new Pending(event, List.of(), true, now), now + settings.pendingTtl().toMillis());
    } else {
      remember(key, new Pending(event, List.of(), false, now), now + settings.holdTime().toMillis());
    }
    return withRemembered(state, state.remembered() + 1);
  }

  /**
   * A Lambda invocation's REPORT is its last line in its log stream, and a stream's lines arrive in order: no line
   * of the invocation can name an id after it, so holding its events longer only delays them (health checks).
   */
  private static boolean endsInvocation(String alias, LogEvent event) {
    return alias.startsWith(Aliases.REQUEST) && event.facts().lambda() != null
        && "REPORT".equals(event.facts().lambda().type());
  }

  /** Releases, unlinked, every event of {@code alias} still held. */
  private void releaseHeld(String alias, long now) {
    List<KeyValue<String, Pending>> held = new ArrayList<>();
    try (KeyValueIterator<String, Pending> it = pending.prefixScan(alias + "|", new StringSerializer())) {
      it.forEachRemaining(kv -> {
        if (!kv.value.released()) {
          held.add(kv);
        }
      });
    }
    held.forEach(kv -> releaseUnlinked(alias, kv.key, kv.value, now));
  }

  private void releaseUnlinked(String alias, String key, Pending p, long now) {
    LogEvent out = enrich(alias, p.event(), new AliasState(List.of(), List.of(), now, 0, 0));
    context.forward(new Record<>(alias, new Resolved(out, List.of(), false), now));
    pending.put(key, new Pending(p.event(), List.of(), true, p.seenAt()));
    timers.put(Timers.key(p.seenAt() + settings.pendingTtl().toMillis(), "P|" + key), "");
  }

  private void remember(String key, Pending entry, long dueAt) {
    pending.put(key, entry);
    timers.put(Timers.key(dueAt, "P|" + key), "");
    pendingCount++;
  }

  private static AliasState withRemembered(AliasState s, int remembered) {
    return new AliasState(s.correlationIds(), s.jobIds(), s.lastUsedAt(), s.timerAt(), Math.max(0, remembered));
  }

  /** Emits again every remembered event of {@code alias} that now belongs to more timelines. */
  private void reemit(String alias, AliasState state, String skipEventId, long timestamp) {
    List<KeyValue<String, Pending>> entries = new ArrayList<>();
    try (KeyValueIterator<String, Pending> it = pending.prefixScan(alias + "|", new StringSerializer())) {
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
      context.forward(new Record<>(alias, new Resolved(out, p.counted(), waitedOut), timestamp));
      pending.put(kv.key, new Pending(p.event(), target, true, p.seenAt()));
    }
  }

  private AliasState learn(AliasState state, List<String> correlationIds, List<String> jobIds, long now) {
    return new AliasState(bounded(state.correlationIds(), correlationIds), bounded(state.jobIds(), jobIds), now,
        state.timerAt(), state.remembered());
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
    } else if (correlation.size() == event.correlationIds().size() && jobs.size() == event.jobIds().size()) {
      link = Link.SELF;
    } else {
      link = new Link(Aliases.viaOf(alias), alias);
    }
    return event.withLink(List.copyOf(correlation), List.copyOf(jobs), link);
  }

  private static List<String> timelinesOf(LogEvent event) {
    return Aliases.timelines(event.correlationIds(), event.jobIds());
  }

  /** Wall-clock punctuation: release held events, forget remembered ones and unused aliases when due. */
  private void expire(long now) {
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
      // released before its hold ended (a link, or its invocation's REPORT): still remembered until forgetAt
      timers.put(Timers.key(forgetAt, "P|" + key), "");
      return;
    }
    pending.delete(key);
    pendingCount--;
    AliasState state = links.get(alias);
    if (state != null) {
      links.put(alias, withRemembered(state, state.remembered() - 1));
    }
  }

  private void expireAlias(String alias, long now) {
    AliasState state = links.get(alias);
    if (state == null) {
      return;
    }
    long dueAt = state.lastUsedAt() + settings.aliasTtl().toMillis();
    if (dueAt > now) {
      links.put(alias, new AliasState(state.correlationIds(), state.jobIds(), state.lastUsedAt(), dueAt,
          state.remembered()));
      timers.put(Timers.key(dueAt, "A|" + alias), "");
    } else {
      links.delete(alias);
    }
  }
}

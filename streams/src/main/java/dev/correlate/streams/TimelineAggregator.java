package dev.correlate.streams;

import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.model.TimelineHomes;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sub-topology 2, keyed by timeline id ({@code correlation:<id>} / {@code job:<id>}): merges the
 * partial aggregates that {@link TimelineCombiner} sends (the events of one commit of one source
 * task, already folded and observed by the {@link Diagnoser}) into the bounded {@link
 * TimelineState} of the timeline.
 *
 * <p>Emission is rate-limited: an event only marks its timeline dirty ({@code timeline-dirty}); a
 * wall-clock punctuator every {@link TopologySettings#emitInterval()} evaluates each dirty timeline
 * and forwards one new revision of its summary. A 100 000-event job therefore emits about one
 * summary per interval, not 100 000.
 *
 * <p>Lifecycle, on the wall clock, through the time-ordered {@code timeline-timers} index (one
 * timer per timeline): a job that is not terminal is re-evaluated when it has been silent for
 * {@link TopologySettings#stuckAfter()} (so {@code stuck} appears without new events); a timeline
 * silent for {@link TopologySettings#closeAfter()} is closed; a closed timeline is purged from
 * state after {@link TopologySettings#closedRetention()} and a tombstone is sent for its key. A
 * late event reopens a closed timeline (warning {@code late_event}); an event after the purge
 * starts a new aggregate, whose revision still exceeds the stored one because revisions never fall
 * below the wall clock.
 *
 * <p>A state is given its home when it is created here ({@link TimelineState#home}: the period of
 * {@link TopologySettings#timelinesPeriod()} holding the wall-clock time of creation), and keeps it
 * until it is purged, so every revision of a timeline is written to one index; a timeline purged
 * and reopened by a later event gets a new home and a higher revision.
 *
 * <p>Only the aggregates are changelogged. The timer and dirty indices have no changelog and are
 * rebuilt from the aggregates when the processor starts (each aggregate carries its timer's due
 * time and whether it is marked), so they cost no changelog record; at shutdown, or after a crash,
 * nothing is lost.
 */
final class TimelineAggregator
    implements Processor<String, TimelineState, String, TimelineSummary> {
  static final String SUMMARIES_STORE = "timeline-summaries";
  static final String TIMERS_STORE = "timeline-timers";
  static final String DIRTY_STORE = "timeline-dirty";

  private final TopologySettings settings;
  private final Diagnoser diagnoser;
  private final JobMetrics metrics;
  private ProcessorContext<String, TimelineSummary> context;
  private KeyValueStore<String, TimelineState> summaries;
  private KeyValueStore<String, String> timers;
  private KeyValueStore<String, String> dirty;

  TimelineAggregator(TopologySettings settings, JobMetrics metrics) {
    this.settings = settings;
    this.diagnoser = new Diagnoser(settings.diagnosisRules(), settings.stuckAfter());
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, TimelineSummary> context) {
    this.context = context;
    this.summaries = context.getStateStore(SUMMARIES_STORE);
    this.timers = context.getStateStore(TIMERS_STORE);
    this.dirty = context.getStateStore(DIRTY_STORE);
    rebuildIndices();
    context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  /** The timer and dirty indices from the aggregates (they have no changelog). */
  private void rebuildIndices() {
    Timers.clear(timers);
    Timers.clear(dirty);
    try (KeyValueIterator<String, TimelineState> all = summaries.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value.timerAt >= 0) {
              timers.put(Timers.key(kv.value.timerAt, kv.key), "");
            }
            if (kv.value.emitPending) {
              dirty.put(kv.key, "");
            }
          });
    }
  }

  @Override
  public void process(Record<String, TimelineState> record) {
    String key = record.key();
    TimelineId id;
    try {
      id = TimelineId.parse(key);
    } catch (IllegalArgumentException notATimeline) {
      throw new IllegalArgumentException("record keyed by a non-timeline id: " + key, notATimeline);
    }
    long now = context.currentSystemTimeMs();
    TimelineState state = summaries.get(key);
    if (state == null) {
      state = TimelineState.start(id);
      // chosen once, from the wall clock of creation (not from an event time, which a late event
      // can move into an earlier period): every revision of this state goes to the same index
      state.home = TimelineHomes.homeAt(now, settings.timelinesPeriod());
    } else if (state.closed) {
      state.closed = false;
      state.warnings.add(TimelineState.LATE_EVENT);
    }
    DiagnosisState before = state.diagnosis;
    state.merge(record.value(), settings, diagnoser);
    state.diagnosis = metrics.observed(id.kind(), before, state.diagnosis);
    reschedule(state, now);
    markDirty(key, state);
    summaries.put(key, state);
  }

  /** Marks a timeline for the next emission; the mark is stored once, not once per event. */
  private void markDirty(String key, TimelineState state) {
    if (!state.emitPending) {
      state.emitPending = true;
      dirty.put(key, "");
    }
  }

  private void punctuate(long now) {
    fireTimers(now);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = dirty.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    for (String key : keys) {
      dirty.delete(key);
      TimelineState state = summaries.get(key);
      if (state != null) {
        state.emitPending = false;
        // arguments are evaluated left to right: the status before this emission, then the emission
        TimelineSummary summary =
            metrics.emitted(
                state.status,
                state.emit(
                    diagnoser.evaluate(
                        state.timelineKind(), state.diagnosis, state.lastActivityAt, now),
                    now));
        summaries.put(key, state);
        context.forward(new Record<>(key, summary, now));
      }
    }
  }

  private void fireTimers(long now) {
    for (String timer : Timers.due(timers, now)) {
      timers.delete(timer);
      String key = Timers.target(timer);
      TimelineState state = summaries.get(key);
      if (state == null) {
        continue;
      }
      state.timerAt = -1;
      if (state.closed) {
        if (now >= state.closedAt + settings.closedRetention().toMillis()) {
          summaries.delete(key);
          dirty.delete(key);
          context.forward(new Record<>(key, null, now));
          continue;
        }
      } else if (now >= state.lastActivityAt + settings.closeAfter().toMillis()) {
        state.closed = true;
        state.closedAt = now;
        markDirty(key, state);
      } else if (stuckCandidate(state)
          && now >= state.lastActivityAt + settings.stuckAfter().toMillis()) {
        // the stuck threshold passed: re-evaluate at the next emission
        markDirty(key, state);
      }
      // otherwise events came after the timer was set: it only moves on
      reschedule(state, now);
      summaries.put(key, state);
    }
  }

  /**
   * Keeps one timer per timeline, due no later than its next deadline. Activity only pushes
   * deadlines later, so a timer is moved only when a deadline comes earlier (a reopened timeline);
   * otherwise it fires early and moves on then. Moving it on every event cost two store writes and
   * two changelog records per event.
   */
  private void reschedule(TimelineState state, long now) {
    long due = nextDue(state, now);
    if (state.timerAt >= 0 && state.timerAt <= due) {
      return;
    }
    if (state.timerAt >= 0) {
      timers.delete(Timers.key(state.timerAt, state.timelineId));
    }
    timers.put(Timers.key(due, state.timelineId), "");
    state.timerAt = due;
  }

  private long nextDue(TimelineState state, long now) {
    if (state.closed) {
      return state.closedAt + settings.closedRetention().toMillis();
    }
    long closeAt = state.lastActivityAt + settings.closeAfter().toMillis();
    if (stuckCandidate(state)) {
      long stuckAt = state.lastActivityAt + settings.stuckAfter().toMillis();
      if (stuckAt > now && stuckAt < closeAt) {
        return stuckAt;
      }
    }
    return closeAt;
  }

  private static boolean stuckCandidate(TimelineState state) {
    return state.timelineKind() == TimelineId.Kind.JOB && state.diagnosis.terminalStatus() == null;
  }
}

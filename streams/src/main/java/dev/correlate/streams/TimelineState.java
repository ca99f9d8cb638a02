package dev.correlate.streams;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.correlate.core.context.Contexts;
import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.diagnosis.Evaluation;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The aggregate of one timeline: counts, times, bounded related ids, the first error, warnings, the
 * diagnosis state and the context (ECS tasks, results, submission) — never the events. Its size
 * does not grow with the number of events. As a partial aggregate it is what {@link
 * TimelineCombiner} folds a few events of one commit into and sends on the timeline repartition; as
 * the whole timeline it lives in the {@code timeline-summaries} store, where {@link
 * TimelineAggregator} merges the partials into it. Mutable, owned by one task at a time; serialized
 * with the wire dialect.
 */
final class TimelineState {
  static final String LATE_EVENT = "late_event";
  static final String CLOCK_SKEW = "clock_skew";
  static final String UNLINKED_TASK = "unlinked_task";
  static final String TRUNCATED = "truncated_related_ids";
  private static final int MAX_MESSAGE = 1000;

  public String timelineId;
  public String kind;
  public String id;
  public long revision;
  public long firstEventAt = Long.MAX_VALUE;
  public long lastEventAt = Long.MIN_VALUE;
  public long eventCount;
  public long errorCount;
  public Map<String, Long> levelCounts = new TreeMap<>();
  public Map<String, ServiceSpan> services = new TreeMap<>();
  public List<String> correlationIds = new ArrayList<>();
  public List<String> jobIds = new ArrayList<>();
  public List<String> lambdaRequestIds = new ArrayList<>();
  public List<String> ecsTaskIds = new ArrayList<>();
  public EventRef firstError;
  public String status;
  public boolean closed;
  public long closedAt;
  public long lastActivityAt;
  public long updatedAt;
  public TreeSet<String> warnings = new TreeSet<>();

  @JsonSerialize(using = StoredDiagnosis.Writer.class)
  @JsonDeserialize(using = StoredDiagnosis.Reader.class)
  public DiagnosisState diagnosis = DiagnosisState.empty();

  public TimelineSummary.Context context;
  public long timerAt = -1;

  /**
   * The timeline's home ({@link TimelineSummary#home()}), set once when the aggregator creates the
   * state and never recomputed; 0 in states from before homes existed and in partials.
   */
  public long home;

  /**
   * Whether the timeline is marked in {@code timeline-dirty} (stored with the mark, in the same
   * transaction).
   */
  public boolean emitPending;

  /**
   * This timeline's id, made once: {@link #apply} needs it per event, and making it validates the
   * id against a pattern (1–2 % of the stream thread in a JFR profile, docs/performance.md).
   * Derived from {@link #kind} and {@link #id}, which do not change once set; not serialized.
   */
  private TimelineId timeline;

  static TimelineState start(TimelineId id) {
    TimelineState s = new TimelineState();
    s.timelineId = id.toString();
    s.kind = id.kind().prefix();
    s.id = id.id();
    s.timeline = id;
    return s;
  }

  TimelineId.Kind timelineKind() {
    return TimelineId.Kind.JOB.prefix().equals(kind)
        ? TimelineId.Kind.JOB
        : TimelineId.Kind.CORRELATION;
  }

  /** Folds one event in, at wall-clock {@code now}. */
  void apply(LogEvent e, long now, TopologySettings settings) {
    firstEventAt = Math.min(firstEventAt, e.timestamp());
    lastEventAt = Math.max(lastEventAt, e.timestamp());
    eventCount++;
    levelCounts.merge(e.level().name(), 1L, Long::sum);
    if (e.level().isError()) {
      errorCount++;
      if (firstError == null || e.timestamp() < firstError.timestamp()) {
        firstError = ref(e);
      }
    }
    String service = e.service() != null ? e.service() : e.logGroup();
    ServiceSpan span = services.get(service);
    if (span != null) {
      services.put(
          service,
          new ServiceSpan(
              Math.min(span.firstAt(), e.timestamp()),
              Math.max(span.lastAt(), e.timestamp()),
              span.count() + 1));
    } else if (services.size() < settings.maxServices()) {
      services.put(service, new ServiceSpan(e.timestamp(), e.timestamp(), 1));
    } else {
      warnings.add(TRUNCATED);
    }
    boolean job = timelineKind() == TimelineId.Kind.JOB;
    for (String c : e.correlationIds()) {
      if (job || !c.equals(id)) {
        addBounded(correlationIds, c, settings);
      }
    }
    for (String j : e.jobIds()) {
      if (!job || !j.equals(id)) {
        addBounded(jobIds, j, settings);
      }
    }
    if (e.lambdaRequestId() != null) {
      addBounded(lambdaRequestIds, e.lambdaRequestId(), settings);
    }
    if (e.ecsTaskId() != null) {
      addBounded(ecsTaskIds, e.ecsTaskId(), settings);
    }
    if (e.messageTimestamp() != null
        && Math.abs(e.messageTimestamp() - e.timestamp())
            > settings.clockSkewTolerance().toMillis()) {
      warnings.add(CLOCK_SKEW);
    }
    if (timeline == null) {
      timeline = new TimelineId(timelineKind(), id);
    }
    context = Contexts.observe(context, timeline, e);
    // arrival time, but never later than the event's own time plus the skew tolerance: replayed or
    // backfilled
    // history is judged by its own time (an old silent job is stuck at once), live data by its
    // arrival
    lastActivityAt =
        Math.max(
            lastActivityAt,
            Math.min(now, e.timestamp() + settings.clockSkewTolerance().toMillis()));
  }

  /**
   * Merges {@code partial}, the aggregate of some further events of this timeline ({@link
   * TimelineCombiner}): the same as folding those events in, since every part is a count, a
   * minimum, a maximum or a bounded set (related ids keep the order they were first seen in, so
   * past their bound which ones are kept depends on arrival, as it does when folding).
   */
  void merge(TimelineState partial, TopologySettings settings, Diagnoser diagnoser) {
    firstEventAt = Math.min(firstEventAt, partial.firstEventAt);
    lastEventAt = Math.max(lastEventAt, partial.lastEventAt);
    eventCount += partial.eventCount;
    errorCount += partial.errorCount;
    partial.levelCounts.forEach((level, count) -> levelCounts.merge(level, count, Long::sum));
    if (partial.firstError != null
        && (firstError == null || partial.firstError.timestamp() < firstError.timestamp())) {
      firstError = partial.firstError;
    }
    partial.services.forEach(
        (service, span) -> {
          ServiceSpan known = services.get(service);
          if (known != null) {
            services.put(
                service,
                new ServiceSpan(
                    Math.min(known.firstAt(), span.firstAt()),
                    Math.max(known.lastAt(), span.lastAt()),
                    known.count() + span.count()));
          } else if (services.size() < settings.maxServices()) {
            services.put(service, span);
          } else {
            warnings.add(TRUNCATED);
          }
        });
    partial.correlationIds.forEach(c -> addBounded(correlationIds, c, settings));
    partial.jobIds.forEach(j -> addBounded(jobIds, j, settings));
    partial.lambdaRequestIds.forEach(r -> addBounded(lambdaRequestIds, r, settings));
    partial.ecsTaskIds.forEach(t -> addBounded(ecsTaskIds, t, settings));
    warnings.addAll(partial.warnings);
    diagnosis = diagnoser.merge(timelineKind(), diagnosis, partial.diagnosis);
    context = Contexts.merge(context, partial.context);
    lastActivityAt = Math.max(lastActivityAt, partial.lastActivityAt);
  }

  private void addBounded(List<String> ids, String value, TopologySettings settings) {
    if (ids.contains(value)) {
      return;
    }
    if (ids.size() < settings.maxRelatedIds()) {
      ids.add(value);
    } else {
      warnings.add(TRUNCATED);
    }
  }

  /**
   * A new revision evaluated at {@code now}: strictly increasing, and at least {@code now} (see
   * decisions).
   */
  TimelineSummary emit(Evaluation evaluation, long now) {
    status = evaluation.status();
    revision = Math.max(revision + 1, now);
    updatedAt = now;
    return new TimelineSummary(
        timelineId,
        kind,
        id,
        revision,
        firstEventAt,
        lastEventAt,
        lastEventAt - firstEventAt,
        eventCount,
        errorCount,
        levelCounts,
        services,
        correlationIds,
        jobIds,
        lambdaRequestIds,
        ecsTaskIds,
        firstError,
        status,
        closed,
        lastActivityAt,
        updatedAt,
        List.copyOf(warnings),
        evaluation.diagnosis(),
        context,
        home);
  }

  static EventRef ref(LogEvent e) {
    String message =
        e.message().length() > MAX_MESSAGE ? e.message().substring(0, MAX_MESSAGE) : e.message();
    return new EventRef(
        e.eventId(),
        e.timestamp(),
        e.service(),
        e.logGroup(),
        e.logStream(),
        e.level().name(),
        message,
        e.facts().error() == null ? null : e.facts().error().type(),
        e.sourceKind().name());
  }
}

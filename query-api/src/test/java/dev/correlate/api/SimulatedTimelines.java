package dev.correlate.api;

import dev.correlate.core.context.Contexts;
import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.diagnosis.Evaluation;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.GroundTruth.EventTruth;
import dev.correlate.simulator.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the pipeline would index for a simulation, built without Kafka: events decoded and parsed by
 * core, given the ids the ground truth says they belong to (stitching is the streams helper's,
 * tested there), and one summary per timeline folded by core's diagnoser and context fold ({@code
 * Contexts}). Stands in for streams and the indexer in API integration tests.
 */
record SimulatedTimelines(List<LogEvent> events, List<TimelineSummary> summaries) {

  static SimulatedTimelines of(Simulation sim, long nowMs) {
    LogEventParser parser = new LogEventParser();
    GroundTruth truth = sim.truth();
    Map<String, LogEvent> events = new LinkedHashMap<>();
    for (FirehoseRequest request : sim.requests()) {
      for (RawLogEvent raw : request.events(request.timestamp())) {
        EventTruth t = truth.events().get(raw.eventId());
        events.computeIfAbsent(
            raw.eventId(),
            id ->
                parser
                    .parse(raw)
                    .withLink(t.correlationIds(), t.jobIds(), new Link(t.link(), null)));
      }
    }
    List<LogEvent> ordered = new ArrayList<>(events.values());
    ordered.sort(Comparator.comparingLong(LogEvent::timestamp).thenComparing(LogEvent::eventId));
    Diagnoser diagnoser = new Diagnoser(Duration.ofMinutes(15));
    Map<String, List<LogEvent>> byTimeline = new TreeMap<>();
    for (LogEvent e : ordered) {
      e.jobIds()
          .forEach(
              id ->
                  byTimeline
                      .computeIfAbsent(TimelineId.job(id).toString(), k -> new ArrayList<>())
                      .add(e));
      e.correlationIds()
          .forEach(
              id ->
                  byTimeline
                      .computeIfAbsent(
                          TimelineId.correlation(id).toString(), k -> new ArrayList<>())
                      .add(e));
    }
    List<TimelineSummary> summaries = new ArrayList<>();
    byTimeline.forEach(
        (key, timeline) ->
            summaries.add(summarize(TimelineId.parse(key), timeline, diagnoser, nowMs)));
    return new SimulatedTimelines(ordered, summaries);
  }

  /**
   * The summary streams would fold from {@code events} (in time order), diagnosed at {@code nowMs}.
   */
  static TimelineSummary summarize(
      TimelineId id, List<LogEvent> events, Diagnoser diagnoser, long nowMs) {
    DiagnosisState state = DiagnosisState.empty();
    Map<String, Long> levels = new TreeMap<>();
    Map<String, ServiceSpan> services = new HashMap<>();
    TreeSet<String> correlationIds = new TreeSet<>();
    TreeSet<String> jobIds = new TreeSet<>();
    EventRef firstError = null;
    TimelineSummary.Context context = null;
    long errors = 0;
    for (LogEvent e : events) {
      state = diagnoser.observe(state, id.kind(), e);
      context = Contexts.observe(context, id, e);
      levels.merge(e.level().name(), 1L, Long::sum);
      services.merge(
          e.service(),
          new ServiceSpan(e.timestamp(), e.timestamp(), 1),
          (a, b) ->
              new ServiceSpan(
                  Math.min(a.firstAt(), b.firstAt()),
                  Math.max(a.lastAt(), b.lastAt()),
                  a.count() + b.count()));
      correlationIds.addAll(e.correlationIds());
      jobIds.addAll(e.jobIds());
      if (e.level().isError()) {
        errors++;
        if (firstError == null) {
          firstError =
              new EventRef(
                  e.eventId(),
                  e.timestamp(),
                  e.service(),
                  e.logGroup(),
                  e.logStream(),
                  e.level().name(),
                  e.message(),
                  e.facts().error() == null ? null : e.facts().error().type(),
                  e.sourceKind().name());
        }
      }
    }
    long first = events.get(0).timestamp();
    long last = events.get(events.size() - 1).timestamp();
    Evaluation verdict = diagnoser.evaluate(id.kind(), state, last, nowMs);
    return new TimelineSummary(
        id.toString(),
        id.kind().prefix(),
        id.id(),
        1,
        first,
        last,
        last - first,
        events.size(),
        errors,
        levels,
        services,
        List.copyOf(correlationIds),
        List.copyOf(jobIds),
        List.of(),
        List.of(),
        firstError,
        verdict.status(),
        false,
        last,
        nowMs,
        List.of(),
        verdict.diagnosis(),
        context,
        0);
  }
}

package dev.correlate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.diagnosis.Evaluation;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.parse.MultilineErrors;
import dev.correlate.simulator.GroundTruth.CorrelationTruth;
import dev.correlate.simulator.GroundTruth.EventTruth;
import dev.correlate.simulator.GroundTruth.JobTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Correlate's decoding, parsing and diagnosis against the simulator's ground truth: every simulated
 * job must end in the status, stage and category its scenario says, and every request timeline in
 * its status and category. Events reach the diagnoser in delivery order (batches out of order
 * across log groups, re-sent requests included), each in the timelines the ground truth puts it in,
 * so this checks diagnosis alone, not stitching.
 */
class SimulatedDiagnosisTest {
  private static final long NOW = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
  private static final Duration STUCK_AFTER = Duration.ofMinutes(15);

  private final LogEventParser parser = new LogEventParser();
  private final Diagnoser diagnoser = new Diagnoser(STUCK_AFTER);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {42, 7, 2026})
  void everySimulatedTimeline_endsInItsGroundTruth(long seed) {
    Simulation sim =
        new TrafficSimulator(SimulationSettings.defaults(NOW).withSeed(seed).withVolume(3, 20))
            .generate();
    List<LogEvent> events = parsedInDeliveryOrder(sim);

    Map<String, Timeline> jobs = fold(TimelineId.Kind.JOB, events, sim.truth(), EventTruth::jobIds);
    Map<String, Timeline> requests =
        fold(TimelineId.Kind.CORRELATION, events, sim.truth(), EventTruth::correlationIds);

    List<String> disagreements = new ArrayList<>();
    for (Map.Entry<String, JobTruth> e : sim.truth().jobs().entrySet()) {
      JobTruth truth = e.getValue();
      Evaluation got = jobs.get(e.getKey()).evaluate(diagnoser, TimelineId.Kind.JOB);
      if (!Objects.equals(truth.status(), got.status())
          || !Objects.equals(truth.stage(), got.diagnosis().stage())
          || !Objects.equals(truth.category(), got.diagnosis().category())) {
        disagreements.add(
            String.format(
                "job %s (%s): expected %s/%s/%s, got %s/%s/%s",
                e.getKey(),
                truth.scenario(),
                truth.status(),
                truth.stage(),
                truth.category(),
                got.status(),
                got.diagnosis().stage(),
                got.diagnosis().category()));
      }
      if (got.status().equals("failed") || got.status().equals("stuck")) {
        assertThat(got.diagnosis().evidence()).as("evidence of job %s", e.getKey()).isNotEmpty();
        assertThat(got.diagnosis().resolution())
            .as("resolution of job %s", e.getKey())
            .isNotBlank();
      }
    }
    for (Map.Entry<String, CorrelationTruth> e : sim.truth().correlations().entrySet()) {
      CorrelationTruth truth = e.getValue();
      Evaluation got = requests.get(e.getKey()).evaluate(diagnoser, TimelineId.Kind.CORRELATION);
      if (!Objects.equals(truth.status(), got.status())
          || !Objects.equals(truth.category(), got.diagnosis().category())) {
        disagreements.add(
            String.format(
                "request %s (%s): expected %s/%s, got %s/%s",
                e.getKey(),
                truth.scenario(),
                truth.status(),
                truth.category(),
                got.status(),
                got.diagnosis().category()));
      }
    }

    // every job scenario and every status was exercised, so agreement means something
    Set<String> scenarios =
        sim.truth().jobs().values().stream()
            .map(JobTruth::scenario)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(scenarios)
        .containsAll(Scenario.ofKind(Scenario.Kind.JOB).stream().map(Scenario::id).toList());
    assertThat(sim.truth().jobs().values())
        .extracting(JobTruth::status)
        .contains("completed", "failed", "stuck", "running");
    assertThat(disagreements)
        .as("timelines whose diagnosis disagrees with the ground truth")
        .isEmpty();
  }

  /**
   * Decoded and parsed once per event id, in delivery order; multi-line errors joined per log
   * stream.
   */
  private List<LogEvent> parsedInDeliveryOrder(Simulation sim) {
    Map<String, LogEvent> parsed = new LinkedHashMap<>();
    for (FirehoseRequest request : sim.requests()) {
      for (RawLogEvent raw : request.events(request.timestamp())) {
        parsed.putIfAbsent(raw.eventId(), parser.parse(raw));
      }
    }
    // the pipeline joins tracebacks per stream, in the stream's order, before diagnosis sees them
    Map<String, List<LogEvent>> streams = new HashMap<>();
    parsed
        .values()
        .forEach(
            e ->
                streams
                    .computeIfAbsent(
                        RawLogEvent.streamKey(e.logGroup(), e.logStream()), k -> new ArrayList<>())
                    .add(e));
    for (List<LogEvent> stream : streams.values()) {
      stream.sort(Comparator.comparingLong(LogEvent::timestamp).thenComparing(LogEvent::eventId));
      MultilineErrors.State state = null;
      for (LogEvent event : stream) {
        MultilineErrors.Step step = MultilineErrors.next(state, event);
        state = step.state();
        parsed.put(event.eventId(), step.event());
      }
    }
    return List.copyOf(parsed.values());
  }

  private Map<String, Timeline> fold(
      TimelineId.Kind kind,
      List<LogEvent> events,
      GroundTruth truth,
      java.util.function.Function<EventTruth, List<String>> ids) {
    Map<String, Timeline> timelines = new HashMap<>();
    for (LogEvent event : events) {
      EventTruth t = truth.events().get(event.eventId());
      assertThat(t).as("truth of event %s", event.eventId()).isNotNull();
      for (String id : ids.apply(t)) {
        timelines.computeIfAbsent(id, k -> new Timeline()).observe(diagnoser, kind, event);
      }
    }
    return timelines;
  }

  /** One timeline's diagnosis state; it last heard of an event at that event's time. */
  private static final class Timeline {
    private DiagnosisState state = DiagnosisState.empty();
    private long lastActivityAt = Long.MIN_VALUE;

    void observe(Diagnoser diagnoser, TimelineId.Kind kind, LogEvent event) {
      state = diagnoser.observe(state, kind, event);
      lastActivityAt = Math.max(lastActivityAt, event.timestamp());
    }

    Evaluation evaluate(Diagnoser diagnoser, TimelineId.Kind kind) {
      return diagnoser.evaluate(kind, state, lastActivityAt, NOW);
    }
  }
}

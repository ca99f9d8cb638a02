package dev.correlate.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.cloudwatch.DecodeResult;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.diagnosis.Evaluation;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.testkit.sim.GroundTruth.EventTruth;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator and core agree: core's decoder and parser read in every line the ids the simulator wrote, and
 * core's diagnoser, fed the events with the truth's stitched ids, reaches the truth's verdict on every job and
 * every request. Stitching itself (streams) is not involved: the ids come from the truth.
 */
class SimulatedTrafficDiagnosisTest {
  private static final long NOW = 1_795_773_600_000L;

  private static GroundTruth truth;
  private static final Map<String, LogEvent> events = new LinkedHashMap<>();

  @BeforeAll
  static void decodeAndParse() {
    Simulation simulation = new TrafficSimulator(SimulationSettings.defaults(NOW).withVolume(2, 12)).generate();
    truth = simulation.truth();
    SubscriptionDecoder decoder = new SubscriptionDecoder(SubscriptionDecoder.Limits.defaults());
    LogEventParser parser = new LogEventParser();
    for (FirehoseRequest request : simulation.requests()) {
      for (FirehoseRequest.Record record : request.records()) {
        DecodeResult result = decoder.decodeBase64(record.data(), Provenance.of(RawLogEvent.Intake.FIREHOSE, NOW));
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        ((DecodeResult.Decoded) result).events().forEach(raw -> events.put(raw.eventId(), parser.parse(raw)));
      }
    }
  }

  @Test
  void parser_findsIdsExactlyInTheLinesThatNameThem() {
    assertThat(events.keySet()).isEqualTo(truth.events().keySet());
    events.values().forEach(event -> {
      EventTruth expected = truth.events().get(event.eventId());
      if (expected.link() == Link.Via.SELF) {
        assertThat(event.namesAnId()).as(event.message()).isTrue();
        assertThat(expected.correlationIds()).as(event.message()).containsAll(event.correlationIds());
        assertThat(expected.jobIds()).as(event.message()).containsAll(event.jobIds());
      } else {
        assertThat(event.namesAnId()).as(event.message()).isFalse();
      }
    });
  }

  @Test
  void diagnoser_reachesTheTruthsVerdictOnEveryJob() {
    Map<String, Evaluation> verdicts = diagnose(TimelineId.Kind.JOB);

    assertThat(verdicts.keySet()).isEqualTo(truth.jobs().keySet());
    truth.jobs().forEach((id, job) -> {
      Evaluation verdict = verdicts.get(id);
      assertThat(Arrays.asList(verdict.status(), verdict.diagnosis().stage(), verdict.diagnosis().category()))
          .as(job.scenario()).containsExactly(job.status(), job.stage(), job.category());
    });
  }

  @Test
  void diagnoser_reachesTheTruthsVerdictOnEveryRequest() {
    Map<String, Evaluation> verdicts = diagnose(TimelineId.Kind.CORRELATION);

    assertThat(verdicts.keySet()).isEqualTo(truth.correlations().keySet());
    truth.correlations().forEach((id, request) -> {
      Evaluation verdict = verdicts.get(id);
      assertThat(Arrays.asList(verdict.status(), verdict.diagnosis().category()))
          .as(request.scenario()).containsExactly(request.status(), request.category());
    });
  }

  /** Each timeline's events folded in arrival order, evaluated at "now" with its last event as last activity. */
  private static Map<String, Evaluation> diagnose(TimelineId.Kind kind) {
    Diagnoser diagnoser = new Diagnoser(Duration.ofMinutes(15));
    Map<String, DiagnosisState> states = new HashMap<>();
    Map<String, Long> lastEventAt = new HashMap<>();
    events.values().forEach(event -> {
      EventTruth stitched = truth.events().get(event.eventId());
      LogEvent linked = event.withLink(stitched.correlationIds(), stitched.jobIds(), new Link(stitched.link(), null));
      for (String id : kind == TimelineId.Kind.JOB ? stitched.jobIds() : stitched.correlationIds()) {
        states.put(id, diagnoser.observe(states.get(id), kind, linked));
        lastEventAt.merge(id, event.timestamp(), Math::max);
      }
    });
    Map<String, Evaluation> verdicts = new HashMap<>();
    states.forEach((id, state) -> verdicts.put(id, diagnoser.evaluate(kind, state, lastEventAt.get(id), NOW)));
    return verdicts;
  }
}

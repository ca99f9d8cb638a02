package dev.correlate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.simulator.GroundTruth.EventTruth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator and core's parser agree on which lines name ids: the ground truth's {@code SELF}
 * events are exactly the events in which the parser finds an id, and the ids it finds are the
 * truth's. (Diagnosis against the truth is {@link SimulatedDiagnosisTest}.)
 */
class SimulatedTrafficParsingTest {
  private static final long NOW = 1_795_773_600_000L;

  @Test
  void parser_findsIdsInExactlyTheLinesThatNameThem() {
    Simulation simulation =
        new TrafficSimulator(SimulationSettings.defaults(NOW).withVolume(2, 12)).generate();
    LogEventParser parser = new LogEventParser();
    Map<String, LogEvent> events = new LinkedHashMap<>();
    for (FirehoseRequest request : simulation.requests()) {
      request.events(NOW).forEach(raw -> events.put(raw.eventId(), parser.parse(raw)));
    }

    assertThat(events.keySet()).isEqualTo(simulation.truth().events().keySet());
    events
        .values()
        .forEach(
            event -> {
              EventTruth expected = simulation.truth().events().get(event.eventId());
              assertThat(event.namesAnId())
                  .as(event.message())
                  .isEqualTo(expected.link() == Link.Via.SELF);
              assertThat(expected.correlationIds())
                  .as(event.message())
                  .containsAll(event.correlationIds());
              assertThat(expected.jobIds()).as(event.message()).containsAll(event.jobIds());
            });
  }
}

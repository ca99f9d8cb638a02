package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.topics.Topics;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.Simulation;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real parser and diagnosis inside the topology, fed with the traffic simulator's deliveries in
 * their delivery order (out-of-order batches, duplicates and all): every job and request timeline
 * ends in the status, stage and category of the simulator's ground truth.
 */
class SimulatedTrafficTopologyTest {
  private static final Topics TOPICS = Topics.defaults();

  @TempDir Path stateDir;

  @Test
  void simulatedTraffic_endsInTheGroundTruthsStatusStageAndCategory() {
    long now = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
    Simulation simulation =
        new TrafficSimulator(SimulationSettings.defaults(now).withSeed(7)).generate();
    Properties props = DriverProperties.of("correlate-simulated", stateDir);
    LogEventParser parser = new LogEventParser();
    Map<String, TimelineSummary> summaries = new TreeMap<>();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            TimelineTopology.build(TOPICS, TopologySettings.defaults(), parser::parse, false),
            props,
            Instant.ofEpochMilli(now))) {
      TestInputTopic<String, byte[]> raw =
          driver.createInputTopic(TOPICS.raw(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> timelines =
          driver.createOutputTopic(
              TOPICS.timelines(), new StringDeserializer(), new ByteArrayDeserializer());
      for (FirehoseRequest request : simulation.requests()) {
        request.events(now).forEach(e -> raw.pipeInput(e.rawKey(), Json.write(e), e.timestamp()));
        driver.advanceWallClockTime(Duration.ofMillis(100));
      }
      driver.advanceWallClockTime(Duration.ofMinutes(1));
      timelines
          .readKeyValuesToList()
          .forEach(kv -> summaries.put(kv.key, Json.read(kv.value, TimelineSummary.class)));
    }

    GroundTruth truth = simulation.truth();
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> actual = new TreeMap<>();
    truth
        .jobs()
        .forEach(
            (id, job) -> {
              expected.put(id, job.status() + "/" + job.stage() + "/" + job.category());
              TimelineSummary s = summaries.get("job:" + id);
              actual.put(
                  id,
                  s == null
                      ? "absent"
                      : s.status() + "/" + s.diagnosis().stage() + "/" + s.diagnosis().category());
            });
    truth
        .correlations()
        .forEach(
            (id, c) -> {
              expected.put(id, c.status() + "/" + c.category());
              TimelineSummary s = summaries.get("correlation:" + id);
              actual.put(id, s == null ? "absent" : s.status() + "/" + s.diagnosis().category());
            });
    assertThat(actual).isEqualTo(expected);
  }
}

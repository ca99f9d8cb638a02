package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.StageAt;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.topics.Topics;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.Simulation;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology's own metrics on {@link TopologyTestDriver}, fed with the simulator's traffic and
 * one unreadable record: each step's records in and out against what reached the topics, the dead
 * letter by its reason, and the jobs' failures and stage durations against the summaries the
 * topology emitted.
 */
class TopologyMetricsTest {
  private static final Topics TOPICS = Topics.defaults();

  @TempDir Path stateDir;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private int rawRecords;
  private List<KeyValue<String, byte[]>> events;
  private List<KeyValue<String, byte[]>> timelines;
  private List<KeyValue<String, byte[]>> deadLetters;

  @BeforeEach
  void runSimulatedTraffic() {
    long now = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
    Simulation simulation =
        new TrafficSimulator(SimulationSettings.defaults(now).withSeed(11)).generate();
    LogEventParser parser = new LogEventParser();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            TimelineTopology.build(
                TOPICS, TopologySettings.defaults(), parser::parse, false, registry),
            DriverProperties.of("correlate-metrics", stateDir),
            Instant.ofEpochMilli(now))) {
      TestInputTopic<String, byte[]> raw =
          driver.createInputTopic(TOPICS.raw(), new StringSerializer(), new ByteArraySerializer());
      raw.pipeInput("g|s", "not a raw event".getBytes(StandardCharsets.UTF_8));
      rawRecords++;
      for (FirehoseRequest request : simulation.requests()) {
        for (var e : request.events(now)) {
          raw.pipeInput(e.rawKey(), Json.write(e), e.timestamp());
          rawRecords++;
        }
        driver.advanceWallClockTime(Duration.ofMillis(100));
      }
      driver.advanceWallClockTime(Duration.ofMinutes(1));
      events =
          driver
              .createOutputTopic(
                  TOPICS.events(), new StringDeserializer(), new ByteArrayDeserializer())
              .readKeyValuesToList();
      timelines =
          driver
              .createOutputTopic(
                  TOPICS.timelines(), new StringDeserializer(), new ByteArrayDeserializer())
              .readKeyValuesToList();
      deadLetters =
          driver
              .createOutputTopic(
                  TOPICS.deadLetter(), new StringDeserializer(), new ByteArrayDeserializer())
              .readKeyValuesToList();
    }
  }

  @Test
  void steps_countWhatTheyReadAndWrite_andTheDeadLetterByItsReason() {
    assertThat(count("correlate.streams.records.in", "step", "stitch")).isEqualTo(rawRecords);
    assertThat(count("correlate.streams.records.out", "step", "timeline_aggregator"))
        .isEqualTo(timelines.size());
    double resolverIn = count("correlate.streams.records.in", "step", "alias_resolver");
    double resolverOut = count("correlate.streams.records.out", "step", "alias_resolver");
    double stitchOut = count("correlate.streams.records.out", "step", "stitch");
    assertThat(resolverIn).isPositive();
    assertThat(resolverOut + (stitchOut - resolverIn - deadLetters.size()))
        .as("events: what the resolver wrote and what stitch wrote past it, but the dead letter")
        .isEqualTo(events.size());

    assertThat(deadLetters).hasSize(1);
    Map<String, Double> byReason = new TreeMap<>();
    registry
        .find("correlate.streams.dead.letters")
        .tag("stage", "streams")
        .counters()
        .forEach(c -> byReason.put(c.getId().getTag("reason"), c.count()));
    assertThat(byReason)
        .containsEntry("bad_raw_event", 1.0)
        .as("every reason exists from the start")
        .containsOnlyKeys(StreamsMeters.STREAMS_REASONS);
  }

  @Test
  void failures_areCountedOncePerEmittedTransition_byKindCategoryAndService() {
    Map<String, Double> expected = new TreeMap<>();
    Map<String, String> previous = new HashMap<>();
    for (KeyValue<String, byte[]> kv : timelines) {
      if (kv.value == null) {
        continue;
      }
      TimelineSummary s = Json.read(kv.value, TimelineSummary.class);
      String failing = s.kind().equals("job") ? "failed" : "error";
      if (failing.equals(s.status()) && !failing.equals(previous.get(kv.key))) {
        String category = s.diagnosis().category() == null ? "none" : s.diagnosis().category();
        String service =
            s.firstError() == null || s.firstError().service() == null
                ? "unknown"
                : s.firstError().service();
        expected.merge(s.kind() + "/" + category + "/" + service, 1.0, Double::sum);
      }
      previous.put(kv.key, s.status());
    }
    Map<String, Double> counted = new TreeMap<>();
    registry
        .find("correlate.streams.timeline.failures")
        .counters()
        .forEach(
            c ->
                counted.put(
                    c.getId().getTag("kind")
                        + "/"
                        + c.getId().getTag("category")
                        + "/"
                        + c.getId().getTag("service"),
                    c.count()));

    assertThat(expected)
        .as("the traffic has failed jobs and requests")
        .containsKey("job/oom/strategy");
    assertThat(counted).isEqualTo(expected);
  }

  @Test
  void stageDurations_areRecordedOncePerJobThatReachedBothStages() {
    Map<String, TimelineSummary> last = new HashMap<>();
    for (KeyValue<String, byte[]> kv : timelines) {
      if (kv.value != null && kv.key.startsWith("job:")) {
        last.put(kv.key, Json.read(kv.value, TimelineSummary.class));
      }
    }
    for (List<String> pair :
        List.of(
            List.of("submitted", "dispatched"),
            List.of("dispatched", "task_started"),
            List.of("task_started", "completed"))) {
      long jobs =
          last.values().stream()
              .filter(
                  s -> {
                    Long from = at(s, pair.get(0));
                    Long to = at(s, pair.get(1));
                    return from != null && to != null && to >= from;
                  })
              .count();
      long recorded =
          registry
              .get("correlate.streams.job.stage.duration")
              .tag("from", pair.get(0))
              .tag("to", pair.get(1))
              .timer()
              .count();

      assertThat(jobs).as("jobs that reached %s", pair).isPositive();
      assertThat(recorded).as("durations %s", pair).isEqualTo(jobs);
    }
  }

  private static Long at(TimelineSummary s, String stage) {
    return s.diagnosis().stages().stream()
        .filter(a -> a.stage().equals(stage))
        .map(StageAt::at)
        .findFirst()
        .orElse(null);
  }

  private double count(String name, String tag, String value) {
    Counter counter = registry.get(name).tag(tag, value).counter();
    return counter.count();
  }
}

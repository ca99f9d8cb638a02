package dev.correlate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.topics.Topics;
import dev.correlate.streams.TopologySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloorTopologyTest {
  private static final Topics TOPICS = Topics.defaults();

  @TempDir Path stateDir;

  @Test
  void everyRawEventIsParsedAndWrittenToTheEventsTopicKeyedByItsEventId() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "correlate-floor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    TopologySettings settings = TopologySettings.defaults();
    RawLogEvent first =
        raw("e-1", "2026-11-27 10:00:00,000 INFO [abc-123] submitted backtest bt-42");
    RawLogEvent again =
        raw("e-1", "2026-11-27 10:00:00,000 INFO [abc-123] submitted backtest bt-42");
    RawLogEvent second = raw("e-2", "2026-11-27 10:00:01,000 ERROR [abc-123] strategy failed");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(FloorTopology.build(TOPICS, settings), props)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(TOPICS.raw(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic(
              TOPICS.events(), new StringDeserializer(), new ByteArrayDeserializer());
      for (RawLogEvent event : List.of(first, again, second)) {
        in.pipeInput(event.logGroup() + "|" + event.logStream(), Json.write(event));
      }

      List<TestRecord<String, byte[]>> written = out.readRecordsToList();
      LogEventParser parser = new LogEventParser(settings.parserRules());
      // no deduplication: the floor does the least a pipeline does, and the index's ids absorb the
      // repeat
      assertThat(written).extracting(TestRecord::key).containsExactly("e-1", "e-1", "e-2");
      assertThat(written)
          .extracting(r -> Json.read(r.value(), LogEvent.class))
          .containsExactly(parser.parse(first), parser.parse(again), parser.parse(second));
    }
  }

  private static RawLogEvent raw(String eventId, String message) {
    long at = 1_764_237_600_000L;
    return new RawLogEvent(
        "123456789012",
        "/ecs/tradai-backend-dev",
        "ecs/backend/0123456789abcdef",
        List.of(),
        null,
        Map.of(),
        eventId,
        at,
        message,
        at,
        RawLogEvent.Intake.FIREHOSE,
        null,
        Map.of());
  }
}

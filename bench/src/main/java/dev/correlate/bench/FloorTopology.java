package dev.correlate.bench;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.topics.Topics;
import dev.correlate.streams.TopologySettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The least any topology of this architecture does: read the raw topic, parse, write the events
 * topic. No deduplication, stitching or timelines, no state. {@code correlate bench e2e} runs it
 * through the same service (exactly-once, the indexer) to measure the floor of the pipeline's cost:
 * whatever the timeline topology ({@code dev.correlate.streams.TimelineTopology}) adds is the
 * difference between the two.
 */
final class FloorTopology {
  private FloorTopology() {}

  static Topology build(Topics topics, TopologySettings settings) {
    LogEventParser parser = new LogEventParser(settings.parserRules());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            topics.raw(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("raw-source"))
        .map(
            (key, bytes) -> {
              var event = parser.parse(Json.read(bytes, RawLogEvent.class));
              return KeyValue.pair(event.eventId(), Json.write(event));
            },
            Named.as("parse"))
        .to(
            topics.events(),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("events-sink"));
    return builder.build();
  }
}

package dev.correlate.streams;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.topics.Topics;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * How many timeline summaries the topology emits per raw event, by emit interval and by the pace
 * the traffic arrives at. The simulated TradAI traffic {@code bench e2e} sends (500 records per
 * Firehose request, health checks, no duplicates) is piped through the production topology (the
 * real parser and diagnosis, in-memory stores) in a {@code TopologyTestDriver} whose wall clock
 * advances as the traffic would arrive: at a fixed number of events a second (the bench's phases, a
 * backlog being caught up), or, for {@code live}, at each Firehose request's own send time (traffic
 * as it happens, requests closed by Firehose's 60 s buffering). The driver's clock, not the
 * machine's, decides every punctuation, so the counts are exact and do not depend on load. The
 * driver commits after every record, where the service commits every 200 ms: a partial reaches the
 * aggregator up to a commit sooner here, which moves an emission at most to the previous interval.
 *
 * <p>Not a test (it asserts nothing); run by hand, see docs/performance.md ("s9-emit"):
 *
 * <pre>
 * ./mvnw -q -B -pl streams -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/streams.cp \
 *     -Dmdep.includeScope=test
 * java -cp streams/target/test-classes:streams/target/classes:$(cat /tmp/streams.cp) \
 *     dev.correlate.streams.EmissionHarness 20000 live,700,2000,3500 1,2,5
 * </pre>
 *
 * Arguments: events, paces (events a second, or {@code live}), emit intervals in seconds.
 */
final class EmissionHarness {
  private static final Topics TOPICS = Topics.defaults();
  private static final long T0 = Instant.parse("2026-12-08T12:00:00Z").toEpochMilli();

  private EmissionHarness() {}

  public static void main(String[] args) throws Exception {
    long events = Long.parseLong(args[0]);
    List<String> paces = List.of(args[1].split(","));
    List<Duration> intervals =
        Arrays.stream(args[2].split(","))
            .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000)))
            .toList();
    SimulationSettings defaults = SimulationSettings.defaults(T0);
    SimulationSettings base = defaults.withNoise(0.5, 0, 0).withBatching(defaults.batchSize(), 500);
    List<FirehoseRequest> requests = new ArrayList<>();
    new TrafficSimulator(TrafficSimulator.scaledTo(base, events)).stream(requests::add);
    for (String pace : paces) {
      for (Duration interval : intervals) {
        Counts c = run(requests, pace, interval);
        System.out.printf(
            "pace %-5s interval %5.1f s: %d raw events over %.0f s of wall clock, %d timelines;"
                + " summaries %d (%.4f per raw event, %.2f per timeline, %.0f bytes each),"
                + " events topic %d (%.0f bytes each)%n",
            pace,
            interval.toMillis() / 1000.0,
            c.raw,
            c.wallMs / 1000.0,
            c.timelines.size(),
            c.summaries,
            (double) c.summaries / c.raw,
            (double) c.summaries / c.timelines.size(),
            (double) c.summaryBytes / c.summaries,
            c.events,
            (double) c.eventBytes / c.events);
      }
    }
  }

  private static final class Counts {
    long raw;
    long events;
    long eventBytes;
    long summaries;
    long summaryBytes;
    long wallMs;
    final Set<String> timelines = new HashSet<>();
  }

  private static Counts run(List<FirehoseRequest> requests, String pace, Duration interval)
      throws Exception {
    TopologySettings d = TopologySettings.defaults();
    TopologySettings settings =
        d.withLifecycle(d.holdTime(), interval, d.closeAfter(), d.stuckAfter());
    boolean live = pace.equals("live");
    double perSecond = live ? 0 : Double.parseDouble(pace);
    long start = live ? requests.get(0).timestamp() : T0;
    Path stateDir = Files.createTempDirectory("emission");
    LogEventParser parser = new LogEventParser();
    Counts c = new Counts();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            TimelineTopology.build(TOPICS, settings, parser::parse, false),
            DriverProperties.of("emission", stateDir),
            Instant.ofEpochMilli(start))) {
      TestInputTopic<String, byte[]> raw =
          driver.createInputTopic(TOPICS.raw(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> eventsOut =
          driver.createOutputTopic(
              TOPICS.events(), new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> timelinesOut =
          driver.createOutputTopic(
              TOPICS.timelines(), new StringDeserializer(), new ByteArrayDeserializer());
      long clock = start;
      double owed = 0;
      for (FirehoseRequest request : requests) {
        if (live && request.timestamp() > clock) {
          driver.advanceWallClockTime(Duration.ofMillis(request.timestamp() - clock));
          clock = request.timestamp();
        }
        List<RawLogEvent> delivered = request.events(clock);
        for (RawLogEvent e : delivered) {
          raw.pipeInput(e.rawKey(), Json.write(e), e.timestamp());
        }
        c.raw += delivered.size();
        if (!live) {
          owed += delivered.size() * 1000.0 / perSecond;
          long step = (long) owed;
          owed -= step;
          driver.advanceWallClockTime(Duration.ofMillis(step));
          clock += step;
        }
        drain(eventsOut, timelinesOut, c);
      }
      // the last changes' emissions
      driver.advanceWallClockTime(interval.multipliedBy(2));
      drain(eventsOut, timelinesOut, c);
      c.wallMs = clock - start;
    }
    return c;
  }

  private static void drain(
      TestOutputTopic<String, byte[]> eventsOut,
      TestOutputTopic<String, byte[]> timelinesOut,
      Counts c) {
    for (KeyValue<String, byte[]> kv : eventsOut.readKeyValuesToList()) {
      c.events++;
      c.eventBytes += kv.value.length;
    }
    for (KeyValue<String, byte[]> kv : timelinesOut.readKeyValuesToList()) {
      if (kv.value != null) {
        c.summaries++;
        c.summaryBytes += kv.value.length;
        c.timelines.add(kv.key);
      }
    }
  }
}

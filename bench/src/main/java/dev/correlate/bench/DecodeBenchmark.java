package dev.correlate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.correlate.core.cloudwatch.DecodeResult;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode efficiency (goal G2 of docs/performance.md): events per second per core through
 * Correlate's {@link SubscriptionDecoder} (base64 → gzip → subscription documents → {@link
 * RawLogEvent}s) for realistic Firehose requests from the traffic simulator, against the library
 * floor on the same records in the same run: a bare {@code GZIPInputStream} + Jackson tree parse of
 * the already base64-decoded gzip bytes. The ratio {@code decode / bareGzipJackson} is the figure;
 * the floor does less work (no base64, no records built), so the ratio is conservative.
 *
 * <p>Run: {@code java -cp <bench classpath> org.openjdk.jmh.Main DecodeBenchmark}. Both report the
 * auxiliary counter {@code events} in events/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class DecodeBenchmark {
  /**
   * Firehose requests in the corpus: 20 records of up to 50 events each, as the simulator delivers
   * them.
   */
  private static final int REQUESTS = 25;

  private final SubscriptionDecoder decoder =
      new SubscriptionDecoder(SubscriptionDecoder.Limits.defaults());
  private final ObjectMapper jackson = new ObjectMapper();
  private List<String> base64Records;
  private List<byte[]> gzipRecords;

  /** Counts events, reported by JMH as events per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Events {
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
    }
  }

  @Setup
  public void corpus() {
    TrafficSimulator simulator =
        new TrafficSimulator(SimulationSettings.defaults(1_780_000_000_000L));
    base64Records = new ArrayList<>();
    Iterator<FirehoseRequest> requests = simulator.requests();
    for (int i = 0; i < REQUESTS && requests.hasNext(); i++) {
      requests.next().records().forEach(r -> base64Records.add(r.data()));
    }
    gzipRecords = base64Records.stream().map(d -> Base64.getDecoder().decode(d)).toList();
  }

  @Benchmark
  public void decode(Events counter, Blackhole bh) {
    Provenance provenance = Provenance.of(RawLogEvent.Intake.FIREHOSE, 1L);
    for (String data : base64Records) {
      DecodeResult result = decoder.decodeBase64(data, provenance);
      if (result instanceof DecodeResult.Decoded decoded) {
        counter.events += decoded.events().size();
        bh.consume(decoded.events());
      } else {
        throw new IllegalStateException("corpus record rejected: " + result);
      }
    }
  }

  @Benchmark
  public void bareGzipJackson(Events counter, Blackhole bh) throws IOException {
    for (byte[] gzip : gzipRecords) {
      try (MappingIterator<JsonNode> docs =
          jackson
              .readerFor(JsonNode.class)
              .readValues(new GZIPInputStream(new ByteArrayInputStream(gzip), 16 * 1024))) {
        while (docs.hasNextValue()) {
          JsonNode doc = docs.nextValue();
          counter.events += doc.path("logEvents").size();
          bh.consume(doc);
        }
      }
    }
  }
}

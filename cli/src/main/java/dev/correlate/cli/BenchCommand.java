package dev.correlate.cli;

import dev.correlate.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code correlate bench …}: benchmarks that need the whole running stack. */
@Command(name = "bench", description = "Benchmarks against a running stack (start it with 'correlate up --background').",
    subcommands = BenchCommand.EndToEnd.class, mixinStandardHelpOptions = true)
final class BenchCommand {

  /** {@code correlate bench e2e}. */
  @Command(name = "e2e", mixinStandardHelpOptions = true,
      description = {"Drives simulated traffic into ingest and times it until OpenSearch can find every event; "
          + "measures OpenSearch's raw bulk rate for the same documents in the same run, then the pipeline at "
          + "70 % of its maximum for event-to-queryable latency.", "Prints and writes the results as JSON."})
  static final class EndToEnd implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "50000", description = "Events per phase (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--senders", defaultValue = "4", description = "Concurrent Firehose senders (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--ingest", defaultValue = "http://127.0.0.1:8081/ingest/firehose",
        description = "Ingest's Firehose endpoint (default: ${DEFAULT-VALUE}).")
    URI ingest;

    @Option(names = "--opensearch", defaultValue = "http://127.0.0.1:9200",
        description = "OpenSearch URL (default: ${DEFAULT-VALUE}).")
    URI openSearch;

    @Option(names = "--access-key", description = "Firehose access key, when ingest requires one.")
    String accessKey;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Longest wait per phase (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--out", defaultValue = "target/bench-e2e.json", description = "Result file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
      ObjectNode result = new EndToEndBench(ingest, openSearch, Optional.ofNullable(accessKey))
          .run(events, senders, timeout);
      try {
        if (out.getParent() != null) {
          Files.createDirectories(out.getParent());
        }
        Files.write(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out, e);
      }
      System.out.println(table(result));
      System.out.println("written to " + out);
      return 0;
    }

    private static String table(JsonNode r) {
      StringBuilder s = new StringBuilder();
      s.append(String.format("%-12s %10s %10s %12s %10s %10s%n", "phase", "events", "seconds", "events/s",
          "p50 ms", "p99 ms"));
      for (String phase : new String[] {"raw_bulk", "e2e_max", "e2e_70pct"}) {
        JsonNode p = r.path(phase);
        s.append(String.format("%-12s %10d %10.1f %12.0f %10.0f %10.0f%n", phase, p.path("events").asLong(),
            p.path("seconds").asDouble(), p.path("events_per_second").asDouble(),
            p.path("latency_ms").path("p50").asDouble(Double.NaN), p.path("latency_ms").path("p99").asDouble(Double.NaN)));
      }
      s.append(String.format("end-to-end / raw bulk = %.2f%n", r.path("e2e_over_raw_bulk").asDouble()));
      return s.toString();
    }
  }
}

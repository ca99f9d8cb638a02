package dev.correlate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code correlate bench …}: benchmarks that need the whole running stack. The CLI registers it
 * with the environment its own commands read, so that {@code CORRELATE_*} tuning applies to the
 * floor pipeline as to the stack.
 */
@Command(
    name = "bench",
    description =
        "Run benchmarks against a running stack (start it with 'correlate up --background').",
    subcommands = {BenchCommand.EndToEnd.class, BenchCommand.Api.class},
    mixinStandardHelpOptions = true)
public final class BenchCommand {
  private final Map<String, String> env;

  public BenchCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** {@code correlate bench e2e}. */
  @Command(
      name = "e2e",
      mixinStandardHelpOptions = true,
      description = {
        "Measure how fast the stack makes events searchable, against OpenSearch's bulk rate and "
            + "the floor.",
        "Drives simulated traffic into ingest and times it until OpenSearch can find every event; "
            + "after a warm-up, alternates that with the floor pipeline (the same ingest, exactly-once Kafka Streams "
            + "and indexer, started in this JVM with a parse-and-forward topology) and with OpenSearch's raw bulk "
            + "rate for the same documents, in rounds, then runs the pipeline at 70%% of its median maximum for "
            + "event-to-queryable latency.",
        "Prints and writes the results as JSON."
      })
  static final class EndToEnd implements Callable<Integer> {
    @ParentCommand BenchCommand parent;

    @Option(
        names = "--events",
        defaultValue = "100000",
        description = "Events per phase (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
        names = "--records-per-request",
        defaultValue = "500",
        description =
            "Subscription records per Firehose request, at most: Firehose sends up to 500 (1-4 MiB); "
                + "one more phase sends requests of "
                + EndToEndBench.SMALL_REQUEST_RECORDS
                + " (default: ${DEFAULT-VALUE}).")
    int recordsPerRequest;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        description =
            "Rounds of pipeline, floor and raw bulk; the ratios are their medians "
                + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
        names = "--warmup-events",
        defaultValue = "30000",
        description =
            "Events of each phase of the unreported warm-up, pipeline, floor and bulk; the warm-up "
                + "is repeated (at most "
                + EndToEndBench.MAX_WARMUPS
                + " times) while the stack's JVMs still spend 5%% or more of their CPU compiling "
                + "(default: ${DEFAULT-VALUE}).")
    long warmupEvents;

    @Option(
        names = "--senders",
        defaultValue = "4",
        description = "Concurrent Firehose senders (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(
        names = "--ingest",
        defaultValue = "http://127.0.0.1:8081/ingest/firehose",
        description = "Ingest's Firehose endpoint (default: ${DEFAULT-VALUE}).")
    URI ingest;

    @Mixin OpenSearchOption openSearch;

    @Option(
        names = "--kafka",
        defaultValue = "127.0.0.1:19092",
        description =
            "Kafka bootstrap, for the floor pipeline's own topics (default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--access-key", description = "Firehose access key, when ingest requires one.")
    String accessKey;

    @Option(
        names = "--hops",
        description =
            "Break the 70%% phase's latency down by hop (stream, commit, index, refresh); its "
                + "real-time gets add OpenSearch work, so the headline p99 is taken without it.")
    boolean hops;

    @Option(
        names = "--timeout",
        defaultValue = "PT15M",
        description = "Longest wait per phase (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
        names = "--out",
        defaultValue = "target/bench-e2e.json",
        description = "Result file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
      ObjectNode result =
          new EndToEndBench(
                  ingest,
                  openSearch.url,
                  kafka,
                  Optional.ofNullable(accessKey),
                  parent.env,
                  recordsPerRequest,
                  hops)
              .run(events, senders, timeout, rounds, warmupEvents);
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
      s.append(
          String.format(
              "%-18s %8s %8s %9s %10s %9s %9s %7s%n",
              "phase", "events", "docs", "seconds", "events/s", "p50 ms", "p99 ms", "ratio"));
      for (JsonNode round : r.path("rounds")) {
        row(s, round.path("e2e_max"), String.format("%.2f", round.path("ratio").asDouble()));
        row(s, round.path("floor"), String.format("%.2f", round.path("floor_ratio").asDouble()));
        row(s, round.path("raw_bulk"), "1");
      }
      row(s, r.path("e2e_70pct"), "");
      row(
          s,
          r.path("e2e_small_requests"),
          String.format("%.2f", r.path("e2e_small_requests_over_raw_bulk").asDouble()));
      s.append(
          String.format(
              "median end-to-end / raw bulk = %.2f (%.0f / %.0f events/s)%n",
              r.path("e2e_over_raw_bulk").asDouble(),
              r.path("e2e_max_median_events_per_second").asDouble(),
              r.path("raw_bulk_median_events_per_second").asDouble()));
      s.append(
          String.format(
              "median floor / raw bulk = %.2f (%.0f events/s): no pipeline of this architecture "
                  + "does less per event%n",
              r.path("floor_over_raw_bulk").asDouble(),
              r.path("floor_max_median_events_per_second").asDouble()));
      s.append(
          String.format("median end-to-end / floor = %.2f%n", r.path("e2e_over_floor").asDouble()));
      JsonNode hops = r.path("e2e_70pct").path("hops_ms");
      if (!hops.isEmpty()) {
        s.append(
            String.format(
                "e2e_70pct by hop (%.0f events; the bench searched every %.0f ms; tail: the mean"
                    + " over the events at or above the total's p99, which adds up):%n",
                hops.path("total").path("samples").asDouble(),
                r.path("e2e_70pct").path("latency_ms").path("poll").asDouble()));
        s.append(String.format("  %-8s %8s %8s %14s%n", "hop", "p50 ms", "p99 ms", "tail ms"));
        hops.fields()
            .forEachRemaining(
                h ->
                    s.append(
                        String.format(
                            "  %-8s %8.0f %8.0f %14.0f%n",
                            h.getKey(),
                            h.getValue().path("p50").asDouble(),
                            h.getValue().path("p99").asDouble(),
                            h.getValue().path("tail_mean").asDouble())));
      }
      s.append(
          String.format(
              "Kafka per raw event (e2e_max, median): %.2f records, %.0f bytes%n",
              r.path("kafka_records_per_raw_event").asDouble(),
              r.path("kafka_bytes_per_raw_event").asDouble()));
      if (r.has("stream_threads_micros_per_event")) {
        s.append(
            String.format(
                "stack threads' CPU per event (e2e_max, median): stream threads %.0f µs, indexer %.0f µs%n",
                r.path("stream_threads_micros_per_event").asDouble(),
                r.path("indexer_thread_micros_per_event").asDouble(Double.NaN)));
      }
      s.append("CPU µs per event by part (first round):\n");
      JsonNode first = r.path("rounds").path(0);
      for (String phase : new String[] {"e2e_max", "floor", "raw_bulk"}) {
        Map<String, Long> cpu = new LinkedHashMap<>(); // whole µs, as in the progress lines
        first
            .path(phase)
            .path("cpu_micros_per_event")
            .fields()
            .forEachRemaining(e -> cpu.put(e.getKey(), Math.round(e.getValue().asDouble())));
        s.append(String.format("  %-9s %s%n", phase, cpu));
      }
      return s.toString();
    }

    private static void row(StringBuilder s, JsonNode p, String ratio) {
      s.append(
          String.format(
              "%-18s %8d %8d %9.1f %10.0f %9.0f %9.0f %7s%n",
              p.path("name").asText(),
              p.path("events").asLong(),
              p.path("event_writes").asLong() + p.path("summary_writes").asLong(),
              p.path("seconds").asDouble(),
              p.path("events_per_second").asDouble(),
              p.path("latency_ms").path("p50").asDouble(Double.NaN),
              p.path("latency_ms").path("p99").asDouble(Double.NaN),
              ratio));
    }
  }

  /** {@code correlate bench api}. */
  @Command(
      name = "api",
      mixinStandardHelpOptions = true,
      description = {
        "Measure what the query API adds to a timeline read: the API against the same events search "
            + "sent to OpenSearch directly and through a pass-through proxy (the direct search "
            + "behind one HTTP hop, the floor of any API in front of OpenSearch).",
        "Writes two job timelines (100 and 1 000 events) into scratch indices of the stack's "
            + "OpenSearch, starts the query API and the proxy in this JVM, alternates the three "
            + "requests, prints p50/p99 and the ratios per run and their medians, then deletes the "
            + "scratch indices."
      })
  static final class Api implements Callable<Integer> {
    @Mixin OpenSearchOption openSearch;

    @Option(
        names = "--rounds",
        defaultValue = "500",
        description =
            "Measured rounds per size and run, after a warm-up of a third as many "
                + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
        names = "--runs",
        defaultValue = "3",
        description =
            "Runs of both sizes; the ratios reported are their medians (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
      List<ApiBench.Result> results = new ApiBench(openSearch.url).run(runs, rounds);
      System.out.printf(
          "%-6s %6s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s%n",
          "events",
          "load",
          "API p50",
          "proxy p50",
          "direct p50",
          "API p99",
          "proxy p99",
          "direct p99",
          "API÷proxy",
          "API÷direct",
          "proxy÷direct",
          "API µs",
          "proxy µs",
          "direct µs");
      for (ApiBench.Result r : results) {
        System.out.printf(
            "%-6d %6.1f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.0f %9.0f %9.0f%n",
            r.events(),
            r.loadAverage(),
            r.api().p50(),
            r.proxy().p50(),
            r.direct().p50(),
            r.api().p99(),
            r.proxy().p99(),
            r.direct().p99(),
            r.apiOverProxy(),
            r.apiOverDirect(),
            r.proxyOverDirect(),
            r.apiCpuMicros(),
            r.proxyCpuMicros(),
            r.directCpuMicros());
      }
      System.out.println(
          "(ms; µs = this JVM's CPU per request without its JIT compiler threads', each path "
              + "measured apart: the client's in all three, the API's or the proxy's on top; "
              + "OpenSearch's own CPU is not in it)");
      for (int size : ApiBench.SIZES) {
        List<ApiBench.Result> ofSize = results.stream().filter(r -> r.events() == size).toList();
        System.out.printf(
            "%d events, median of %d runs (ms): API p50 %.2f, proxy p50 %.2f, direct p50 %.2f; "
                + "API ÷ proxy %.2f, API ÷ direct %.2f, proxy ÷ direct %.2f; CPU µs per request "
                + "API %.0f, proxy %.0f, direct %.0f%n",
            size,
            ofSize.size(),
            median(ofSize, r -> r.api().p50()),
            median(ofSize, r -> r.proxy().p50()),
            median(ofSize, r -> r.direct().p50()),
            median(ofSize, ApiBench.Result::apiOverProxy),
            median(ofSize, ApiBench.Result::apiOverDirect),
            median(ofSize, ApiBench.Result::proxyOverDirect),
            median(ofSize, ApiBench.Result::apiCpuMicros),
            median(ofSize, ApiBench.Result::proxyCpuMicros),
            median(ofSize, ApiBench.Result::directCpuMicros));
      }
      return 0;
    }

    private static double median(
        List<ApiBench.Result> results, ToDoubleFunction<ApiBench.Result> figure) {
      double[] values = results.stream().mapToDouble(figure).sorted().toArray();
      return values.length % 2 == 1
          ? values[values.length / 2]
          : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
  }

  /** {@code --opensearch}: the stack's node, for every bench that reads or writes it. */
  static final class OpenSearchOption {
    @Option(
        names = "--opensearch",
        defaultValue = "http://127.0.0.1:9200",
        description = "OpenSearch URL (default: ${DEFAULT-VALUE}).")
    URI url;
  }
}

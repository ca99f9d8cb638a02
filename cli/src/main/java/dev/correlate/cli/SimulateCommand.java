package dev.correlate.cli;

import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code correlate simulate}: writes simulated TradAI traffic as Firehose request bodies (NDJSON,
 * one request per line) and its ground truth (JSON). Defaults are those of {@link
 * SimulationSettings#defaults()}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write realistic TradAI traffic as Firehose requests, with what Correlate should conclude from it.",
      "Amazon Data Firehose request bodies as NDJSON (one request per line), covering every scenario, and their "
          + "ground truth as JSON."
    })
final class SimulateCommand implements Callable<Integer> {
  /**
   * Where the option defaults come from; its "now" is never used (the wall clock is read at the
   * call).
   */
  private static final SimulationSettings DEFAULTS = SimulationSettings.defaults(1L);

  @ParentCommand CorrelateCli root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "NDJSON file of request bodies.")
  Path out;

  @Option(
      names = "--truth",
      paramLabel = "FILE",
      description = "Ground truth JSON (default: next to --out, <name>.truth.json).")
  Path truth;

  @Option(
      names = "--seed",
      description = "Random seed; the same flags give identical files (default ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Backtest jobs per job scenario (default ${DEFAULT-VALUE}).")
  int jobsPerScenario = DEFAULTS.jobsPerScenario();

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Request chains backend → strategy-service → data-collection (default ${DEFAULT-VALUE}).")
  int plainRequests = DEFAULTS.plainRequests();

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Scale --jobs and --requests to about N distinct log events (overrides both).")
  Long events;

  @Option(
      names = "--now",
      paramLabel = "TIME",
      converter = EpochMillis.class,
      description = "What 'now' is: ISO-8601 instant or epoch ms (default: the wall clock).")
  Long now;

  @Option(
      names = "--span-minutes",
      paramLabel = "MIN",
      description = "How far before now traffic starts (default ${DEFAULT-VALUE}, at least 60).")
  int spanMinutes = DEFAULTS.spanMinutes();

  @Option(
      names = "--env",
      description = "TradAI environment in log group names (default ${DEFAULT-VALUE}).")
  String env = DEFAULTS.env();

  @Option(
      names = "--health-check-rate",
      paramLabel = "R",
      description = "Health-check invocations per story (default ${DEFAULT-VALUE}).")
  double healthCheckRate = DEFAULTS.healthCheckRate();

  @Option(
      names = "--duplicate-rate",
      paramLabel = "R",
      description =
          "Share of requests re-sent with the same request id (default ${DEFAULT-VALUE}).")
  double duplicateRate = DEFAULTS.duplicateRate();

  @Option(
      names = "--control-rate",
      paramLabel = "R",
      description = "Share of requests with a CONTROL_MESSAGE record (default ${DEFAULT-VALUE}).")
  double controlMessageRate = DEFAULTS.controlMessageRate();

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Most log events per subscription batch (default ${DEFAULT-VALUE}).")
  int batchSize = DEFAULTS.batchSize();

  @Option(
      names = "--records-per-request",
      paramLabel = "N",
      description = "Most records per Firehose request (default ${DEFAULT-VALUE}).")
  int recordsPerRequest = DEFAULTS.recordsPerRequest();

  @Option(names = "--account", description = "12-digit owner account (default ${DEFAULT-VALUE}).")
  String account = DEFAULTS.account();

  @Option(names = "--region", description = "AWS region in ARNs (default ${DEFAULT-VALUE}).")
  String region = DEFAULTS.region();

  @Override
  public Integer call() {
    SimulationSettings settings = settings();
    Path truthFile = truth != null ? truth : out.resolveSibling(baseName(out) + ".truth.json");
    GroundTruth written = new TrafficSimulator(settings).write(out, truthFile);
    GroundTruth.Counts counts = written.counts();
    PrintWriter console = root.spec.commandLine().getOut();
    console.printf(
        "Wrote %d Firehose requests (%d re-sent) with %d log events (%d delivered twice) and %d control"
            + " messages to %s%n",
        counts.requests(),
        counts.duplicateRequests(),
        counts.events(),
        counts.duplicateEvents(),
        counts.controlMessages(),
        out);
    console.printf(
        "Ground truth: %d jobs, %d correlation ids, %d events in %s%n",
        written.jobs().size(), written.correlations().size(), written.events().size(), truthFile);
    return 0;
  }

  private SimulationSettings settings() {
    try {
      SimulationSettings settings =
          new SimulationSettings(
              seed,
              jobsPerScenario,
              plainRequests,
              healthCheckRate,
              duplicateRate,
              controlMessageRate,
              env,
              now != null ? now : Instant.now().toEpochMilli(),
              spanMinutes,
              batchSize,
              recordsPerRequest,
              account,
              region);
      return events == null ? settings : TrafficSimulator.scaledTo(settings, events);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** An ISO-8601 instant ({@code 2026-11-27T10:00:00Z}) or epoch milliseconds. */
  static final class EpochMillis implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      if (value.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(value);
      }
      try {
        return Instant.parse(value).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "not an ISO-8601 instant nor epoch ms: " + value);
      }
    }
  }
}

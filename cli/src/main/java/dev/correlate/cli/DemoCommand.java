package dev.correlate.cli;

import dev.correlate.core.json.Json;
import dev.correlate.simulator.FirehoseReplay;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.Simulation;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code correlate demo}: {@code up --background}, a replay of simulated TradAI traffic (every
 * scenario of the simulator) into ingest, a wait until the query API serves what was replayed, then
 * what to open and try ({@link DemoGuide}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local stack in the background, replay simulated TradAI traffic into it and say what "
          + "to try.",
      "The ground truth of the replay is written to .correlate/demo/truth.json."
    })
final class DemoCommand implements Callable<Integer> {
  private static final Duration INDEXING_TIMEOUT = Duration.ofMinutes(3);

  @ParentCommand CorrelateCli root;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Backtest jobs per job scenario (default ${DEFAULT-VALUE}).")
  int jobsPerScenario = 2;

  @Option(
      names = "--seed",
      description = "Random seed of the simulated traffic (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Override
  public Integer call() {
    LauncherSettings settings = root.launcherSettings();
    PrintWriter out = root.spec.commandLine().getOut();
    if (UpCommand.Background.start(settings, root.env(), out) != 0) {
      return 1;
    }
    SimulationSettings defaults = SimulationSettings.defaults();
    Simulation simulation =
        new TrafficSimulator(
                defaults.withSeed(seed).withVolume(jobsPerScenario, defaults.plainRequests()))
            .generate();
    GroundTruth truth = simulation.truth();
    Path truthFile = new StateDir(settings.stateDir()).root().resolve("demo").resolve("truth.json");
    try {
      Files.createDirectories(truthFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + truthFile.getParent(), e);
    }
    truth.write(truthFile);

    out.printf(
        "Replaying %d Firehose requests (%d log events, %d backtest jobs) into %s ...%n",
        simulation.requests().size(),
        truth.counts().events(),
        truth.jobs().size(),
        settings.ingestUrl());
    out.flush();
    FirehoseReplay.Result result =
        new FirehoseReplay(
                URI.create(settings.ingestUrl() + "/ingest/firehose"),
                first(root.env(), "CORRELATE_FIREHOSE_ACCESS_KEYS"))
            .post(simulation.requests());
    out.printf("Ingest accepted %d requests, rejected %d.%n", result.accepted(), result.rejected());
    result.problems().forEach(problem -> out.println("  " + problem));
    if (result.accepted() == 0) {
      out.println("Nothing was accepted; see " + new StateDir(settings.stateDir()).launcherLog());
      return 1;
    }

    Map.Entry<String, GroundTruth.JobTruth> failed = DemoGuide.focus(truth);
    String jobId = failed.getKey();
    Optional<String> token = first(root.env(), "CORRELATE_API_TOKENS");
    long expected = failed.getValue().events();
    out.println(
        "Waiting for streams and the indexer to serve the "
            + expected
            + " events of job "
            + jobId
            + " ...");
    out.flush();
    long served = awaitServed(settings.apiUrl() + "/api/v1/jobs/" + jobId, token, expected);
    out.println(
        served >= expected
            ? "The query API serves the replayed traffic."
            : "The query API serves "
                + Math.max(served, 0)
                + " of the "
                + expected
                + " events of job "
                + jobId
                + " after "
                + INDEXING_TIMEOUT.toMinutes()
                + " minutes; `correlate status` and "
                + new StateDir(settings.stateDir()).launcherLog()
                + " say more.");
    out.println(DemoGuide.of(settings, truth, truthFile, token.isPresent()).text());
    return served >= expected ? 0 : 1;
  }

  /**
   * Polls the job at {@code url} until its {@code event_count} reaches {@code expected}; returns
   * the last count seen, -1 if the job was never served.
   */
  private static long awaitServed(String url, Optional<String> token, long expected) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    HttpRequest request = builder.build();
    long deadline = System.nanoTime() + INDEXING_TIMEOUT.toNanos();
    long count = -1;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          count = Json.mapper().readTree(response.body()).path("event_count").asLong(-1);
          if (count >= expected) {
            return count;
          }
        }
      } catch (IOException e) {
        // not answering yet, or not JSON yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return count;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return count;
      }
    }
    return count;
  }

  /** The first entry of a comma-separated variable, if set. */
  private static Optional<String> first(Map<String, String> env, String key) {
    String value = env.get(key);
    return value == null
        ? Optional.empty()
        : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).findFirst();
  }
}

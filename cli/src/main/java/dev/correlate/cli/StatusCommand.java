package dev.correlate.cli;

import dev.correlate.localstack.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code correlate status}: which parts of the local stack run, and whether they answer. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show which parts of the local stack run; exit status 0 only when all of them answer.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand CorrelateCli root;

  @Override
  public Integer call() {
    LauncherSettings settings = root.launcherSettings();
    PrintWriter out = root.spec.commandLine().getOut();
    StateDir state = new StateDir(settings.stateDir());
    boolean ok =
        line(
            out,
            "launcher",
            state.running(StateDir.Part.LAUNCHER),
            state.isReady() ? "ready" : "not ready",
            state.isReady());
    ok &=
        line(
            out,
            "Kafka",
            state.running(StateDir.Part.KAFKA),
            settings.kafkaBootstrap(),
            Ports.listening(settings.kafkaHost(), settings.kafkaPort()));
    ok &=
        line(
            out,
            "OpenSearch",
            state.running(StateDir.Part.OPENSEARCH),
            settings.openSearchUrl(),
            Ports.listening(settings.openSearchHost(), settings.openSearchPort()));
    ok &=
        line(
            out,
            "ingest",
            Optional.empty(),
            settings.ingestUrl(),
            healthy(settings.ingestUrl() + "/health"));
    ok &=
        line(
            out,
            "streams",
            Optional.empty(),
            settings.streamsUrl(),
            healthy(settings.streamsUrl() + "/health"));
    ok &=
        line(
            out,
            "query API",
            Optional.empty(),
            settings.apiUrl(),
            healthy(settings.apiUrl() + "/api/v1/health"));
    out.println("state directory: " + state.root());
    return ok ? 0 : 3;
  }

  /** Whether a health endpoint answers 200 (healthy) within two seconds. */
  private static boolean healthy(String url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean line(
      PrintWriter out,
      String part,
      Optional<ProcessHandle> process,
      String where,
      boolean answering) {
    out.printf(
        "%-11s %-5s %-32s %s%n",
        part, answering ? "up" : "DOWN", where, process.map(p -> "pid " + p.pid()).orElse(""));
    return answering;
  }
}

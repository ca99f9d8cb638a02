package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.localstack.LocalOpenSearch;
import dev.correlate.localstack.Ports;
import dev.correlate.testkit.SharedStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The launcher end to end, as a user runs it: {@code up --background} on free ports, a Firehose request into
 * ingest, a query to the API, then {@code down}, which must leave no process of the stack behind.
 */
class LauncherIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void upInTheBackground_servesIngest_andDownLeavesNoProcess() throws Exception {
    Path state = SharedStack.scratchDir("launcher-it-");
    Map<String, String> env = Map.of(
        "CORRELATE_STATE_DIR", state.toString(),
        "CORRELATE_OPENSEARCH_HOME", LocalOpenSearch.defaultHome().toString(),
        "CORRELATE_KAFKA_BOOTSTRAP", "127.0.0.1:" + Ports.free(),
        "CORRELATE_KAFKA_CONTROLLER_PORT", String.valueOf(Ports.free()),
        "CORRELATE_OPENSEARCH_URL", "http://127.0.0.1:" + Ports.free(),
        "CORRELATE_OPENSEARCH_TRANSPORT_PORT", String.valueOf(Ports.free()),
        "CORRELATE_INGEST_PORT", String.valueOf(Ports.free()),
        "CORRELATE_STREAMS_PORT", String.valueOf(Ports.free()),
        "CORRELATE_API_PORT", String.valueOf(Ports.free()));
    LauncherSettings settings = LauncherSettings.from(env);
    StateDir dir = new StateDir(state);
    try {
      assertThat(run(env, "up", "--background")).as(output::toString).isZero();
      assertThat(output.toString()).contains("Correlate is up.", settings.ingestUrl());
      List<ProcessHandle> stack = List.of(StateDir.Part.values()).stream()
          .map(dir::running).flatMap(Optional::stream).toList();
      assertThat(stack).hasSize(3);
      assertThat(run(env, "status")).as(output::toString).isZero();

      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create(settings.ingestUrl() + "/ingest/firehose"))
          .header("Content-Type", "application/json")
          .header("X-Amz-Firehose-Request-Id", "launcher-it-1")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"requestId\":\"launcher-it-1\",\"timestamp\":1700000000000,\"records\":[]}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(URI.create(settings.apiUrl() + "/api/v1/jobs"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);

      assertThat(run(env, "down")).isZero();
      assertThat(stack).noneMatch(ProcessHandle::isAlive);
      assertThat(Ports.listening(settings.kafkaHost(), settings.kafkaPort())).isFalse();
      assertThat(Ports.listening(settings.openSearchHost(), settings.openSearchPort())).isFalse();
    } finally {
      dir.stopAll(java.time.Duration.ofSeconds(30));
    }
  }

  private StringWriter output = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    output = new StringWriter();
    var cli = CorrelateCli.commandLine(env);
    cli.setOut(new PrintWriter(output, true));
    cli.setErr(new PrintWriter(output, true));
    return cli.execute(args);
  }
}

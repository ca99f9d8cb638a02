package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.api.QueryApi;
import dev.correlate.api.QueryApiSettings;
import dev.correlate.core.config.Secret;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Context;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.EcsTask;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import dev.correlate.core.model.TimelineSummary.StageAt;
import dev.correlate.core.model.TimelineSummary.Submission;
import dev.correlate.testkit.InMemoryTimelineQueries;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QueryCommandsTest {
  private static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
  private static final String RED = "\u001b[1;31m";
  private static final String TOKEN = "cli-test-token-0123456789";

  private final InMemoryTimelineQueries store = new InMemoryTimelineQueries();
  private Javalin api;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    store.add(
        event(
            "1",
            T0,
            "backend",
            Level.INFO,
            "POST /api/v1/backtests submitted",
            List.of("c-1"),
            List.of("bt-1")));
    store.add(
        event(
            "2",
            T0 + 250,
            "sqs-consumer",
            Level.INFO,
            "dispatching job",
            List.of("c-1"),
            List.of("bt-1")));
    store.add(
        event(
            "3",
            T0 + 61_500,
            "strategy",
            Level.ERROR,
            "MemoryError: cannot allocate " + "x".repeat(200),
            List.of("c-1"),
            List.of("bt-1")));
    Map<String, ServiceSpan> services = new HashMap<>();
    services.put("backend", new ServiceSpan(T0, T0, 1));
    services.put("strategy", new ServiceSpan(T0 + 61_500, T0 + 61_500, 1));
    EventRef error =
        new EventRef(
            "3",
            T0 + 61_500,
            "strategy",
            "/ecs/tradai-strategy-dev",
            "s",
            "ERROR",
            "MemoryError: cannot allocate",
            "MemoryError",
            "ECS_TASK");
    // a diagnosis ranks its evidence (first error first); the job shows it in time order
    EventRef submitted =
        new EventRef(
            "1",
            T0,
            "backend",
            "/ecs/tradai-backend-dev",
            "b",
            "INFO",
            "POST /api/v1/backtests submitted",
            null,
            "ECS_SERVICE");
    store.put(
        new TimelineSummary(
            "job:bt-1",
            "job",
            "bt-1",
            3,
            T0,
            T0 + 61_500,
            61_500,
            3,
            1,
            Map.of("INFO", 2L, "ERROR", 1L),
            services,
            List.of("c-1"),
            List.of("bt-1"),
            List.of(),
            List.of(),
            error,
            "failed",
            false,
            T0 + 61_500,
            T0 + 61_500,
            List.of(),
            new Diagnosis(
                "running",
                List.of(new StageAt("submitted", T0), new StageAt("running", T0 + 1_000)),
                "oom",
                "out of memory",
                "raise task memory (1024→2048 MB)",
                "stops_immediately",
                List.of(error, submitted)),
            new Context(
                "123456789012",
                "eu-central-1",
                List.of("/ecs/tradai-strategy-dev"),
                List.of(
                    new EcsTask(
                        "arn:aws:ecs:eu-central-1:123456789012:task/tradai-dev/4f1c2b3d4e5f60718293a4b5c6d7e8f9",
                        "4f1c2b3d4e5f60718293a4b5c6d7e8f9",
                        "tradai-dev",
                        new Facts.EcsTaskFacts(
                            "arn:aws:ecs:eu-central-1:123456789012:task/tradai-dev/4f1c2b3d4e5f60718293a4b5c6d7e8f9",
                            null,
                            "family:tradai-strategy-dev",
                            "STOPPED",
                            "STOPPED",
                            "EssentialContainerExited",
                            "Essential container in task exited",
                            List.of(
                                new Facts.EcsContainer(
                                    "strategy",
                                    137,
                                    "OutOfMemoryError: Container killed due to memory usage",
                                    "STOPPED")),
                            "1024",
                            "2048",
                            null,
                            T0,
                            T0,
                            T0 + 61_500,
                            5L),
                        T0 + 61_500)),
                List.of(),
                new Submission("MomentumV2", List.of("BTC/USDT"), "1h", "20240101-20240630", T0)),
            0));
    api =
        QueryApi.create(store, QueryApiSettings.defaults().withTokens(List.of(new Secret(TOKEN))))
            .start(0);
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @Test
  void timeline_showsServicesAsColoredLanes_offsetsFromTheStart_andErrorsInRed() {
    int code = run(80, "timeline", "c-1", "--color", "always");

    assertThat(code).isEqualTo(0);
    String text = out.toString();
    assertThat(text).contains("+0.000s", "+0.250s", "+1m01.5s");
    String backendLane = laneColor(text, "backend");
    String strategyLane = laneColor(text, "strategy");
    assertThat(backendLane).isNotEqualTo(strategyLane);
    assertThat(text).contains(RED + "ERROR");
    assertThat(text).contains(RED + "MemoryError: cannot allocate");
  }

  @Test
  void output_fitsTheTerminalWidth() {
    run(60, "timeline", "c-1", "--color", "always");

    for (String line : out.toString().split("\n")) {
      assertThat(line.replaceAll("\u001b\\[[0-9;]*m", "").length())
          .as(line)
          .isLessThanOrEqualTo(60);
    }
    assertThat(out.toString()).contains("…");
  }

  @Test
  void json_printsTheApiDocument() throws Exception {
    run(80, "timeline", "c-1", "--json");

    JsonNode body = Json.mapper().readTree(out.toString());
    assertThat(body.get("events")).hasSize(3);
    assertThat(out.toString()).doesNotContain("\u001b[");
  }

  @Test
  void job_showsStatusStagesDiagnosisEvidenceAndTimeline() {
    int code = run(120, "job", "bt-1", "--color", "never");

    assertThat(code).isEqualTo(0);
    assertThat(out.toString())
        .contains("job bt-1  FAILED  stage running")
        .contains("stages: submitted 10:00:00.000 → running 10:00:01.000")
        .contains("diagnosis: oom — out of memory")
        .contains("resolution: raise task memory (1024→2048 MB)")
        .contains("evidence (in time order):")
        .contains("timeline:")
        .contains("+1m01.5s  strategy");
    // the evidence block ends where the AWS context begins
    String evidence =
        out.toString()
            .substring(
                out.toString().indexOf("evidence (in time order):"),
                out.toString().indexOf("aws: "));
    assertThat(evidence.split("\n")).hasSize(3);
    assertThat(evidence.split("\n")[1])
        .contains("10:00:00.000", "backend", "POST /api/v1/backtests submitted");
    assertThat(evidence.split("\n")[2]).contains("10:01:01.500", "strategy", "MemoryError");
  }

  @Test
  void job_showsWhatAwsSaid_theEcsTaskItsExitCodeAndReason_andTheConsoleLinksWhole() {
    int code = run(80, "job", "bt-1", "--color", "never", "--events", "0");

    assertThat(code).isEqualTo(0);
    assertThat(out.toString())
        .contains("AWS reason: OutOfMemoryError: Container killed due to memory usage")
        .contains("ECS task 4f1c2b3d4e5f60718293a4b5c6d7e8f9  STOPPED  exit 137  2048 MiB")
        .contains("cluster tradai-dev   stop code EssentialContainerExited")
        .contains("submission: strategy MomentumV2")
        .contains(
            "    https://eu-central-1.console.aws.amazon.com/ecs/v2/clusters/tradai-dev/tasks/"
                + "4f1c2b3d4e5f60718293a4b5c6d7e8f9\n")
        .contains(
            "  Logs Insights: https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1"
                + "#logsV2:logs-insights$3FqueryDetail$3D");
  }

  @Test
  void jobs_listsATable_filteredByStatus() {
    int code = run(120, "jobs", "--status", "failed", "--since", "1000d", "--color", "never");

    assertThat(code).isEqualTo(0);
    String[] lines = out.toString().split("\n");
    assertThat(lines[0]).startsWith("JOB").contains("STATUS", "STAGE", "CATEGORY", "LAST SEEN");
    assertThat(lines[1]).startsWith("bt-1").contains("FAILED", "running", "oom", "1m01.5s");
  }

  @Test
  void search_printsMatchingEvents_newestFirst() {
    int code = run(120, "search", "?MemoryError ?dispatching", "--color", "never");

    assertThat(code).isEqualTo(0);
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains("2026-11-27T10:01:01.500Z", "strategy", "ERROR", "MemoryError");
    assertThat(lines[1]).contains("sqs-consumer", "dispatching job");
  }

  @Test
  void unknownId_saysSo_withExitCode4() {
    int code = run(80, "job", "bt-nope");

    assertThat(code).isEqualTo(ApiClient.NOT_FOUND);
    assertThat(err.toString()).isEqualTo("correlate: job bt-nope not found\n");
  }

  @Test
  void invalidPattern_showsTheApiExplanation() {
    int code = run(80, "search", "{ $.level = ");

    assertThat(code).isEqualTo(ApiClient.FAILED);
    assertThat(err.toString()).contains("not a valid filter pattern").contains("at position 12");
  }

  @Test
  void unreachableApi_saysHowToStartIt_withExitCode3() {
    int code = execute(Map.of("CORRELATE_API_URL", "http://127.0.0.1:1"), "jobs");

    assertThat(code).isEqualTo(ApiClient.UNREACHABLE);
    assertThat(err.toString())
        .contains("cannot reach the Correlate API at http://127.0.0.1:1")
        .contains("correlate up");
  }

  @Test
  void missingToken_saysWhichVariableToSet() {
    int code = execute(Map.of("CORRELATE_API_URL", "http://127.0.0.1:" + api.port()), "jobs");

    assertThat(code).isEqualTo(ApiClient.FAILED);
    assertThat(err.toString()).contains("CORRELATE_API_TOKEN");
  }

  private int run(int columns, String... args) {
    return execute(
        Map.of(
            "CORRELATE_API_URL",
            "http://127.0.0.1:" + api.port(),
            "CORRELATE_API_TOKEN",
            TOKEN,
            "COLUMNS",
            String.valueOf(columns)),
        args);
  }

  private int execute(Map<String, String> env, String... args) {
    CommandLine cli = CorrelateCli.commandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** The color escape written right before {@code service}'s lane. */
  private static String laneColor(String text, String service) {
    int at = text.indexOf(service + "\u001b[0m");
    assertThat(at).as("lane of " + service).isPositive();
    int start = text.lastIndexOf('\u001b', at);
    return text.substring(start, at);
  }

  private static LogEvent event(
      String id,
      long ts,
      String service,
      Level level,
      String message,
      List<String> correlationIds,
      List<String> jobIds) {
    return new LogEvent(
        id,
        ts,
        null,
        ts,
        "/ecs/tradai-" + service + "-dev",
        service + "/main/0",
        null,
        null,
        service,
        "dev",
        null,
        level,
        null,
        message,
        Map.of(),
        correlationIds,
        jobIds,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}

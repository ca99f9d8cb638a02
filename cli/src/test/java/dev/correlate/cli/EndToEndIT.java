package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.simulator.CloudWatchEvent;
import dev.correlate.simulator.FirehoseReplay;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.FirehoseRequests;
import dev.correlate.simulator.GroundTruth;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole pipeline on the real broker and node: Firehose requests posted to ingest, through Kafka
 * and the streams topology, indexed in OpenSearch, answered by the query API — every deployable
 * started by its own {@code *Main} from one environment, as the launcher does ({@link Pipeline}).
 */
@ExtendWith(Pipeline.Shared.class)
class EndToEndIT {
  private static Pipeline pipeline;

  @BeforeAll
  static void startEveryDeployable(Pipeline shared) {
    pipeline = shared;
  }

  @Test
  void firehoseRequest_becomesACorrelationTimeline_inTimeOrder() throws Exception {
    String correlationId =
        "c0ffee00-1234-4abc-8def-" + String.format("%012d", System.nanoTime() % 1_000_000_000_000L);
    // a minute ago: ingest takes events within CloudWatch's own window around their receipt
    long t = System.currentTimeMillis() - 60_000;
    List<CloudWatchEvent> lines =
        List.of(
            event(
                t + 2_000,
                3,
                "{\"asctime\":\"x\",\"levelname\":\"ERROR\",\"name\":\"tradai.backend.api\","
                    + "\"message\":\"strategy service answered 503\",\"correlation_id\":\""
                    + correlationId
                    + "\"}"),
            event(
                t,
                1,
                "{\"asctime\":\"x\",\"levelname\":\"INFO\",\"name\":\"tradai.backend.api\","
                    + "\"message\":\"POST /api/v1/backtests\",\"correlation_id\":\""
                    + correlationId
                    + "\"}"),
            event(
                t + 1_000,
                2,
                "{\"asctime\":\"x\",\"levelname\":\"INFO\",\"name\":\"tradai.backend.api\","
                    + "\"message\":\"calling strategy service\",\"correlation_id\":\""
                    + correlationId
                    + "\"}"));
    FirehoseRequest request =
        FirehoseRequests.of(
            "/ecs/tradai-backend-dev", "backend/backend/0123456789abcdef0123456789abcdef", lines);

    FirehoseReplay.Result posted =
        new FirehoseReplay(pipeline.ingestUri(), Optional.empty()).post(List.of(request));
    assertThat(posted.accepted()).isEqualTo(1);

    JsonNode timeline =
        Pipeline.await(
            () -> {
              JsonNode body = pipeline.get("/api/v1/correlations/" + correlationId + "/timeline");
              return body != null && body.path("events").size() == 3 ? body : null;
            });
    assertThat(timeline.path("kind").asText()).isEqualTo("correlation");
    assertThat(timeline.path("id").asText()).isEqualTo(correlationId);
    assertThat(timeline.path("next_cursor").isNull()).isTrue();
    List<String> messages = new ArrayList<>();
    timeline
        .path("events")
        .forEach(
            e -> {
              assertThat(e.path("service").asText()).isEqualTo("backend");
              assertThat(e.path("event_id").asText()).isNotEmpty();
              assertThat(e.path("timestamp").asText()).endsWith("Z");
              messages.add(e.path("level").asText() + " " + e.path("message").asText());
            });
    assertThat(messages)
        .containsExactly(
            "INFO POST /api/v1/backtests",
            "INFO calling strategy service",
            "ERROR strategy service answered 503");
  }

  /**
   * The simulated traffic includes EventBridge events (ECS task state changes for every task, S3
   * "Object Created" for every result) and the stories only AWS tells: an OOM kill, results and
   * failed starts with no log line.
   */
  @Test
  void
      simulatedMixedTraffic_endsWithEveryJobInTheGroundTruth_andFailedJobsCarryTheirTaskExitCodeAndLinks()
          throws Exception {
    GroundTruth truth = pipeline.replayedTraffic();

    assertThat(pipeline.servedVerdicts(truth))
        .as("jobs through the whole pipeline vs the simulator's ground truth")
        .isEqualTo(Pipeline.verdicts(truth));

    String region = Pipeline.SIMULATION.region();
    truth
        .jobs()
        .forEach(
            (id, job) -> {
              if (!"failed".equals(job.status()) || job.ecsTaskId() == null) {
                return;
              }
              JsonNode failure = pipeline.get("/api/v1/jobs/" + id + "/failure-context");
              JsonNode task = failure.path("context").path("ecs_tasks").get(0);
              assertThat(task.path("task_arn").asText())
                  .as(job.scenario())
                  .isEqualTo(
                      "arn:aws:ecs:"
                          + region
                          + ":"
                          + Pipeline.SIMULATION.account()
                          + ":task/tradai-test/"
                          + job.ecsTaskId());
              assertThat(URI.create(task.path("console_url").asText()))
                  .as(job.scenario())
                  .isEqualTo(
                      URI.create(
                          "https://"
                              + region
                              + ".console.aws.amazon.com/ecs/v2/clusters/tradai-test/tasks/"
                              + job.ecsTaskId()));
              boolean neverRan =
                  job.scenario().equals("image_pull_error")
                      || job.scenario().equals("task_start_error");
              assertThat(task.path("exit_code").isInt())
                  .as("exit code of %s", job.scenario())
                  .isEqualTo(!neverRan);
              assertThat(failure.path("aws_reason").asText()).as(job.scenario()).isNotEmpty();
              failure
                  .path("evidence")
                  .forEach(
                      e ->
                          assertThat(openedLogEvent(e.path("console_url").asText(), region))
                              .as("the console link of %s", e.path("event_id").asText())
                              .isEqualTo(
                                  e.path("log_group").asText()
                                      + " "
                                      + e.path("log_stream").asText()));
              assertThat(
                      URI.create(failure.path("context").path("logs_insights_url").asText())
                          .getFragment())
                  .startsWith("logsV2:logs-insights$3FqueryDetail$3D");
            });
    JsonNode oomKilled =
        pipeline.get(
            "/api/v1/jobs/"
                + truth.jobs().entrySet().stream()
                    .filter(e -> e.getValue().scenario().equals("oom_killed"))
                    .findFirst()
                    .orElseThrow()
                    .getKey()
                + "/failure-context");
    assertThat(oomKilled.path("category").asText()).isEqualTo("oom");
    assertThat(oomKilled.path("context").path("ecs_tasks").get(0).path("exit_code").asInt())
        .isEqualTo(137);
    assertThat(oomKilled.path("aws_reason").asText())
        .isEqualTo("OutOfMemoryError: Container killed due to memory" + " usage");
  }

  /**
   * The log group and stream a CloudWatch console link opens: its host is the region's console, and
   * its fragment names them escaped twice, {@code %} written {@code $}.
   */
  private static String openedLogEvent(String link, String region) {
    URI uri = URI.create(link);
    assertThat(uri.getHost()).isEqualTo(region + ".console.aws.amazon.com");
    assertThat(uri.getQuery()).isEqualTo("region=" + region);
    String fragment = uri.getRawFragment();
    String prefix = "logsV2:log-groups/log-group/";
    assertThat(fragment).startsWith(prefix).contains("/log-events/").contains("$3Fstart$3D");
    String[] parts =
        fragment.substring(prefix.length(), fragment.indexOf("$3Fstart$3D")).split("/log-events/");
    return unescape(parts[0]) + " " + unescape(parts[1]);
  }

  private static String unescape(String twice) {
    String once = URLDecoder.decode(twice.replace('$', '%'), StandardCharsets.UTF_8);
    return URLDecoder.decode(once, StandardCharsets.UTF_8);
  }

  private static CloudWatchEvent event(long timestamp, long sequence, String message) {
    return new CloudWatchEvent(
        FirehoseRequests.eventId(timestamp, sequence), timestamp, message + "\n");
  }
}

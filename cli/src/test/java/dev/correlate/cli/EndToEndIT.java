package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.api.QueryApiMain;
import dev.correlate.api.QueryApiService;
import dev.correlate.core.json.Json;
import dev.correlate.ingest.IngestMain;
import dev.correlate.ingest.IngestService;
import dev.correlate.simulator.CloudWatchEvent;
import dev.correlate.simulator.FirehoseReplay;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.FirehoseRequests;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsService;
import dev.correlate.testkit.SharedStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on the real broker and node: Firehose requests posted to ingest, through Kafka and the
 * streams topology, indexed in OpenSearch, answered by the query API — every deployable started by its own
 * {@code *Main} from one environment, as the launcher does.
 */
class EndToEndIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static IngestService ingest;
  private static StreamsService streams;
  private static QueryApiService api;

  @BeforeAll
  static void startEveryDeployable() {
    String prefix = "e2e" + System.nanoTime() % 100_000;
    Map<String, String> env = Map.ofEntries(
        Map.entry("CORRELATE_KAFKA_BOOTSTRAP", SharedStack.kafka().bootstrapServers()),
        Map.entry("CORRELATE_OPENSEARCH_URL", SharedStack.openSearch().url()),
        Map.entry("CORRELATE_TOPIC_PREFIX", prefix),
        Map.entry("CORRELATE_INDEX_PREFIX", prefix),
        Map.entry("CORRELATE_STATE_DIR", SharedStack.scratchDir("e2e-state").toString()),
        Map.entry("CORRELATE_INGEST_PORT", "0"),
        Map.entry("CORRELATE_API_PORT", "0"),
        Map.entry("CORRELATE_STREAMS_PORT", "0"),
        Map.entry("CORRELATE_EMIT_INTERVAL", "1s"),
        Map.entry("CORRELATE_COMMIT_INTERVAL", "200ms"),
        Map.entry("CORRELATE_BULK_FLUSH_INTERVAL", "200ms"),
        Map.entry("CORRELATE_EVENTS_REFRESH_INTERVAL", "500ms"));
    ingest = IngestMain.start(IngestMain.settings(env));
    streams = StreamsMain.start(StreamsMain.settings(env));
    api = QueryApiMain.start(QueryApiMain.settings(env));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable service : new AutoCloseable[] {api, streams, ingest}) {
      try {
        if (service != null) {
          service.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException("could not stop " + service, e);
      }
    }
  }

  @Test
  void firehoseRequest_becomesACorrelationTimeline_inTimeOrder() throws Exception {
    String correlationId = "c0ffee00-1234-4abc-8def-" + String.format("%012d", System.nanoTime() % 1_000_000_000_000L);
    long t = 1_780_000_000_000L;
    List<CloudWatchEvent> lines = List.of(
        event(t + 2_000, 3, "{\"asctime\":\"x\",\"levelname\":\"ERROR\",\"name\":\"tradai.backend.api\","
            + "\"message\":\"strategy service answered 503\",\"correlation_id\":\"" + correlationId + "\"}"),
        event(t, 1, "{\"asctime\":\"x\",\"levelname\":\"INFO\",\"name\":\"tradai.backend.api\","
            + "\"message\":\"POST /api/v1/backtests\",\"correlation_id\":\"" + correlationId + "\"}"),
        event(t + 1_000, 2, "{\"asctime\":\"x\",\"levelname\":\"INFO\",\"name\":\"tradai.backend.api\","
            + "\"message\":\"calling strategy service\",\"correlation_id\":\"" + correlationId + "\"}"));
    FirehoseRequest request = FirehoseRequests.of("/ecs/tradai-backend-dev",
        "backend/backend/0123456789abcdef0123456789abcdef", lines);

    FirehoseReplay.Result posted = new FirehoseReplay(ingestUri(), Optional.empty()).post(List.of(request));
    assertThat(posted.accepted()).isEqualTo(1);

    JsonNode timeline = await(() -> {
      JsonNode body = get("/api/v1/correlations/" + correlationId + "/timeline");
      return body != null && body.path("events").size() == 3 ? body : null;
    });
    assertThat(timeline.path("kind").asText()).isEqualTo("correlation");
    assertThat(timeline.path("id").asText()).isEqualTo(correlationId);
    assertThat(timeline.path("next_cursor").isNull()).isTrue();
    List<String> messages = new ArrayList<>();
    timeline.path("events").forEach(e -> {
      assertThat(e.path("service").asText()).isEqualTo("backend");
      assertThat(e.path("event_id").asText()).isNotEmpty();
      assertThat(e.path("timestamp").asText()).endsWith("Z");
      messages.add(e.path("level").asText() + " " + e.path("message").asText());
    });
    assertThat(messages).containsExactly("INFO POST /api/v1/backtests", "INFO calling strategy service",
        "ERROR strategy service answered 503");
  }

  /**
   * The simulated traffic includes EventBridge events (ECS task state changes for every task, S3 "Object Created"
   * for every result) and the stories only AWS tells: an OOM kill, results and failed starts with no log line.
   */
  @Test
  void simulatedMixedTraffic_endsWithEveryJobInTheGroundTruth_andFailedJobsCarryTheirTaskExitCodeAndLinks()
      throws Exception {
    TrafficSimulator simulator = new TrafficSimulator(SimulationSettings.defaults().withSeed(7).withEnv("test"));
    List<FirehoseRequest> requests = new ArrayList<>();
    GroundTruth truth = simulator.stream(requests::add);

    FirehoseReplay.Result posted = new FirehoseReplay(ingestUri(), Optional.empty()).post(requests);
    assertThat(posted.rejected()).as(posted.problems().toString()).isZero();

    Map<String, String> expected = new TreeMap<>();
    truth.jobs().forEach((id, job) -> expected.put(id, job.status() + "/" + job.stage() + "/" + job.category()));
    Map<String, String> actual = new TreeMap<>();
    try {
      await(() -> {
        actual.clear();
        for (String id : expected.keySet()) {
          JsonNode job = get("/api/v1/jobs/" + id);
          actual.put(id, job == null ? "absent" : job.path("status").asText() + "/" + job.path("stage").asText()
              + "/" + (job.path("failure").isObject() ? job.path("failure").path("category").asText() : "null"));
        }
        return actual.equals(expected) ? actual : null;
      });
    } catch (AssertionError timedOut) {
      assertThat(actual).as("jobs through the whole pipeline vs the simulator's ground truth")
          .isEqualTo(expected);
    }

    String region = simulator.settings().region();
    truth.jobs().forEach((id, job) -> {
      if (!"failed".equals(job.status()) || job.ecsTaskId() == null) {
        return;
      }
      JsonNode failure = get("/api/v1/jobs/" + id + "/failure-context");
      JsonNode task = failure.path("context").path("ecs_tasks").get(0);
      assertThat(task.path("task_arn").asText()).as(job.scenario())
          .isEqualTo("arn:aws:ecs:" + region + ":" + simulator.settings().account() + ":task/tradai-test/"
              + job.ecsTaskId());
      assertThat(URI.create(task.path("console_url").asText())).as(job.scenario())
          .isEqualTo(URI.create("https://" + region + ".console.aws.amazon.com/ecs/v2/clusters/tradai-test/tasks/"
              + job.ecsTaskId()));
      boolean neverRan = job.scenario().equals("image_pull_error") || job.scenario().equals("task_start_error");
      assertThat(task.path("exit_code").isInt()).as("exit code of %s", job.scenario()).isEqualTo(!neverRan);
      assertThat(failure.path("aws_reason").asText()).as(job.scenario()).isNotEmpty();
      failure.path("evidence").forEach(e -> assertThat(openedLogEvent(e.path("console_url").asText(), region))
          .as("the console link of %s", e.path("event_id").asText())
          .isEqualTo(e.path("log_group").asText() + " " + e.path("log_stream").asText()));
      assertThat(URI.create(failure.path("context").path("logs_insights_url").asText()).getFragment())
          .startsWith("logsV2:logs-insights$3FqueryDetail$3D");
    });
    JsonNode oomKilled = get("/api/v1/jobs/" + truth.jobs().entrySet().stream()
        .filter(e -> e.getValue().scenario().equals("oom_killed")).findFirst().orElseThrow().getKey()
        + "/failure-context");
    assertThat(oomKilled.path("category").asText()).isEqualTo("oom");
    assertThat(oomKilled.path("context").path("ecs_tasks").get(0).path("exit_code").asInt()).isEqualTo(137);
    assertThat(oomKilled.path("aws_reason").asText()).isEqualTo("OutOfMemoryError: Container killed due to memory"
        + " usage");
  }

  /**
   * The log group and stream a CloudWatch console link opens: its host is the region's console, and its fragment
   * names them escaped twice, {@code %} written {@code $}.
   */
  private static String openedLogEvent(String link, String region) {
    URI uri = URI.create(link);
    assertThat(uri.getHost()).isEqualTo(region + ".console.aws.amazon.com");
    assertThat(uri.getQuery()).isEqualTo("region=" + region);
    String fragment = uri.getRawFragment();
    String prefix = "logsV2:log-groups/log-group/";
    assertThat(fragment).startsWith(prefix).contains("/log-events/").contains("$3Fstart$3D");
    String[] parts = fragment.substring(prefix.length(), fragment.indexOf("$3Fstart$3D")).split("/log-events/");
    return unescape(parts[0]) + " " + unescape(parts[1]);
  }

  private static String unescape(String twice) {
    String once = URLDecoder.decode(twice.replace('$', '%'), StandardCharsets.UTF_8);
    return URLDecoder.decode(once, StandardCharsets.UTF_8);
  }

  private static CloudWatchEvent event(long timestamp, long sequence, String message) {
    return new CloudWatchEvent(FirehoseRequests.eventId(timestamp, sequence), timestamp, message + "\n");
  }

  private static URI ingestUri() {
    return URI.create("http://127.0.0.1:" + ingest.port() + "/ingest/firehose");
  }

  /**
   * GET on the API; the body, or null on 404 (not indexed yet) and 503 (a just-created index whose shard is
   * still recovering).
   */
  private static JsonNode get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build();
    try {
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404 || response.statusCode() == 503) {
        return null;
      }
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(path, e);
    }
  }

  private static <T> T await(Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not reached within " + PATIENCE);
  }
}

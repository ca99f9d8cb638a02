package dev.correlate.api;

import static dev.correlate.api.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.HealthReport;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.localstack.Ports;
import dev.correlate.simulator.GroundTruth.CorrelationTruth;
import dev.correlate.simulator.GroundTruth.JobTruth;
import dev.correlate.simulator.Simulation;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.storage.OpenSearchTimelineWriter;
import dev.correlate.testkit.ContractedMetrics;
import dev.correlate.testkit.SharedStack;
import dev.correlate.testkit.StoredTimelines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The API as deployed ({@link QueryApiMain#start}) over a real OpenSearch node, answering every
 * endpoint for simulated TradAI traffic indexed through the indexer's templates and bulk writer,
 * and asking the other services for their health over HTTP.
 */
class QueryApiIT {
  private static final long NOW = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Simulation sim;
  private static SimulatedTimelines indexed;
  private static QueryApiService service;

  /** Stands in for ingest's health endpoint; streams' is a port nobody listens on. */
  private static HttpServer ingest;

  @BeforeAll
  static void indexSimulatedTrafficAndStart() throws IOException {
    ingest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ingest.createContext(
        "/health",
        exchange -> {
          byte[] body = HealthReport.builder().essential("kafka", CheckResult.OK).build().toJson();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    ingest.start();
    sim =
        new TrafficSimulator(SimulationSettings.defaults(NOW).withSeed(42).withVolume(2, 10))
            .generate();
    indexed = SimulatedTimelines.of(sim, NOW);
    service =
        startOver(
            indexed,
            "apiit",
            Map.of(
                "CORRELATE_API_HEALTH_URLS",
                "ingest=http://127.0.0.1:"
                    + ingest.getAddress().getPort()
                    + "/health,"
                    + "streams=http://127.0.0.1:"
                    + Ports.free()
                    + "/health"));
  }

  /**
   * The API as deployed, over {@code data} indexed under the index prefix {@code prefix} of the
   * shared node (one prefix per test class keeps their data apart), with the variables of {@code
   * env} besides.
   */
  static QueryApiService startOver(SimulatedTimelines data, String prefix, Map<String, String> env)
      throws IOException {
    Map<String, String> variables = new HashMap<>(env);
    variables.putAll(
        Map.of(
            "CORRELATE_API_PORT",
            "0",
            "CORRELATE_OPENSEARCH_URL",
            SharedStack.openSearch().url(),
            "CORRELATE_INDEX_PREFIX",
            prefix));
    QueryApiSettings settings = QueryApiMain.settings(variables);
    OpenSearchClient client = OpenSearchClients.create(settings.openSearch());
    try {
      index(client, settings.openSearch(), data.events(), data.summaries());
    } finally {
      OpenSearchClients.close(client);
    }
    return QueryApiMain.start(settings);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (ingest != null) {
      ingest.stop(0);
    }
  }

  @Test
  void everyJob_isServedWithItsStatusAndStage() {
    for (Map.Entry<String, JobTruth> job : sim.truth().jobs().entrySet()) {
      TimelineSummary summary = summary("job:" + job.getKey());
      JsonNode body = json(get("/api/v1/jobs/" + job.getKey()));
      assertThat(body.get("status").asText()).as(job.getKey()).isEqualTo(summary.status());
      assertThat(body.get("stage").asText())
          .as(job.getKey())
          .isEqualTo(summary.diagnosis().stage());
      assertThat(body.get("event_count").asLong()).isEqualTo(job.getValue().events());
    }
  }

  @Test
  void failureContext_ofAFailedJob_carriesCategoryEvidenceAndTimelineLink() {
    TimelineSummary failed =
        indexed.summaries().stream()
            .filter(s -> s.kind().equals("job") && "failed".equals(s.status()))
            .findFirst()
            .orElseThrow();

    JsonNode context = json(get("/api/v1/jobs/" + failed.id() + "/failure-context"));

    assertThat(context.get("status").asText()).isEqualTo("failed");
    assertThat(context.get("category").asText()).isEqualTo(failed.diagnosis().category());
    assertThat(context.get("resolution").asText()).isNotBlank();
    assertThat(context.get("evidence").size())
        .isBetween(1, QueryApiSettings.defaults().maxEvidence());
    assertThat(context.get("timeline_url").asText())
        .isEqualTo("/api/v1/jobs/" + failed.id() + "/timeline");
  }

  @Test
  void jobTimeline_pagedWithCursors_givesEveryEventOnceInOrder() {
    String jobId =
        sim.truth().jobs().entrySet().stream()
            .max(Comparator.comparingLong(e -> e.getValue().events()))
            .orElseThrow()
            .getKey();
    List<String> expected =
        indexed.events().stream()
            .filter(e -> e.jobIds().contains(jobId))
            .map(LogEvent::eventId)
            .toList();

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          json(
              get(
                  "/api/v1/jobs/"
                      + jobId
                      + "/timeline?limit=7"
                      + (cursor == null ? "" : "&cursor=" + cursor)));
      page.get("events").forEach(e -> seen.add(e.get("event_id").asText()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void correlationTimeline_isServed_withTheSummary() {
    String correlationId = sim.truth().correlations().keySet().iterator().next();
    CorrelationTruth truth = sim.truth().correlations().get(correlationId);

    JsonNode body = json(get("/api/v1/correlations/" + correlationId + "/timeline"));

    assertThat(body.get("events").size()).isEqualTo((int) truth.events());
    assertThat(body.get("summary").get("id").asText()).isEqualTo(correlationId);
    assertThat(body.get("events").get(0).get("offset_ms").asLong()).isZero();
  }

  @Test
  void listings_areNewestFirst_andFiltered() {
    List<String> failed =
        indexed.summaries().stream()
            .filter(s -> s.kind().equals("job") && "failed".equals(s.status()))
            .sorted(
                Comparator.comparingLong(TimelineSummary::lastEventAt)
                    .thenComparing(TimelineSummary::timelineId)
                    .reversed())
            .map(TimelineSummary::id)
            .toList();
    JsonNode jobs = json(get("/api/v1/jobs?status=failed&limit=1000"));
    List<String> listed = new ArrayList<>();
    jobs.get("items").forEach(j -> listed.add(j.get("job_id").asText()));
    assertThat(listed).containsExactlyElementsOf(failed);

    long errors =
        indexed.summaries().stream()
            .filter(s -> s.kind().equals("correlation") && "error".equals(s.status()))
            .count();
    assertThat(json(get("/api/v1/correlations?status=error&limit=1000")).get("items").size())
        .isEqualTo((int) errors);
  }

  @Test
  void search_findsEventsByFilterPattern() {
    long errors = indexed.events().stream().filter(e -> e.level().isError()).count();

    JsonNode body =
        json(
            get(
                "/api/v1/search?limit=10000&filter="
                    + QueryApiTest.enc("{ $.level = \"ERROR\" || $.level = \"FATAL\" }")));

    assertThat(body.get("events").size()).isEqualTo((int) errors);
    assertProblemStatus(get("/api/v1/search?filter=" + QueryApiTest.enc("{ $.level = }")), 400);
  }

  @Test
  void health_asksEveryServiceOverHttp_degradedWhileStreamsDoesNotAnswer() {
    HttpResponse<String> response = get("/api/v1/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.get("dependencies").get("opensearch").get("status").asText())
        .isEqualTo("healthy");
    assertThat(body.get("dependencies").get("ingest").get("status").asText()).isEqualTo("healthy");
    assertThat(body.get("dependencies").get("streams").get("status").asText())
        .isEqualTo("unhealthy");
    assertThat(body.get("dependencies").get("streams").get("detail").asText())
        .contains("cannot reach");
    assertThat(service.check().healthy()).isTrue();
  }

  @Test
  void metrics_areTheContractsFamilies() {
    assertThat(get("/api/v1/jobs").statusCode()).isEqualTo(200);

    assertThat(ContractedMetrics.scraped(get("/metrics").body()))
        .as("families on /metrics vs deploy/prometheus/metrics.json")
        .isEqualTo(ContractedMetrics.exportedBy("query-api"));
  }

  @Test
  void metricsOpenApiAndUnknownIds_areAnswered() {
    assertThat(get("/metrics").body()).contains("http_server_requests_seconds");
    assertThat(json(get("/api/v1/openapi.json")).get("openapi").asText()).startsWith("3.");
    assertProblemStatus(get("/api/v1/jobs/bt-nosuchjob"), 404);
    assertProblemStatus(get("/api/v1/correlations/no-such-request/timeline"), 404);
  }

  private static TimelineSummary summary(String timelineId) {
    return indexed.summaries().stream()
        .filter(s -> s.timelineId().equals(timelineId))
        .findFirst()
        .orElseThrow();
  }

  private static void assertProblemStatus(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  /**
   * The hostile searches of issue 16 (hundreds of wildcards in a re-checked pattern held a core for
   * 13 s) and their neighbours: each is answered, within the drill's bound, with a page or a
   * problem document, and the API stays healthy. The bound is the client's timeout: a request not
   * answered by then fails the test.
   */
  @Test
  void hostileSearches_areAnsweredWithinBounds_withAPageOrAProblem_andTheApiStaysHealthy() {
    String sixteen = "*e".repeat(16);
    Map<String, Integer> searches =
        Map.of(
            "{ $.duration_ms > 1e12 || $.message = \"" + sixteen + "Z\" }",
            200,
            "{ $.duration_ms > 1e12 || $.message = \"" + sixteen + "*e*Z\" }",
            400,
            "{ $.latency > 100 && $.level = \"" + sixteen + "\" }",
            200,
            "{ $.latency > -1e308 }",
            200,
            "x".repeat(1025),
            400,
            "{ " + "(".repeat(17) + "$.a = 1" + ")".repeat(17) + " }",
            400);
    searches.forEach(
        (pattern, status) -> {
          HttpResponse<String> response =
              get(
                  "/api/v1/search?limit=1&filter="
                      + java.net.URLEncoder.encode(
                          pattern, java.nio.charset.StandardCharsets.UTF_8),
                  Duration.ofSeconds(60));
          assertThat(response.statusCode()).as(pattern).isEqualTo(status);
          if (status == 400) {
            assertThat(response.headers().firstValue("Content-Type"))
                .as(pattern)
                .hasValue("application/problem+json");
          } else {
            assertThat(json(response).get("events").size()).as(pattern).isLessThanOrEqualTo(1);
          }
        });
    HttpResponse<String> health = get("/api/v1/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("dependencies").get("opensearch").get("status").asText())
        .isEqualTo("healthy");
  }

  private static HttpResponse<String> get(String path) {
    return get(path, Duration.ofMinutes(5));
  }

  private static HttpResponse<String> get(String path, Duration timeout) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
              .timeout(timeout)
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Installs the templates and writes as the indexer does, then refreshes so that searches see
   * everything.
   */
  static void index(
      OpenSearchClient client,
      OpenSearchSettings settings,
      List<LogEvent> events,
      List<TimelineSummary> summaries)
      throws IOException {
    try (BlockingHttp http = BlockingHttp.create(settings)) {
      assertThat(
              StoredTimelines.write(
                  new OpenSearchTimelineWriter<>(
                      client, http, settings, BulkWriter.Settings.defaults()),
                  events,
                  summaries))
          .isEmpty();
    }
    client.indices().refresh(r -> r.index(settings.indexPrefix() + "-*"));
  }
}

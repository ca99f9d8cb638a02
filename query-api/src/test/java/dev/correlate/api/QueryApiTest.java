package dev.correlate.api;

import static dev.correlate.api.ApiServer.json;
import static dev.correlate.api.Fixtures.T0;
import static dev.correlate.api.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.model.Level;
import dev.correlate.testkit.InMemoryTimelineQueries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryApiTest {
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3_600_000), ZoneOffset.UTC);

  private final InMemoryTimelineQueries store = new InMemoryTimelineQueries();
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private ApiServer api;

  @BeforeEach
  void start() {
    store.add(
        event(
            "1",
            T0,
            "backend",
            Level.INFO,
            "Backtest job submitted",
            List.of("c-1"),
            List.of("bt-1")));
    store.add(
        event(
            "2",
            T0 + 250,
            "sqs-consumer",
            Level.INFO,
            "dispatching",
            List.of("c-1"),
            List.of("bt-1")));
    store.add(
        event(
            "3",
            T0 + 1_000,
            "strategy",
            Level.ERROR,
            "MemoryError: cannot allocate",
            List.of(),
            List.of("bt-1"),
            Map.of("latency", "250")));
    store.add(
        event(
            "4",
            T0 + 1_000,
            "strategy",
            Level.INFO,
            "Essential container in task exited",
            List.of(),
            List.of("bt-1")));
    store.add(
        event("5", T0 + 9_000, "backend", Level.INFO, "unrelated", List.of("c-2"), List.of()));
    store.put(Fixtures.failedJob("bt-1", T0, T0 + 1_000, 30));
    store.put(Fixtures.job("bt-2", "running", "queued", T0 + 2_000, T0 + 5_000, "backend"));
    store.put(
        Fixtures.job(
            "bt-3", "completed", "completed", T0 - 9_000, T0 - 5_000, "backend", "strategy"));
    store.put(Fixtures.correlation("c-1", "ok", T0, T0 + 250, "backend", "sqs-consumer"));
    store.put(Fixtures.correlation("c-3", "error", T0, T0 + 7_000, "backend"));
    api =
        new ApiServer(
            QueryApi.create(store, List.of(), metrics, CLOCK, QueryApiSettings.defaults()));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  // ---- timelines

  @Test
  void jobTimeline_listsEventsInOrder_withOffsetsFromTheFirstEvent_andTheSummary() {
    HttpResponse<String> response = api.get("/api/v1/jobs/bt-1/timeline");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = json(response);
    assertThat(body.get("kind").asText()).isEqualTo("job");
    assertThat(body.get("id").asText()).isEqualTo("bt-1");
    assertThat(ids(body.get("events"))).containsExactly("1", "2", "3", "4");
    JsonNode error = body.get("events").get(2);
    assertThat(error.get("timestamp").asText()).isEqualTo("2026-11-27T10:00:01.000Z");
    assertThat(error.get("offset_ms").asLong()).isEqualTo(1_000);
    assertThat(error.get("level").asText()).isEqualTo("ERROR");
    assertThat(error.get("log_group").asText()).isEqualTo("/ecs/tradai-strategy-dev");
    assertThat(error.get("job_ids").get(0).asText()).isEqualTo("bt-1");
    assertThat(error.get("fields").get("latency").asText()).isEqualTo("250");
    assertThat(body.get("summary").get("status").asText()).isEqualTo("failed");
    assertThat(body.get("summary").get("first_event_at").asText())
        .isEqualTo("2026-11-27T10:00:00.000Z");
    assertThat(body.get("summary").get("diagnosis").get("category").asText()).isEqualTo("oom");
    assertThat(body.get("next_cursor").isNull()).isTrue();
  }

  @Test
  void correlationTimeline_withoutSummaryYet_isServedFromEvents_withNullSummary() {
    JsonNode body = json(api.get("/api/v1/correlations/c-2/timeline"));

    assertThat(body.get("kind").asText()).isEqualTo("correlation");
    assertThat(body.get("summary").isNull()).isTrue();
    assertThat(ids(body.get("events"))).containsExactly("5");
    assertThat(body.get("events").get(0).get("offset_ms").asLong()).isZero();
  }

  @Test
  void timeline_cursor_walksEveryEventOnce_andKeepsOffsetsAbsolute() {
    List<String> seen = new ArrayList<>();
    String path = "/api/v1/jobs/bt-1/timeline?limit=3";
    JsonNode page = json(api.get(path));
    seen.addAll(ids(page.get("events")));
    assertThat(page.get("next_cursor").isTextual()).isTrue();
    store.add(
        event("6", T0 + 20_000, "strategy", Level.INFO, "late line", List.of(), List.of("bt-1")));

    JsonNode second = json(api.get(path + "&cursor=" + page.get("next_cursor").asText()));
    seen.addAll(ids(second.get("events")));

    assertThat(seen).containsExactly("1", "2", "3", "4", "6");
    assertThat(second.get("events").get(0).get("offset_ms").asLong()).isEqualTo(1_000);
    assertThat(second.get("next_cursor").isNull()).isTrue();
  }

  @Test
  void timeline_filtersByServiceLevelAndPattern() {
    assertThat(
            ids(
                json(api.get("/api/v1/jobs/bt-1/timeline?service=strategy,backend&level=error"))
                    .get("events")))
        .containsExactly("3");
    assertThat(ids(json(api.get("/api/v1/jobs/bt-1/timeline?service=backend")).get("events")))
        .containsExactly("1");
    assertThat(
            ids(
                json(api.get("/api/v1/jobs/bt-1/timeline?q=%22Essential+container%22"))
                    .get("events")))
        .containsExactly("4");
    JsonNode filtered = json(api.get("/api/v1/jobs/bt-1/timeline?service=strategy"));
    assertThat(filtered.get("events").get(0).get("offset_ms").asLong()).isEqualTo(1_000);
  }

  @Test
  void timeline_unknownId_is404Problem() {
    HttpResponse<String> response = api.get("/api/v1/correlations/nope-123/timeline");

    assertProblem(response, 404, "/problems/not-found");
    assertThat(json(response).get("detail").asText()).isEqualTo("correlation nope-123 not found");
    assertThat(json(response).get("instance").asText())
        .isEqualTo("/api/v1/correlations/nope-123/timeline");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "limit=0",
        "limit=10001",
        "limit=abc",
        "limit=-1",
        "cursor=%25%25%25",
        "cursor=MTox",
        "level=loud",
        "service=a%20b",
        "q=%7B+%24.a+%3D%3D+1+%7D"
      })
  void timeline_invalidParameter_is400NamingIt(String query) {
    HttpResponse<String> response = api.get("/api/v1/jobs/bt-1/timeline?" + query);

    assertProblem(response, 400, "/problems/invalid-parameter");
    assertThat(json(response).get("detail").asText())
        .contains("'" + query.substring(0, query.indexOf('=')) + "'");
  }

  @Test
  void timeline_idOutsideTheIdAlphabet_is400() {
    assertProblem(api.get("/api/v1/jobs/bt%2A1/timeline"), 400, "/problems/invalid-parameter");
    assertProblem(
        api.get("/api/v1/jobs/" + "a".repeat(129) + "/timeline"),
        400,
        "/problems/invalid-parameter");
  }

  @Test
  void timeline_cursorOfAnotherListing_isRefused() {
    String jobsCursor = json(api.get("/api/v1/jobs?limit=1")).get("next_cursor").asText();

    assertProblem(
        api.get("/api/v1/jobs/bt-1/timeline?cursor=" + jobsCursor),
        400,
        "/problems/invalid-parameter");
  }

  // ---- jobs

  @Test
  void job_showsStatusStagesAndFailure() {
    JsonNode job = json(api.get("/api/v1/jobs/bt-1"));

    assertThat(job.get("job_id").asText()).isEqualTo("bt-1");
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("stage").asText()).isEqualTo("running");
    assertThat(job.get("stages").get(1).get("stage").asText()).isEqualTo("running");
    assertThat(job.get("stages").get(1).get("at").asText()).isEqualTo("2026-11-27T10:00:00.010Z");
    assertThat(job.get("first_seen").asText()).isEqualTo("2026-11-27T10:00:00.000Z");
    assertThat(job.get("last_seen").asText()).isEqualTo("2026-11-27T10:00:01.000Z");
    assertThat(job.get("duration_ms").asLong()).isEqualTo(1_000);
    assertThat(job.get("event_count").asLong()).isEqualTo(7);
    assertThat(job.get("error_count").asLong()).isEqualTo(1);
    assertThat(job.get("services"))
        .extracting(JsonNode::asText)
        .containsExactly("backend", "strategy");
    assertThat(job.get("correlation_ids").get(0).asText()).isEqualTo("c-bt-1");
    assertThat(job.get("failure").get("category").asText()).isEqualTo("oom");
    assertThat(job.get("failure").get("cause").asText()).isEqualTo("out of memory");
    assertThat(job.get("failure").get("resolution").asText()).isEqualTo("raise task memory");
    assertThat(job.get("failure").get("symptom").asText()).isEqualTo("stops_immediately");
    assertThat(job.get("failure").get("first_error").get("exception_type").asText())
        .isEqualTo("MemoryError");
    assertThat(job.get("warnings").get(0).asText()).isEqualTo("late_event");
  }

  @Test
  void job_healthy_hasExplicitNullFailure() {
    JsonNode job = json(api.get("/api/v1/jobs/bt-2"));

    assertThat(job.has("failure")).isTrue();
    assertThat(job.get("failure").isNull()).isTrue();
  }

  @Test
  void job_unknown_is404Problem() {
    assertProblem(api.get("/api/v1/jobs/bt-404"), 404, "/problems/not-found");
    assertProblem(api.get("/api/v1/jobs/bt-404/failure-context"), 404, "/problems/not-found");
  }

  @Test
  void failureContext_givesDiagnosisBoundedEvidenceAndTimelineLink() {
    JsonNode context = json(api.get("/api/v1/jobs/bt-1/failure-context"));

    assertThat(context.get("job_id").asText()).isEqualTo("bt-1");
    assertThat(context.get("status").asText()).isEqualTo("failed");
    assertThat(context.get("stage").asText()).isEqualTo("running");
    assertThat(context.get("symptom").asText()).isEqualTo("stops_immediately");
    assertThat(context.get("category").asText()).isEqualTo("oom");
    assertThat(context.get("cause").asText()).isEqualTo("out of memory");
    assertThat(context.get("resolution").asText()).isEqualTo("raise task memory");
    assertThat(context.get("evidence")).hasSize(QueryApiSettings.defaults().maxEvidence());
    assertThat(context.get("evidence").get(0).get("message").asText()).isEqualTo("line 0");
    assertThat(context.get("correlation_ids").get(0).asText()).isEqualTo("c-bt-1");
    assertThat(context.get("timeline_url").asText()).isEqualTo("/api/v1/jobs/bt-1/timeline");
  }

  @Test
  void failureContext_andJobTimeline_listEvidenceInTimeOrder_notInTheDiagnosisRankOrder() {
    store.put(Fixtures.rankedEvidenceJob("bt-7", T0));

    JsonNode context = json(api.get("/api/v1/jobs/bt-7/failure-context"));
    JsonNode summary = json(api.get("/api/v1/jobs/bt-7/timeline")).get("summary");

    List<String> expected =
        List.of(
            "submitted",
            "loading data",
            "status RUNNING",
            "MemoryError",
            "Traceback",
            "exit code 137");
    assertThat(context.get("evidence"))
        .extracting(e -> e.get("message").asText())
        .containsExactlyElementsOf(expected);
    assertThat(summary.get("diagnosis").get("evidence"))
        .extracting(e -> e.get("message").asText())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void evidenceCut_keepsTheMostImportant_andShowsThemInTimeOrder() {
    api.close();
    api =
        new ApiServer(
            QueryApi.create(
                store,
                List.of(),
                metrics,
                CLOCK,
                QueryApiMain.settings(Map.of("CORRELATE_API_MAX_EVIDENCE", "2"))));
    store.put(Fixtures.rankedEvidenceJob("bt-7", T0));

    JsonNode context = json(api.get("/api/v1/jobs/bt-7/failure-context"));

    // the first error and the category's evidence, not the two earliest lines
    assertThat(context.get("evidence"))
        .extracting(e -> e.get("message").asText())
        .containsExactly("MemoryError", "exit code 137");
  }

  @Test
  void failureContext_carriesTheIdentifiersAndConsoleLinksAnEngineerActsOn() {
    JsonNode context = json(api.get("/api/v1/jobs/bt-1/failure-context"));

    assertThat(context.get("aws_reason").asText())
        .isEqualTo("OutOfMemoryError: Container killed due to memory usage");
    JsonNode aws = context.get("context");
    assertThat(aws.get("account").asText()).isEqualTo("123456789012");
    assertThat(aws.get("region").asText()).isEqualTo("eu-central-1");
    JsonNode task = aws.get("ecs_tasks").get(0);
    assertThat(task.get("task_arn").asText())
        .isEqualTo("arn:aws:ecs:eu-central-1:123456789012:task/tradai-dev/" + Fixtures.TASK_ID);
    assertThat(task.get("cluster").asText()).isEqualTo("tradai-dev");
    assertThat(task.get("last_status").asText()).isEqualTo("STOPPED");
    assertThat(task.get("stop_code").asText()).isEqualTo("EssentialContainerExited");
    assertThat(task.get("exit_code").asInt()).isEqualTo(137);
    assertThat(task.get("memory").asText()).isEqualTo("2048");
    assertThat(task.get("containers").get(0).get("reason").asText()).startsWith("OutOfMemoryError");
    assertThat(task.get("console_url").asText())
        .isEqualTo(
            "https://eu-central-1.console.aws.amazon.com/ecs/v2/"
                + "clusters/tradai-dev/tasks/"
                + Fixtures.TASK_ID);
    assertThat(aws.get("submission").get("strategy").asText()).isEqualTo("MomentumV2");
    assertThat(aws.get("correlation_ids").get(0).asText()).isEqualTo("c-bt-1");
    assertThat(aws.get("logs_insights_url").asText())
        .startsWith(
            "https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#logsV2:logs-insights$3F"
                + "queryDetail$3D$257E$2528end$257E$2527");
    assertThat(context.get("evidence").get(0).get("console_url").asText())
        .isEqualTo(
            "https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#logsV2:log-groups/"
                + "log-group/$252Fecs$252Ftradai-strategy-dev/log-events/strategy$252Fmain$252Fabc$3Fstart$3D"
                + Fixtures.T0);
  }

  @Test
  void job_carriesTheContextToo_andAJobWithoutOneHasNone() {
    assertThat(
            json(api.get("/api/v1/jobs/bt-1"))
                .get("context")
                .get("ecs_tasks")
                .get(0)
                .get("exit_code")
                .asInt())
        .isEqualTo(137);
    assertThat(json(api.get("/api/v1/jobs/bt-1")).get("failure").get("aws_reason").asText())
        .startsWith("OutOfMemoryError");
    assertThat(json(api.get("/api/v1/jobs/bt-2")).has("context")).isFalse();
  }

  @Test
  void jobs_filterOnTheNewCategories_andRejectUnknownOnes() {
    assertThat(api.get("/api/v1/jobs?category=image_pull_error").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/jobs?category=task_start_error").statusCode()).isEqualTo(200);
    assertProblem(api.get("/api/v1/jobs?category=image_pull"), 400, "/problems/invalid-parameter");
  }

  @Test
  void jobs_areNewestFirst_filtered_andPaged() {
    JsonNode all = json(api.get("/api/v1/jobs"));
    assertThat(all.get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-2", "bt-1", "bt-3");

    JsonNode first = json(api.get("/api/v1/jobs?limit=2"));
    assertThat(first.get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-2", "bt-1");
    JsonNode second =
        json(api.get("/api/v1/jobs?limit=2&cursor=" + first.get("next_cursor").asText()));
    assertThat(second.get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-3");
    assertThat(second.get("next_cursor").isNull()).isTrue();

    assertThat(json(api.get("/api/v1/jobs?status=FAILED&category=oom")).get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-1");
    assertThat(json(api.get("/api/v1/jobs?stage=queued")).get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-2");
    assertThat(json(api.get("/api/v1/jobs?service=strategy")).get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-1", "bt-3");
  }

  @Test
  void jobs_sinceAndUntil_acceptDurationsIsoAndEpochMillis() {
    // the clock is T0 + 1h: since=1h is T0
    assertThat(json(api.get("/api/v1/jobs?since=1h")).get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-2", "bt-1");
    assertThat(json(api.get("/api/v1/jobs?until=2026-11-27T10:00:00Z")).get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-3");
    assertThat(json(api.get("/api/v1/jobs?since=" + (T0 + 1_500))).get("items"))
        .extracting(j -> j.get("job_id").asText())
        .containsExactly("bt-2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status=exploded",
        "stage=nowhere",
        "category=bad_luck",
        "since=yesterday",
        "until=2026-13-01T00:00:00Z",
        "limit=1001",
        "since=2h&until=3h",
        "service=%3Cscript%3E"
      })
  void jobs_invalidParameter_is400(String query) {
    assertProblem(api.get("/api/v1/jobs?" + query), 400, "/problems/invalid-parameter");
  }

  @Test
  void jobStats_countTheJobsTheListingLists_everyStatusPresent() {
    // the clock is T0 + 1h: since=1h is T0, so bt-3 (before T0) is out
    JsonNode stats = json(api.get("/api/v1/jobs/stats?since=1h"));

    assertThat(stats.get("since").asText()).isEqualTo("2026-11-27T10:00:00.000Z");
    assertThat(stats.get("until").isNull()).isTrue();
    assertThat(stats.get("bucket_ms").asLong()).isEqualTo(60_000);
    assertThat(stats.get("total").asLong())
        .isEqualTo(json(api.get("/api/v1/jobs?since=1h")).get("items").size());
    for (String status : List.of("running", "completed", "failed", "stuck")) {
      assertThat(stats.get("by_status").get(status).asLong())
          .as(status)
          .isEqualTo(json(api.get("/api/v1/jobs?since=1h&status=" + status)).get("items").size());
    }
    assertThat(stats.get("by_category").get("oom").asLong()).isEqualTo(1);
    assertThat(stats.get("buckets")).hasSize(1);
    assertThat(stats.get("buckets").get(0).get("start").asText())
        .isEqualTo("2026-11-27T10:00:00.000Z");
    assertThat(stats.get("buckets").get(0).get("by_status").get("failed").asLong()).isEqualTo(1);
    assertThat(stats.get("buckets").get(0).get("by_status").get("running").asLong()).isEqualTo(1);
    assertThat(stats.get("failing_services").get(0).get("service").asText()).isEqualTo("strategy");
    assertThat(stats.get("failing_services").get(0).get("jobs").asLong()).isEqualTo(1);
    assertThat(json(api.get("/api/v1/jobs/stats?service=backend")).get("total").asLong())
        .isEqualTo(3);
  }

  @Test
  void jobStats_bucketWidth_followsTheWindow() {
    long now = T0;
    assertThat(QueryApi.bucketWidth(now - 15 * 60_000L, null, now)).isEqualTo(15_000);
    assertThat(QueryApi.bucketWidth(now - 3_600_000L, null, now)).isEqualTo(60_000);
    assertThat(QueryApi.bucketWidth(now - 86_400_000L, null, now)).isEqualTo(1_800_000);
    assertThat(QueryApi.bucketWidth(now - 7 * 86_400_000L, null, now)).isEqualTo(10_800_000);
    assertThat(QueryApi.bucketWidth(now - 1_000L, now - 500L, now)).isEqualTo(1_000);
    assertThat(QueryApi.bucketWidth(null, null, now)).isEqualTo(3_600_000);
    assertThat(QueryApi.bucketWidth(0L, null, now))
        .as("a window of decades: weeks")
        .isEqualTo(604_800_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"since=yesterday", "since=2h&until=3h", "service=%3Cscript%3E"})
  void jobStats_invalidParameter_is400(String query) {
    assertProblem(api.get("/api/v1/jobs/stats?" + query), 400, "/problems/invalid-parameter");
  }

  @Test
  void correlations_areListed_newestFirst_byStatusAndService() {
    assertThat(json(api.get("/api/v1/correlations")).get("items"))
        .extracting(c -> c.get("correlation_id").asText())
        .containsExactly("c-3", "c-1");
    assertThat(json(api.get("/api/v1/correlations?status=error")).get("items"))
        .extracting(c -> c.get("correlation_id").asText())
        .containsExactly("c-3");
    JsonNode c1 = json(api.get("/api/v1/correlations?service=sqs-consumer")).get("items").get(0);
    assertThat(c1.get("correlation_id").asText()).isEqualTo("c-1");
    assertThat(c1.get("links").get("timeline").asText())
        .isEqualTo("/api/v1/correlations/c-1/timeline");
    assertProblem(
        api.get("/api/v1/correlations?status=failed"), 400, "/problems/invalid-parameter");
  }

  // ---- search

  @Test
  void search_jsonPattern_findsMatchingEvents_newestFirst() {
    JsonNode body =
        json(api.get("/api/v1/search?filter=" + enc("{ $.level = \"ERROR\" && $.latency > 100 }")));
    assertThat(ids(body.get("events"))).containsExactly("3");
    assertThat(body.get("events").get(0).has("offset_ms")).isFalse();

    assertThat(
            ids(
                json(api.get("/api/v1/search?filter=" + enc("?MemoryError ?unrelated")))
                    .get("events")))
        .containsExactly("5", "3");
    assertThat(
            ids(
                json(api.get(
                        "/api/v1/search?service=backend&since=" + T0 + "&until=" + (T0 + 5_000)))
                    .get("events")))
        .containsExactly("1");
    assertThat(
            ids(
                json(api.get(
                        "/api/v1/search?log_group="
                            + enc("/ecs/tradai-strategy-dev")
                            + "&level=warn"))
                    .get("events")))
        .containsExactly("3");
  }

  @Test
  void search_pages_withCursor() {
    JsonNode first = json(api.get("/api/v1/search?limit=2"));
    assertThat(ids(first.get("events"))).containsExactly("5", "4");
    JsonNode second =
        json(api.get("/api/v1/search?limit=2&cursor=" + first.get("next_cursor").asText()));
    assertThat(ids(second.get("events"))).containsExactly("3", "2");
  }

  @Test
  void search_invalidPattern_is400NamingThePosition() {
    HttpResponse<String> response =
        api.get("/api/v1/search?filter=" + enc("{ $.level = \"ERROR\" "));

    assertProblem(response, 400, "/problems/invalid-parameter");
    assertThat(json(response).get("detail").asText())
        .isEqualTo("parameter 'filter' is not a valid filter pattern: expected '}' at position 20");
  }

  @ParameterizedTest
  @ValueSource(strings = {"log_group=a%20b", "level=verbose", "limit=10001", "since=1y"})
  void search_invalidParameter_is400(String query) {
    assertProblem(api.get("/api/v1/search?" + query), 400, "/problems/invalid-parameter");
  }

  @Test
  void search_withQInsteadOfFilter_is400NamingQ_notTheNewestEventsUnfiltered() {
    HttpResponse<String> response = api.get("/api/v1/search?q=error");

    assertProblem(response, 400, "/problems/invalid-parameter");
    assertThat(json(response).get("detail").asText())
        .isEqualTo(
            "parameter 'q' is not known here; this endpoint "
                + "reads filter, log_group, service, level, since, until, limit, cursor");
  }

  @Test
  void parameterGivenTwice_is400NamingIt() {
    HttpResponse<String> response = api.get("/api/v1/jobs?status=failed&status=running");

    assertProblem(response, 400, "/problems/invalid-parameter");
    assertThat(json(response).get("detail").asText())
        .isEqualTo("parameter 'status' is given 2 times; give it once");
  }

  @Test
  void endpointWithoutParameters_refusesAny() {
    HttpResponse<String> response = api.get("/api/v1/jobs/bt-1?verbose=true");

    assertProblem(response, 400, "/problems/invalid-parameter");
    assertThat(json(response).get("detail").asText())
        .isEqualTo("parameter 'verbose' is not known here; this endpoint reads no parameters");
  }

  // ---- operations

  @Test
  void health_allHealthy_is200Healthy() {
    HttpResponse<String> response = api.get("/api/v1/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("status").asText()).isEqualTo("healthy");
    assertThat(json(response).get("dependencies").get("opensearch").get("status").asText())
        .isEqualTo("healthy");
  }

  @Test
  void health_kafkaSideDown_isDegraded_opensearchDown_isUnhealthy503() {
    api.close();
    api =
        new ApiServer(
            QueryApi.create(
                store,
                List.of(
                    component("kafka", CheckResult.unhealthy("no brokers")),
                    component("streams", CheckResult.OK),
                    component("indexer", CheckResult.degraded("lag 20000"))),
                metrics,
                CLOCK,
                QueryApiSettings.defaults()));
    HttpResponse<String> degraded = api.get("/api/v1/health");
    assertThat(degraded.statusCode()).isEqualTo(200);
    JsonNode body = json(degraded);
    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.get("dependencies").get("kafka").get("status").asText()).isEqualTo("unhealthy");
    assertThat(body.get("dependencies").get("kafka").get("detail").asText())
        .isEqualTo("no brokers");
    assertThat(body.get("dependencies").get("indexer").get("status").asText())
        .isEqualTo("degraded");
    assertThat(body.get("dependencies").get("streams").get("status").asText()).isEqualTo("healthy");

    api.close();
    api =
        new ApiServer(
            QueryApi.create(
                new Stubs.FailingQueries(),
                List.of(),
                metrics,
                CLOCK,
                QueryApiSettings.defaults()));
    HttpResponse<String> unhealthy = api.get("/api/v1/health");
    assertThat(unhealthy.statusCode()).isEqualTo(503);
    assertThat(json(unhealthy).get("status").asText()).isEqualTo("unhealthy");
  }

  @Test
  void storageDown_is503Problem_withRetryAfter() {
    api.close();
    api =
        new ApiServer(
            QueryApi.create(
                new Stubs.FailingQueries(),
                List.of(),
                metrics,
                CLOCK,
                QueryApiSettings.defaults()));
    HttpResponse<String> response = api.get("/api/v1/jobs/bt-1");

    assertProblem(response, 503, "/problems/storage-unavailable");
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
  }

  @Test
  void queryPastTheStoresDeadline_is503ProblemSayingToNarrowIt_withoutRetryAfter() {
    api.close();
    api =
        new ApiServer(
            QueryApi.create(
                new Stubs.SlowQueries(), List.of(), metrics, CLOCK, QueryApiSettings.defaults()));
    HttpResponse<String> response = api.get("/api/v1/search?filter=timeout");

    assertProblem(response, 503, "/problems/query-timeout");
    assertThat(json(response).get("detail").asText())
        .contains("within 10 s")
        .contains("narrow the query");
    assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    assertThat(api.get("/api/v1/health").statusCode()).isEqualTo(200);
  }

  @Test
  void unexpectedFailure_is500Problem_naming_theCorrelationId() {
    api.close();
    api =
        new ApiServer(
            QueryApi.create(
                new Stubs.BrokenQueries(), List.of(), metrics, CLOCK, QueryApiSettings.defaults()));
    HttpResponse<String> response = api.get("/api/v1/jobs/bt-1", "X-Correlation-ID", "trace-500");

    assertProblem(response, 500, "/problems/internal");
    assertThat(json(response).get("detail").asText()).contains("trace-500").doesNotContain("boom");
  }

  @Test
  void timeline_aDocumentThatIsNotAnEvent_inTheFirstBlock_is500Problem() {
    api.close();
    api =
        new ApiServer(
            QueryApi.create(
                new Stubs.PageWithABadDocument(3),
                List.of(),
                metrics,
                CLOCK,
                QueryApiSettings.defaults()));

    assertProblem(api.get("/api/v1/jobs/bt-1/timeline"), 500, "/problems/internal");
  }

  @Test
  void timeline_aDocumentThatIsNotAnEvent_afterBytesWereSent_cutsTheResponseOff() {
    api.close();
    int events = 2 * TimelineBody.BLOCK / 1000;
    api =
        new ApiServer(
            QueryApi.create(
                new Stubs.PageWithABadDocument(events),
                List.of(),
                metrics,
                CLOCK,
                QueryApiSettings.defaults()));

    // never a 200 that reads as complete, nor a problem appended to it: the body ends unfinished
    assertThatThrownBy(() -> api.get("/api/v1/jobs/bt-1/timeline"))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(api.get("/api/v1/health").statusCode()).isEqualTo(200);
  }

  @Test
  void metrics_exposeRequestTimings_inPrometheusFormat() {
    api.get("/api/v1/jobs/bt-1");
    HttpResponse<String> response = api.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(response.body())
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/jobs/{id}\",status=\"200\"} 1");
  }

  @Test
  void metrics_countEachRouteAndStatusApart_acrossRequests() {
    api.get("/api/v1/jobs/bt-1");
    api.get("/api/v1/jobs/bt-1");
    api.get("/api/v1/jobs/nope");

    assertThat(api.get("/metrics").body())
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/jobs/{id}\",status=\"200\"} 2",
            "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/jobs/{id}\",status=\"404\"} 1");
  }

  @Test
  void generatedCorrelationIds_areRandomVersion4Uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      UUID id = UUID.fromString(QueryApi.newCorrelationId());
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      ids.add(id.toString());
    }
    assertThat(ids).hasSize(1_000);
  }

  @Test
  void unknownRoute_is404Problem() {
    assertProblem(api.get("/api/v2/nothing"), 404, "/problems/not-found");
  }

  @Test
  void correlationId_isEchoedWhenValid_andGeneratedOtherwise_onEveryResponse() {
    assertThat(
            api.get("/api/v1/jobs/bt-1", "X-Correlation-ID", "abc-123")
                .headers()
                .firstValue("X-Correlation-ID"))
        .contains("abc-123");
    assertThat(
            api.get("/api/v1/jobs/nope", "X-Correlation-ID", "abc-404")
                .headers()
                .firstValue("X-Correlation-ID"))
        .contains("abc-404");
    assertThat(
            api.get("/api/v1/jobs?limit=0", "X-Correlation-ID", "abc-400")
                .headers()
                .firstValue("X-Correlation-ID"))
        .contains("abc-400");
    String generated =
        api.get("/api/v1/jobs/bt-1", "X-Correlation-ID", "bad/id%")
            .headers()
            .firstValue("X-Correlation-ID")
            .orElseThrow();
    assertThat(generated).matches("[0-9a-f-]{36}");
    assertThat(api.get("/nothing").headers().firstValue("X-Correlation-ID")).isPresent();
  }

  static List<String> ids(JsonNode events) {
    List<String> ids = new ArrayList<>();
    events.forEach(e -> ids.add(e.get("event_id").asText()));
    return ids;
  }

  static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo(type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertThat(problem.get("instance").asText()).startsWith("/");
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  static Component component(String name, CheckResult result) {
    return new Component() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult check() {
        return result;
      }

      @Override
      public void close() {}
    };
  }
}

package dev.correlate.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.correlate.core.config.Secret;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.testkit.browser.HeadlessChromium;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser against the query API over the in-memory store: the simulator's
 * jobs (failed, stuck, running, completed), a job of 20 000 events, auth on and off, unknown ids
 * and problem documents. Screenshots go to {@code target/console-screenshots/}.
 */
class ConsolePagesIT {
  private static final String TOKEN = "console-token-0123456789";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static HeadlessChromium chromium;
  private static ConsoleFixtures fixtures;
  private static ApiServer api;
  private static ApiServer securedApi;

  @AutoClose private final Page page = chromium.newPage(PATIENCE);

  @BeforeAll
  static void start() {
    chromium = HeadlessChromium.launch();
    fixtures = new ConsoleFixtures(System.currentTimeMillis());
    api =
        new ApiServer(
            QueryApi.create(
                fixtures.store,
                List.of(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(),
                QueryApiSettings.defaults()));
    securedApi =
        new ApiServer(
            QueryApi.create(
                fixtures.store,
                QueryApiSettings.defaults().withTokens(List.of(new Secret(TOKEN)))));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {chromium, api, securedApi}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void overview_countsEqualTheApi_failedAndStuckListedFirst_withTheirCategories() {
    page.navigate(url(api, "/#/?window=24h"));
    Locator failedTile = page.locator(".tile[data-status=failed] .tile-count");
    assertThat(failedTile).not().isEmpty();
    JsonNode stats = ApiServer.json(api.get("/api/v1/jobs/stats?since=24h"));
    for (String status : List.of("failed", "stuck", "running", "completed")) {
      long listed =
          ApiServer.json(api.get("/api/v1/jobs?limit=1000&since=24h&status=" + status))
              .get("items")
              .size();
      assertThat(stats.get("by_status").get(status).asLong()).as(status).isEqualTo(listed);
      assertThat(page.locator(".tile[data-status=" + status + "] .tile-count"))
          .hasAttribute("data-count", String.valueOf(listed));
    }
    Locator attention = page.locator("table.attention tbody tr");
    assertThat(attention)
        .hasCount(
            (int)
                (stats.get("by_status").get("failed").asLong()
                    + stats.get("by_status").get("stuck").asLong()));
    fixtures
        .truth
        .jobs()
        .forEach(
            (id, job) -> {
              if (job.category() != null) {
                Locator row = page.locator("table.attention tbody tr[data-key='" + id + "']");
                assertThat(row.locator(".chip.category")).hasText(job.category());
                assertThat(row.locator(".badge")).hasText(job.status().toUpperCase());
              }
            });
    assertThat(page.locator("svg.chart .bar rect").first()).isVisible();
    assertThat(page.locator(".bars li").first()).isVisible();
    HeadlessChromium.screenshot(page, "overview");
  }

  @Test
  void overview_refreshesInPlace_keepingTheSelectedRow() {
    page.navigate(url(api, "/"));
    Locator first = page.locator("table.attention tbody tr").first();
    String key = first.getAttribute("data-key");
    first.locator("td").nth(3).click();
    assertThat(first).hasClass(Pattern.compile("\\bselected\\b"));
    assertThat(page.locator("#updated")).hasAttribute("data-loads", "1");
    page.evaluate(
        "() => document.dispatchEvent(new Event('visibilitychange'))"); // what the 15 s timer does
    assertThat(page.locator("#updated")).hasAttribute("data-loads", "2");
    assertThat(page.locator("table.attention tbody tr[data-key='" + key + "']"))
        .hasClass(Pattern.compile("\\bselected\\b"));
  }

  @Test
  void failedJob_answersFirst_withStagesLanesAndTheFirstErrorHighlighted() {
    Map.Entry<String, GroundTruth.JobTruth> oom =
        fixtures.truth.jobs().entrySet().stream()
            .filter(j -> "oom_task".equals(j.getValue().scenario()))
            .findFirst()
            .orElseThrow();
    JsonNode job = ApiServer.json(api.get("/api/v1/jobs/" + oom.getKey()));
    page.navigate(url(api, "/#/jobs/" + oom.getKey()));

    Locator card = page.locator(".answer-card");
    assertThat(card.locator(".badge")).hasText("FAILED");
    assertThat(card.locator(".chip.category")).hasText("oom");
    assertThat(card.locator(".headline .stage-name")).hasText("running");
    assertThat(card.locator(".cause")).containsText(job.get("failure").get("cause").asText());
    assertThat(card.locator(".resolution"))
        .containsText(job.get("failure").get("resolution").asText());
    String firstError = job.get("failure").get("first_error").get("message").asText();
    assertThat(card.locator(".first-error-line")).containsText(firstError);
    assertThat(page.locator(".ribbon .stage.stopped")).hasAttribute("data-stage", "running");
    assertThat(page.locator(".ribbon .stage.reached")).hasCount(job.get("stages").size());
    List<String> services = new ArrayList<>();
    job.get("services").forEach(s -> services.add(s.asText()));
    for (String service : services) {
      assertThat(page.locator(".wf-label.service[data-service='" + service + "']")).isVisible();
    }
    assertThat(page.locator(".wf-label.sub").first()).isVisible();
    assertThat(page.locator(".vl-row.first-error")).hasCount(1);
    assertThat(page.locator(".vl-row.evidence").first()).isVisible();
    // answer first: the whole answer is above the fold of a laptop screen
    assertThat(card.boundingBox().y + card.boundingBox().height).isLessThan(900);
    HeadlessChromium.screenshot(page, "job-failed");
    // the task's last silence (before ECS reports it stopped) is a separator row near the end of
    // the list
    page.locator(".vl-viewport").evaluate("v => { v.scrollTop = v.scrollHeight; }");
    assertThat(page.locator(".vl-row.gap").first()).containsText("silent");

    card.getByText("show in timeline").click();
    assertThat(page.locator(".vl-row.first-error.selected")).isVisible();
    assertThat(page.locator(".detail pre.message")).containsText(firstError);
    assertThat(page.locator(".detail .fields")).containsText("log_stream");
    assertThat(page)
        .hasURL(
            Pattern.compile(
                "event=" + job.get("failure").get("first_error").get("event_id").asText()));
    page.locator(".same-view summary").click();
    assertThat(page.locator(".same-view code.cli")).hasText("correlate job " + oom.getKey());
    assertThat(page.locator(".same-view .api-url"))
        .hasAttribute("href", url(api, "/api/v1/jobs/" + oom.getKey()));
  }

  /**
   * The OOM kill nobody logged: only ECS's task state change tells it, with the exit code and the
   * reason.
   */
  @Test
  void failedJobWithAnEcsTask_showsWhatAwsSaid_itsExitCode_andLinksThatOpenTheAwsConsole() {
    String id =
        fixtures.truth.jobs().entrySet().stream()
            .filter(j -> "oom_killed".equals(j.getValue().scenario()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    JsonNode job = ApiServer.json(api.get("/api/v1/jobs/" + id));
    JsonNode task = job.get("context").get("ecs_tasks").get(0);
    JsonNode evidence =
        ApiServer.json(api.get("/api/v1/jobs/" + id + "/timeline?limit=1"))
            .get("summary")
            .get("diagnosis")
            .get("evidence");
    page.navigate(url(api, "/#/jobs/" + id));

    Locator card = page.locator(".answer-card");
    assertThat(card.locator(".aws-reason"))
        .containsText(job.get("failure").get("aws_reason").asText());
    Locator row = card.locator(".ecs-task[data-task-id='" + task.get("task_id").asText() + "']");
    assertThat(row.locator(".exit-code")).hasText("exit 137");
    assertThat(row.locator(".stop-code")).hasText(task.get("stop_code").asText());
    Locator ecsConsole = row.locator("a.ecs-console");
    assertThat(ecsConsole).hasAttribute("href", task.get("console_url").asText());
    assertThat(ecsConsole).hasAttribute("target", "_blank");
    assertThat(card.locator("a.logs-insights"))
        .hasAttribute("href", job.get("context").get("logs_insights_url").asText());
    assertThat(card.locator(".first-error-line a.cloudwatch"))
        .hasAttribute("href", job.get("failure").get("first_error").get("console_url").asText());
    Locator lines = page.locator(".evidence-line");
    assertThat(lines).hasCount(evidence.size());
    for (int i = 0; i < evidence.size(); i++) {
      assertThat(lines.nth(i).locator("a.cloudwatch"))
          .hasAttribute("href", evidence.get(i).get("console_url").asText());
    }
    assertThat(card.boundingBox().y + card.boundingBox().height)
        .as("the answer, above the fold")
        .isLessThan(900);
    HeadlessChromium.screenshot(page, "job-ecs-task");

    // a click opens the task in the ECS console in a new tab (answered here: the test has no
    // network)
    page.context()
        .route(
            "https://*.console.aws.amazon.com/**",
            r ->
                r.fulfill(
                    new Route.FulfillOptions()
                        .setContentType("text/html")
                        .setBody("<title>ECS task</title>")));
    try (Page opened = page.context().waitForPage(ecsConsole::click)) {
      assertThat(opened).hasURL(task.get("console_url").asText());
      assertThat(opened).hasTitle("ECS task");
    }
    assertThat(page.locator(".vl-row.first-error")).hasCount(1); // the events are loaded
    lines.last().locator("button.message").click();
    assertThat(page.locator(".vl-row.selected"))
        .hasAttribute("data-event-id", evidence.get(evidence.size() - 1).get("event_id").asText());
    assertThat(page.locator(".detail a.cloudwatch"))
        .hasAttribute("href", evidence.get(evidence.size() - 1).get("console_url").asText());
  }

  @Test
  void stuckJob_saysWhereItStopped() {
    String stuck =
        fixtures.truth.jobs().entrySet().stream()
            .filter(j -> "stuck".equals(j.getValue().status()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    page.navigate(url(api, "/#/jobs/" + stuck));
    assertThat(page.locator(".answer-card .badge")).hasText("STUCK");
    assertThat(page.locator(".ribbon .stage.stopped"))
        .containsText(Pattern.compile("stuck here for \\d+[hm]"));
    assertThat(page.locator(".ribbon .stage.unreached").first()).containsText("not reached");
    HeadlessChromium.screenshot(page, "job-stuck");
  }

  @Test
  void jobOf20000Events_rendersVirtualized_withInvocationLanesAggregated() {
    page.navigate(url(api, "/#/jobs/" + ConsoleFixtures.BIG_JOB));
    assertThat(page.locator(".list-count")).hasText("20,000 events");
    assertThat(page.locator(".answer-card .chip.category")).hasText("oom");
    assertThat((int) page.locator(".vl-row").count()).as("rows in the page").isLessThan(120);
    Locator consumer = page.locator(".wf-label.service[data-service='sqs-consumer']");
    assertThat(consumer.locator(".lanes-toggle"))
        .hasText(ConsoleFixtures.BIG_JOB_INVOCATIONS + " lanes ▸");
    assertThat(consumer.locator(".lanes-toggle"))
        .hasAttribute("title", Pattern.compile("aggregated"));
    assertThat((int) page.locator(".wf-label").count()).as("lanes").isLessThan(12);
    HeadlessChromium.screenshot(page, "job-20000-events");

    page.locator(".vl-viewport").evaluate("v => { v.scrollTop = v.scrollHeight; }");
    assertThat(page.locator(".vl-row").last()).containsText("exit code 137");
    page.locator(".find").fill("MemoryError");
    assertThat(page.locator(".list-count")).hasText("1 of 20,000 events shown");
    assertThat(page.locator(".vl-row.first-error")).containsText("MemoryError");
    consumer.locator(".lanes-toggle").click();
    assertThat(page.locator(".wf-label.sub[data-service='sqs-consumer']"))
        .hasCount(ConsoleFixtures.BIG_JOB_INVOCATIONS);
  }

  @Test
  void requestPage_showsStatusFirstErrorAndTheWaterfallAcrossServices() {
    Map.Entry<String, GroundTruth.CorrelationTruth> failing =
        fixtures.truth.correlations().entrySet().stream()
            .filter(c -> "request_connection_refused".equals(c.getValue().scenario()))
            .findFirst()
            .orElseThrow();
    page.navigate(url(api, "/#/requests/" + failing.getKey()));
    assertThat(page.locator(".answer-card .badge")).hasText("ERROR");
    assertThat(page.locator(".answer-card .first-error-line")).isVisible();
    assertThat(page.locator(".wf-label.service")).not().hasCount(0);
    assertThat(page.locator(".vl-row.first-error")).hasCount(1);
    HeadlessChromium.screenshot(page, "request-error");
  }

  @Test
  void search_highlightsMatches_andLinksEachResultToItsJob() {
    page.navigate(url(api, "/#/search"));
    page.locator("input[name=filter]").fill("MemoryError");
    page.locator("select[name=since]").selectOption("24h");
    page.locator(".search-form button[type=submit]").click();
    assertThat(page).hasURL(Pattern.compile("#/search\\?filter=MemoryError&since=24h"));
    Locator results = page.locator("table.search-results tbody tr");
    assertThat(results.first()).isVisible();
    assertThat(results.first().locator("mark")).hasText("MemoryError");
    HeadlessChromium.screenshot(page, "search");
    Locator link = results.first().locator("a[href^='#/jobs/']");
    String href = link.getAttribute("href");
    link.click();
    assertThat(page.locator(".vl-row.selected")).containsText("MemoryError");
    assertThat(page.url()).endsWith(href);
  }

  @Test
  void deepLinks_restoreTheView_andBackAndForwardMoveBetweenViews() {
    String job = fixtures.truth.jobs().keySet().iterator().next();
    page.navigate(url(api, "/#/?window=7d"));
    assertThat(page.locator(".segmented a.active")).hasText("7d");
    page.locator("a.job-id").first().click();
    assertThat(page.locator(".answer-card")).isVisible();
    String jobUrl = page.url();
    page.goBack();
    assertThat(page.locator(".segmented a.active")).hasText("7d");
    page.goForward();
    assertThat(page).hasURL(jobUrl);
    assertThat(page.locator(".answer-card")).isVisible();

    try (Page pasted = chromium.newPage(PATIENCE)) {
      pasted.navigate(url(api, "/#/jobs/" + job + "?from=0&to=1000"));
      assertThat(pasted.locator("h1")).containsText(job);
      assertThat(pasted.locator(".wf-range")).containsText("zoomed");
    }
  }

  @Test
  void unknownOrInvalidIds_andRefusedParameters_areReadableMessages() {
    page.navigate(url(api, "/#/jobs/bt-doesnotexist"));
    assertThat(page.locator(".problem-title")).hasText("Not found");
    assertThat(page.locator(".problem-detail")).hasText("job bt-doesnotexist not found");
    assertThat(page.locator(".problem a, .answer a[href^='#/search']")).isVisible();
    HeadlessChromium.screenshot(page, "job-not-found");

    page.navigate(url(api, "/#/requests/no%20such%20id"));
    assertThat(page.locator(".problem-title")).hasText("Invalid parameter");
    assertThat(page.locator(".problem-detail")).containsText("parameter 'id' must be");

    page.navigate(url(api, "/#/search?filter=%7B%20%24.latency%20%3E&since=1h"));
    assertThat(page.locator(".problem-title")).hasText("Invalid parameter");
    assertThat(page.locator(".problem-detail"))
        .containsText("parameter 'filter' is not a valid filter pattern");
  }

  @Test
  void unavailableStorage_isAReadableMessage_notABlankPage() {
    try (ApiServer down =
        new ApiServer(QueryApi.create(new Stubs.FailingQueries(), QueryApiSettings.defaults()))) {
      page.navigate(url(down, "/"));
      assertThat(page.locator(".problem-title").first()).hasText("Storage unavailable");
      assertThat(page.locator(".problem-detail").first())
          .containsText("OpenSearch cannot answer now");
    }
  }

  @Test
  void withTokens_theConsoleAsksOncePerTab_andSendsItAsABearerToken() {
    List<String> authorizations = new ArrayList<>();
    page.onRequest(
        r -> {
          if (r.url().contains("/api/v1/")) {
            authorizations.add(String.valueOf(r.headers().get("authorization")));
          }
        });
    page.navigate(url(securedApi, "/"));
    Locator dialog = page.locator("#token-dialog");
    assertThat(dialog).isVisible();
    assertThat(page.locator("#token-reason")).containsText("A bearer token is required");
    HeadlessChromium.screenshot(page, "token-prompt");
    page.locator("#token-input").fill("wrong-token-00000000");
    page.locator("#token-ok").click();
    assertThat(page.locator("#token-reason")).containsText("not valid");
    page.locator("#token-input").fill(TOKEN);
    page.locator("#token-ok").click();
    assertThat(page.locator(".tile[data-status=failed] .tile-count")).not().isEmpty();
    assertThat(dialog).isHidden();

    page.locator("a.job-id").first().click();
    assertThat(page.locator(".answer-card")).isVisible();
    assertThat(dialog).isHidden();
    assertThat(authorizations).contains("Bearer " + TOKEN);
    assertThat(
            authorizations.subList(
                authorizations.lastIndexOf("Bearer wrong-token-00000000") + 1,
                authorizations.size()))
        .allMatch(("Bearer " + TOKEN)::equals);

    try (Page otherTab = chromium.newPage(PATIENCE)) {
      otherTab.navigate(url(securedApi, "/"));
      assertThat(otherTab.locator("#token-dialog")).isVisible();
      otherTab.locator("#token-cancel").click();
      assertThat(otherTab.locator(".problem-title").first()).hasText("Unauthorized");
    }
  }

  private static String url(ApiServer server, String path) {
    return "http://127.0.0.1:" + server.app.port() + path;
  }
}

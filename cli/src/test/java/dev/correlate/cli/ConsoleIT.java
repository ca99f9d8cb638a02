package dev.correlate.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.testkit.browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console in Chromium on the real stack: the simulator's traffic through ingest, Kafka, streams
 * and OpenSearch ({@link Pipeline}), read by the console from the query API. Screenshots go to
 * {@code target/console-screenshots/}; {@code console-job.png} is the one in docs/.
 */
@ExtendWith(Pipeline.Shared.class)
class ConsoleIT {
  private static final Duration PATIENCE = Duration.ofMinutes(1);
  private static Pipeline pipeline;
  private static GroundTruth truth;
  private static HeadlessChromium chromium;

  @AutoClose private final Page page = chromium.newPage(PATIENCE);

  @BeforeAll
  static void replayTrafficAndOpenABrowser(Pipeline shared) throws InterruptedException {
    pipeline = shared;
    truth = pipeline.replayedTraffic();
    assertThat(pipeline.servedVerdicts(truth))
        .as("the replay, served")
        .isEqualTo(Pipeline.verdicts(truth));
    chromium = HeadlessChromium.launch();
  }

  @AfterAll
  static void closeTheBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void overview_countsEqualTheApi_andListsEveryFailedAndStuckJobOfTheTruthWithItsCategory() {
    page.navigate(pipeline.apiUrl() + "/");
    for (String status : List.of("failed", "stuck", "running", "completed")) {
      JsonNode listed = pipeline.get("/api/v1/jobs?limit=1000&since=24h&status=" + status);
      assertThat(page.locator(".tile[data-status=" + status + "] .tile-count"))
          .hasAttribute("data-count", String.valueOf(listed.get("items").size()));
    }
    truth
        .jobs()
        .forEach(
            (id, job) -> {
              if (job.status().equals("failed") || job.status().equals("stuck")) {
                Locator row = page.locator("table.attention tbody tr[data-key='" + id + "']");
                assertThat(row.locator(".badge")).hasText(job.status().toUpperCase());
                assertThat(row.locator(".chip.category")).hasText(job.category());
                assertThat(row.locator("td").nth(3)).hasText(job.stage().replace('_', ' '));
              }
            });
    assertThat(page.locator("svg.chart .bar rect").first()).isVisible();
    HeadlessChromium.screenshot(page, "real-overview");
  }

  @Test
  void failedJob_showsItsCategoryStagesALanePerServiceAndItsFirstErrorHighlighted() {
    Map.Entry<String, GroundTruth.JobTruth> oom =
        truth.jobs().entrySet().stream()
            .filter(j -> j.getValue().scenario().equals("oom_task"))
            .findFirst()
            .orElseThrow();
    JsonNode job = pipeline.get("/api/v1/jobs/" + oom.getKey());
    page.navigate(pipeline.apiUrl() + "/");
    page.locator("table.attention a.job-id", new Page.LocatorOptions().setHasText(oom.getKey()))
        .click();

    Locator card = page.locator(".answer-card");
    assertThat(card.locator(".badge")).hasText("FAILED");
    assertThat(card.locator(".chip.category")).hasText(oom.getValue().category());
    assertThat(card.locator(".headline .stage-name")).hasText(oom.getValue().stage());
    assertThat(card.locator(".resolution"))
        .containsText(job.get("failure").get("resolution").asText());
    assertThat(page.locator(".ribbon .stage.stopped"))
        .hasAttribute("data-stage", oom.getValue().stage());
    assertThat(page.locator(".ribbon .stage.reached")).hasCount(job.get("stages").size());
    job.get("services")
        .forEach(
            service ->
                assertThat(
                        page.locator(".wf-label.service[data-service='" + service.asText() + "']"))
                    .isVisible());
    assertThat(page.locator(".wf-label.service")).hasCount(job.get("services").size());
    Locator firstError = page.locator(".vl-row.first-error");
    assertThat(firstError).hasCount(1);
    assertThat(firstError.locator(".c-message"))
        .containsText(
            job.get("failure")
                .get("first_error")
                .get("message")
                .asText()
                .lines()
                .findFirst()
                .orElseThrow());
    JsonNode task = job.get("context").get("ecs_tasks").get(0);
    Locator taskRow =
        card.locator(".ecs-task[data-task-id='" + task.get("task_id").asText() + "']");
    assertThat(taskRow.locator(".exit-code")).hasText("exit " + task.get("exit_code").asInt());
    assertThat(taskRow.locator("a.ecs-console"))
        .hasAttribute("href", task.get("console_url").asText());
    assertThat(card.boundingBox().y + card.boundingBox().height)
        .as("the answer, above the fold")
        .isLessThan(900);
    HeadlessChromium.screenshot(page, "console-job");
  }

  @Test
  void requestPage_andSearch_work_andEveryResultLinksToItsTimeline() {
    Map.Entry<String, GroundTruth.JobTruth> job =
        truth.jobs().entrySet().stream()
            .filter(
                j -> j.getValue().status().equals("failed") && j.getValue().correlationId() != null)
            .findFirst()
            .orElseThrow();
    page.navigate(pipeline.apiUrl() + "/#/jobs/" + job.getKey());
    page.locator(".related a", new Page.LocatorOptions().setHasText(job.getValue().correlationId()))
        .click();
    GroundTruth.CorrelationTruth request = truth.correlations().get(job.getValue().correlationId());
    assertThat(page.locator("h1")).containsText(job.getValue().correlationId());
    assertThat(page.locator(".answer-card .badge")).hasText(request.status().toUpperCase());
    assertThat(page.locator(".answer-card a[href='#/jobs/" + job.getKey() + "']")).isVisible();
    assertThat(page.locator(".wf-label.service").first()).isVisible();
    HeadlessChromium.screenshot(page, "real-request");

    page.navigate(pipeline.apiUrl() + "/#/search?filter=MemoryError&since=24h");
    Locator results = page.locator("table.search-results tbody tr");
    assertThat(results.first().locator("mark"))
        .hasText(Pattern.compile("memoryerror", Pattern.CASE_INSENSITIVE));
    for (Locator result : results.all()) {
      assertThat(result.locator("td").last().locator("a"))
          .hasAttribute("href", Pattern.compile("^#/(jobs|requests)/"));
    }
    HeadlessChromium.screenshot(page, "real-search");
  }

  @Test
  void deepLinks_restoreTheView_andAnUnknownIdIsAReadableNotFound() {
    String jobId = truth.jobs().keySet().iterator().next();
    page.navigate(pipeline.apiUrl() + "/#/jobs/" + jobId);
    page.locator(".vl-row").nth(1).click();
    assertThat(page).hasURL(Pattern.compile("event="));
    String link = page.url();
    String selected = page.locator(".vl-row.selected").getAttribute("data-event-id");

    try (Page pasted = chromium.newPage(PATIENCE)) {
      pasted.navigate(link);
      assertThat(pasted.locator("h1")).containsText(jobId);
      assertThat(pasted.locator(".vl-row.selected")).hasAttribute("data-event-id", selected);
      assertThat(pasted.locator(".detail pre.message")).isVisible();
    }

    page.navigate(pipeline.apiUrl() + "/#/jobs/bt-no-such-job");
    assertThat(page.locator(".problem-title")).hasText("Not found");
    assertThat(page.locator(".problem-detail")).hasText("job bt-no-such-job not found");
  }
}

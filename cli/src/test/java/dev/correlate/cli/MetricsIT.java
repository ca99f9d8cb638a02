package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.testkit.ContractedMetrics;
import dev.correlate.testkit.Scrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics of the three services on one real stack after the simulated replay ({@link
 * Pipeline}): each serves exactly its families of the metric contract, every metric an alert rule
 * or a Grafana panel names is served by one of them, the job gauges of the streams service agree
 * with the API's counts, and the pipeline's counters agree with each other.
 */
@ExtendWith(Pipeline.Shared.class)
class MetricsIT {
  private static final List<String> SERVICES = List.of("ingest", "streams", "query-api");

  /**
   * A metric name as rules and panels write it (functions and labels are lower case too, but never
   * end in `(`).
   */
  private static final Pattern NAME =
      Pattern.compile("\\b((?:correlate|jvm|http)_[a-z0-9_]+)\\b(?!\\s*\\()");

  private static Pipeline pipeline;

  @BeforeAll
  static void replay(Pipeline shared) throws InterruptedException {
    pipeline = shared;
    GroundTruth truth = pipeline.replayedTraffic();
    assertThat(pipeline.servedVerdicts(truth))
        .as("the replay, served")
        .isEqualTo(Pipeline.verdicts(truth));
  }

  @Test
  void
      everyService_servesItsContractedFamiliesAndLabels_andEveryMetricOfTheRulesAndDashboardsIsServed()
          throws Exception {
    Set<String> served = new TreeSet<>();
    for (String service : SERVICES) {
      Map<String, Set<String>> families =
          ContractedMetrics.scrapedLabels(pipeline.metrics(service));
      assertThat(families)
          .as("%s: families and labels on /metrics vs deploy/prometheus/metrics.json", service)
          .isEqualTo(ContractedMetrics.labelsExportedBy(service));
      served.addAll(families.keySet());
    }

    Set<String> named = new TreeSet<>();
    for (Path dir :
        List.of(
            Path.of("..", "deploy", "prometheus", "rules"),
            Path.of("..", "deploy", "grafana", "dashboards"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Matcher m = NAME.matcher(Files.readString(file));
          while (m.find()) {
            named.add(m.group(1).replaceAll("_(bucket|count|sum|max)$", ""));
          }
        }
      }
    }
    assertThat(named)
        .as("metrics the rules and dashboards name")
        .contains(
            "correlate_streams_jobs_stuck",
            "correlate_consumer_lag_records",
            "correlate_indexer_event_freshness_seconds");
    assertThat(served).as("served by a running service").containsAll(named);
  }

  @Test
  void jobGauges_agreeWithTheApisCountsOfTheirWindow() throws InterruptedException {
    Map<String, Double> agreed =
        Pipeline.await(
            () -> {
              Scrape streams = Scrape.of(pipeline.metrics("streams"));
              Map<String, Double> gauges = new TreeMap<>();
              streams
                  .series("correlate_streams_jobs")
                  .forEach((labels, v) -> gauges.put(labels, v));
              streams
                  .series("correlate_streams_jobs_stuck")
                  .forEach(
                      (labels, v) -> {
                        if (v > 0) {
                          gauges.put(labels, v);
                        }
                      });
              Map<String, Double> api = apiCounts();
              return gauges.equals(api) ? gauges : null;
            });
    assertThat(agreed)
        .as("the replay has stuck jobs")
        .containsKey("category=\"task_never_started\"");
  }

  /**
   * By status from {@code /api/v1/jobs/stats?since=24h}, and the stuck jobs of that window by
   * category.
   */
  private static Map<String, Double> apiCounts() {
    Map<String, Double> counts = new TreeMap<>();
    JsonNode stats = pipeline.get("/api/v1/jobs/stats?since=24h");
    stats
        .path("by_status")
        .fields()
        .forEachRemaining(
            e -> counts.put("status=\"" + e.getKey() + "\"", e.getValue().asDouble()));
    JsonNode stuck = pipeline.get("/api/v1/jobs?status=stuck&since=24h&limit=1000");
    stuck
        .path("items")
        .forEach(
            job ->
                counts.merge(
                    "category=\""
                        + (job.path("failure").isObject()
                            ? job.path("failure").path("category").asText()
                            : "none")
                        + "\"",
                    1.0,
                    Double::sum));
    return counts;
  }

  @Test
  void pipelineCounters_agree_fromIngestToTheIndexer() throws InterruptedException {
    Double stitched =
        Pipeline.await(
            () -> {
              double ingested =
                  Scrape.of(pipeline.metrics("ingest")).sum("correlate_ingest_events_total");
              Scrape streams = Scrape.of(pipeline.metrics("streams"));
              double read = streams.value("correlate_streams_records_in_total", "step=\"stitch\"");
              boolean caughtUp = streams.sum("correlate_consumer_lag_records") == 0;
              return ingested > 0 && read == ingested && caughtUp ? read : null;
            });

    Scrape streams = Scrape.of(pipeline.metrics("streams"));
    assertThat(stitched)
        .as("every event ingest acknowledged was read by the topology once")
        .isPositive();
    assertThat(streams.sum("correlate_streams_dead_letters_total")).isZero();
    assertThat(streams.value("correlate_indexer_event_freshness_seconds_count", "")).isPositive();
    for (String pair :
        List.of(
            "from=\"submitted\",to=\"dispatched\"",
            "from=\"dispatched\",to=\"task_started\"",
            "from=\"task_started\",to=\"completed\"")) {
      assertThat(streams.value("correlate_streams_job_stage_duration_seconds_count", pair))
          .as(pair)
          .isPositive();
    }
    assertThat(streams.sum("correlate_streams_timeline_failures_total"))
        .as("failed jobs and requests")
        .isPositive();
  }
}

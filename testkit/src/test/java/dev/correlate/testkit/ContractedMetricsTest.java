package dev.correlate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractedMetricsTest {
  @Test
  void scraped_namesFamiliesAsTheContract_withoutTheKafkaClients() {
    String scrape =
        """
        # HELP correlate_streams_records_out_total records written by a step of the pipeline
        # TYPE correlate_streams_records_out_total counter
        correlate_streams_records_out_total{step="indexer"} 12.0
        # TYPE jvm_threads_started_threads counter
        jvm_threads_started_threads_total 40.0
        # TYPE http_server_requests_seconds summary
        http_server_requests_seconds_count{method="GET"} 3
        http_server_requests_seconds_sum{method="GET"} 0.2
        # TYPE http_server_requests_seconds_max gauge
        http_server_requests_seconds_max{method="GET"} 0.1
        # TYPE jvm_memory_max_bytes gauge
        jvm_memory_max_bytes{area="heap",id="G1 Eden Space"} -1.0
        # TYPE kafka_stream_thread_process_rate gauge
        kafka_stream_thread_process_rate 0.0
        """;

    assertThat(ContractedMetrics.scraped(scrape))
        .containsExactly(
            "correlate_streams_records_out_total",
            "http_server_requests_seconds",
            "jvm_memory_max_bytes",
            "jvm_threads_started_threads_total");
  }

  @Test
  void scrapedLabels_areTheLabelNamesOfEachFamilysSamples_butTheBucketBound() {
    String scrape =
        """
        # TYPE correlate_streams_job_stage_duration_seconds histogram
        correlate_streams_job_stage_duration_seconds_bucket{from="submitted",to="dispatched",le="1.0"} 0
        correlate_streams_job_stage_duration_seconds_count{from="submitted",to="dispatched"} 0
        # TYPE correlate_streams_job_stage_duration_seconds_max gauge
        correlate_streams_job_stage_duration_seconds_max{from="submitted",to="dispatched"} 0.0
        # TYPE jvm_threads_live_threads gauge
        jvm_threads_live_threads 12.0
        """;

    assertThat(ContractedMetrics.scrapedLabels(scrape))
        .containsEntry("correlate_streams_job_stage_duration_seconds", Set.of("from", "to"))
        .containsEntry("jvm_threads_live_threads", Set.of());
  }

  @Test
  void exportedBy_readsTheContractOfOneService() {
    assertThat(ContractedMetrics.exportedBy("query-api"))
        .contains("http_server_requests_seconds")
        .doesNotContain("correlate_ingest_requests_total", "up");
    assertThat(ContractedMetrics.exportedBy("ingest"))
        .contains("correlate_ingest_requests_total")
        .doesNotContain("http_server_requests_seconds");
    assertThat(ContractedMetrics.labelsExportedBy("streams"))
        .containsEntry("correlate_consumer_lag_records", Set.of("consumer", "topic"));
  }
}

package dev.correlate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrapeTest {
  private static final Scrape SCRAPE =
      Scrape.of(
          """
      # HELP correlate_consumer_lag_records records behind
      # TYPE correlate_consumer_lag_records gauge
      correlate_consumer_lag_records{consumer="indexer",topic="p.events"} 3.0
      correlate_consumer_lag_records{consumer="streams",topic="p.raw"} NaN
      # TYPE correlate_indexer_bulk_latency_seconds histogram
      correlate_indexer_bulk_latency_seconds_count 7
      correlate_indexer_bulk_latency_seconds_sum 0.25
      correlate_streams_jobs{status="stuck"} 2.0
      """);

  @Test
  void series_areTheSamplesOfExactlyThatName_byTheirLabels() {
    assertThat(SCRAPE.series("correlate_consumer_lag_records"))
        .containsOnlyKeys(
            "consumer=\"indexer\",topic=\"p.events\"", "consumer=\"streams\",topic=\"p.raw\"");
    assertThat(SCRAPE.value("correlate_indexer_bulk_latency_seconds_count", "")).isEqualTo(7.0);
    assertThat(SCRAPE.series("correlate_indexer_bulk_latency_seconds")).isEmpty();
    assertThat(SCRAPE.value("correlate_streams_jobs", "status=\"stuck\"")).isEqualTo(2.0);
    assertThat(SCRAPE.value("correlate_streams_jobs", "status=\"failed\"")).isNull();
  }

  @Test
  void sum_isNaN_whenASampleIs() {
    assertThat(SCRAPE.sum("correlate_consumer_lag_records")).isNaN();
    assertThat(SCRAPE.sum("correlate_streams_jobs")).isEqualTo(2.0);
  }
}

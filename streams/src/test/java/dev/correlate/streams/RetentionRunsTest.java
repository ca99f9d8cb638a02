package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.health.CheckResult;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.storage.Retention;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

class RetentionRunsTest {
  /** Nothing listens on port 1: every request is refused at once. */
  @Test
  void runAgainstAnUnreachableNode_neverThrows_andSaysSoUntilARunSucceeds() {
    OpenSearchSettings settings = OpenSearchSettings.of(URI.create("http://127.0.0.1:1"));
    OpenSearchClient client = OpenSearchClients.create(settings);
    try (RetentionRuns runs =
        new RetentionRuns(
            new Retention(
                client, settings, Duration.ofDays(14), Duration.ofDays(30), Duration.ofMinutes(5)),
            Duration.ofHours(1))) {
      assertThat(runs.check()).isEqualTo(CheckResult.OK);

      runs.runOnce();

      assertThat(runs.check().status()).isEqualTo(CheckResult.Status.DEGRADED);
      assertThat(runs.check().detail())
          .contains("failed, retried in PT1H")
          .contains("cannot reach OpenSearch");
    } finally {
      OpenSearchClients.close(client);
    }
  }
}

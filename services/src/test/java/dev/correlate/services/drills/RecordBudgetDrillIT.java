package dev.correlate.services.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.simulator.CloudWatchEvent;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.FirehoseRequests;
import dev.correlate.testkit.Reconciliation;
import dev.correlate.testkit.SharedStack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fault drill: the largest event CloudWatch accepts (1 MiB of UTF-8) in its costliest form, control
 * characters that JSON escapes six-fold, through ingest, the raw topic, Kafka Streams (the alias
 * repartition and the held-events store's changelog for a task's line, the timeline repartition for
 * a request's), the events topic, the indexer and OpenSearch. The test kit's broker keeps Kafka's
 * default record size (1 MiB), so this passes only because every topic and producer carries the
 * record budget.
 */
class RecordBudgetDrillIT {
  private static final int CLOUDWATCH_MAX_EVENT_BYTES = 1_048_576;

  /** A line of exactly 1 MiB of UTF-8: {@code head}, control characters, {@code tail}. */
  private static String largestLine(String head, String tail) {
    int fill =
        CLOUDWATCH_MAX_EVENT_BYTES
            - head.getBytes(StandardCharsets.UTF_8).length
            - tail.getBytes(StandardCharsets.UTF_8).length;
    return head + "\u0001".repeat(fill) + tail;
  }

  @Test
  void largestLegalEvents_passIngestStreamsAndTheIndexer() throws Exception {
    long now = System.currentTimeMillis();
    String correlationId =
        "c0ffee00-1234-4abc-8def-" + String.format("%012d", now % 1_000_000_000_000L);
    String request = largestLine("correlation_id=" + correlationId + " payload ", " end");
    String task = largestLine("strategy step ", " done");
    String requestEvent = FirehoseRequests.eventId(now, 1);
    String taskEvent = FirehoseRequests.eventId(now, 2);
    FirehoseRequest requests =
        FirehoseRequests.of(
            "/ecs/tradai-backend-test",
            "backend/backend/0123456789abcdef0123456789abcdef",
            List.of(new CloudWatchEvent(requestEvent, now, request)));
    FirehoseRequest tasks =
        FirehoseRequests.of(
            "/ecs/tradai-strategy-test",
            "ecs/strategy/fedcba9876543210fedcba9876543210",
            List.of(new CloudWatchEvent(taskEvent, now, task)));

    try (Drill drill =
        Drill.on("budget", SharedStack.kafka().bootstrapServers(), SharedStack.openSearch().url())
            .withIngest()
            .withStreams()) {
      drill.post(List.of(requests, tasks));
      Reconciliation indexed = drill.reconciliation();

      Reconciliation.await(
          () -> indexed.event(requestEvent) != null && indexed.event(taskEvent) != null,
          Drill.PATIENCE);
      JsonNode linked = indexed.event(requestEvent);
      assertThat(linked.path("message").asText()).isEqualTo(request);
      assertThat(linked.path("correlation_ids").get(0).asText()).isEqualTo(correlationId);
      JsonNode held = indexed.event(taskEvent);
      assertThat(held.path("message").asText()).isEqualTo(task);
      assertThat(held.path("link").path("via").asText())
          .as("held for its task's link, then released")
          .isEqualTo("UNLINKED");
      Reconciliation.await(
          () -> {
            JsonNode timeline = indexed.timeline("correlation:" + correlationId);
            return timeline != null && timeline.path("event_count").asLong() == 1;
          },
          Drill.PATIENCE);
      assertThat(drill.fatal).isEmpty();
    }
  }
}

package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.testkit.sim.CloudWatchEvent;
import dev.correlate.testkit.sim.FirehoseRequest;
import dev.correlate.testkit.sim.FirehoseRequests;
import dev.correlate.testkit.sim.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole pipeline on the real broker and node: Firehose requests posted to ingest, through Kafka and the
 * streams topology, indexed in OpenSearch, answered by the query API — every deployable started by its own
 * {@code *Main} from one environment, as the launcher does ({@link Pipeline}).
 */
@ExtendWith(Pipeline.Shared.class)
class EndToEndIT {
  private static Pipeline pipeline;

  @BeforeAll
  static void startEveryDeployable(Pipeline shared) {
    pipeline = shared;
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

    FirehoseReplay.Result posted = new FirehoseReplay(pipeline.ingestUri(), Optional.empty()).post(List.of(request));
    assertThat(posted.accepted()).isEqualTo(1);

    JsonNode timeline = Pipeline.await(() -> {
      JsonNode body = pipeline.get("/api/v1/correlations/" + correlationId + "/timeline");
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

  @Test
  void simulatedMixedTraffic_endsWithEveryJobInTheStatusStageAndCategoryOfTheGroundTruth() throws Exception {
    GroundTruth truth = pipeline.replayedTraffic();

    assertThat(pipeline.servedVerdicts(truth)).as("jobs through the whole pipeline vs the simulator's ground truth")
        .isEqualTo(Pipeline.verdicts(truth));
  }

  private static CloudWatchEvent event(long timestamp, long sequence, String message) {
    return new CloudWatchEvent(FirehoseRequests.eventId(timestamp, sequence), timestamp, message + "\n");
  }
}

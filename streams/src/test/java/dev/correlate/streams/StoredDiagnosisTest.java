package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.diagnosis.DiagnosisState.CategoryHit;
import dev.correlate.core.diagnosis.DiagnosisState.Span;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.StageAt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StoredDiagnosisTest {
  private static final EventRef ERROR =
      ref("e-error", 30, "strategy", "ERROR", "MLflow run registration failed: \"refused\"");
  private static final EventRef STARTED = ref("e-start", 10, "sqs-consumer", "INFO", "Started");
  private static final EventRef RUNNING = ref("e-run", 20, "strategy", "INFO", "running");

  /**
   * A failed job's diagnosis where one event is the first error, the evidence, the category's first
   * and last hit and a last line.
   */
  private static final DiagnosisState FAILED =
      new DiagnosisState(
          List.of(new StageAt("task_started", 10), new StageAt("running", 20)),
          "failed",
          "connection_refused",
          ERROR,
          List.of(ERROR),
          Map.of("task-started-line", new Span(10, 10), "failed-status", new Span(30, 31)),
          Map.of("connection_refused", new CategoryHit(ERROR, ERROR)),
          Map.of("strategy", List.of(RUNNING, ERROR), "sqs-consumer", List.of(STARTED)));

  @Test
  void diagnosis_readsBackEqual_withEachEventWrittenOnce() {
    TimelineState state = TimelineState.start(TimelineId.parse("job:bt-1"));
    state.diagnosis = FAILED;

    byte[] json = Json.write(state);

    assertThat(Json.read(json, TimelineState.class).diagnosis).isEqualTo(FAILED);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(Pattern.compile("\"e-error\"").matcher(text).results().count()).isEqualTo(1);
    assertThat(Pattern.compile("\"e-run\"").matcher(text).results().count()).isEqualTo(1);
  }

  @Test
  void anEmptyDiagnosis_readsBackEmpty() {
    TimelineState state = TimelineState.start(TimelineId.parse("correlation:c-1"));

    assertThat(Json.read(Json.write(state), TimelineState.class).diagnosis)
        .isEqualTo(DiagnosisState.empty());
  }

  @Test
  void aDiagnosisStoredBeforeTheRefs_isReadAsItWasWritten() {
    TimelineState state = TimelineState.start(TimelineId.parse("job:bt-1"));
    ObjectNode older = Json.mapper().valueToTree(state);
    // the record's own JSON, as summaries and partials were stored before StoredDiagnosis
    older.set("diagnosis", Json.mapper().valueToTree(FAILED));

    TimelineState read =
        Json.read(older.toString().getBytes(StandardCharsets.UTF_8), TimelineState.class);

    assertThat(read.diagnosis).isEqualTo(FAILED);
    assertThat(read.timelineId).isEqualTo("job:bt-1");
  }

  @Test
  void aFieldOfANewerWriter_isSkipped() {
    TimelineState state = TimelineState.start(TimelineId.parse("job:bt-1"));
    state.diagnosis = FAILED;
    ObjectNode json = Json.mapper().valueToTree(state);
    ((ObjectNode) json.get("diagnosis")).putObject("later").put("x", 1);

    assertThat(
            Json.read(json.toString().getBytes(StandardCharsets.UTF_8), TimelineState.class)
                .diagnosis)
        .isEqualTo(FAILED);
  }

  private static EventRef ref(String id, long at, String service, String level, String message) {
    return new EventRef(
        id,
        at,
        service,
        "/ecs/" + service,
        "ecs/" + service + "/t1",
        level,
        message,
        null,
        "ECS_TASK");
  }
}

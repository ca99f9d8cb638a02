package dev.correlate.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.diagnosis.Fixtures.Scenario;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisStateTest {
  private final Diagnoser diagnoser = new Diagnoser(Duration.ofMinutes(15));

  @Test
  void state_staysBounded_over100000Events() {
    DiagnosisState state = DiagnosisState.empty();
    int sizeAfter1000 = 0;
    for (int i = 0; i < 100_000; i++) {
      state = diagnoser.observe(state, TimelineId.Kind.JOB, noisyEvent(i));
      if (i == 999) {
        sizeAfter1000 = Json.write(state).length;
      }
    }

    assertThat(state.lastLines()).hasSizeLessThanOrEqualTo(Diagnoser.MAX_SERVICES);
    assertThat(state.lastLines().values())
        .allSatisfy(
            lines -> assertThat(lines).hasSizeLessThanOrEqualTo(Diagnoser.LINES_PER_SERVICE));
    assertThat(state.evidence()).hasSizeLessThanOrEqualTo(2);
    assertThat(state.categoryHits())
        .hasSizeLessThanOrEqualTo(2 * DiagnosisRules.defaults().categories().size());
    int size = Json.write(state).length;
    assertThat(size).isLessThan(64 * 1024).isLessThanOrEqualTo(sizeAfter1000 + 1024);
    // the kept lines are the latest ones
    assertThat(state.lastLines().values().stream().flatMap(List::stream))
        .allSatisfy(
            line -> assertThat(line.timestamp()).isGreaterThan(Fixtures.T0 + 99_000L * 1000 - 1));
  }

  @Test
  void state_survivesTheJsonDialect_unchanged() {
    for (String name :
        List.of("job-oom-memoryerror-exit137", "job-completed", "request-service-unavailable")) {
      Scenario s = Fixtures.load(name);
      DiagnosisState state = DiagnosisState.empty();
      for (LogEvent event : s.events()) {
        state = diagnoser.observe(state, s.kind(), event);
      }

      DiagnosisState read = Json.read(Json.write(state), DiagnosisState.class);

      assertThat(read).as(name).isEqualTo(state);
      assertThat(diagnoser.evaluate(s.kind(), read, s.end(), s.end()))
          .isEqualTo(diagnoser.evaluate(s.kind(), state, s.end(), s.end()));
    }
  }

  @Test
  void observe_keepsDerivedFieldsForReadersOfTheState() {
    Scenario s = Fixtures.load("job-oom-memoryerror-exit137");
    DiagnosisState state = DiagnosisState.empty();
    for (LogEvent event : s.events()) {
      state = diagnoser.observe(state, s.kind(), event);
    }

    assertThat(state.terminalStatus()).isEqualTo("failed");
    assertThat(state.category()).isEqualTo("oom");
    assertThat(state.stages()).hasSize(5);
    assertThat(state.firstError().message()).isEqualTo("Fatal exception!");
  }

  @Test
  void longMessages_areCutInEvidence() {
    LogEvent huge =
        Fixtures.event(
            "huge",
            Fixtures.T0,
            "strategy",
            SourceKind.ECS_TASK,
            Level.ERROR,
            null,
            "x".repeat(1_000_000),
            Facts.NONE,
            TimelineId.Kind.JOB,
            "bt-1");

    DiagnosisState state = diagnoser.observe(DiagnosisState.empty(), TimelineId.Kind.JOB, huge);

    assertThat(state.firstError().message()).hasSize(Diagnoser.MESSAGE_CHARS);
  }

  /** Many services, levels and failures: every kind of bookkeeping gets exercised. */
  private static LogEvent noisyEvent(int i) {
    String service = "service-" + (i % 20);
    Level level = i % 7 == 0 ? Level.ERROR : Level.INFO;
    String message =
        switch (i % 5) {
          case 0 -> "Connection refused by data-collection attempt " + i;
          case 1 -> "Read timed out after 30s, attempt " + i;
          case 2 -> "MemoryError in chunk " + i;
          case 3 -> "Uploaded s3://tradai-results-dev/backtests/bt-1/part-" + i + ".json";
          default -> "progress " + i;
        };
    SourceKind kind = i % 3 == 0 ? SourceKind.ECS_TASK : SourceKind.ECS_SERVICE;
    Facts facts =
        new Facts(
            null,
            null,
            null,
            List.of(),
            i % 11 == 0 ? "RUNNING" : null,
            i % 13 == 0 ? 1 : null,
            null,
            null);
    return Fixtures.event(
        "e-" + i,
        Fixtures.T0 + i * 1000L,
        service,
        kind,
        level,
        "freqtrade.worker." + (i % 50),
        message,
        facts,
        TimelineId.Kind.JOB,
        "bt-1");
  }
}

package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.StageAt;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final JobMetrics metrics = new JobMetrics(registry);

  @Test
  void emitted_countsATransitionIntoFailedOnce_withNoneAndUnknownForWhatItDoesNotKnow() {
    metrics.emitted(null, summary("job", "running", null));
    metrics.emitted("running", summary("job", "failed", null));
    metrics.emitted("failed", summary("job", "failed", "oom"));
    metrics.emitted("failed", summary("job", "completed", null));
    metrics.emitted("completed", summary("job", "failed", "oom"));

    assertThat(failures("job", "none", "unknown")).isEqualTo(1);
    assertThat(failures("job", "oom", "unknown"))
        .as("failed again after completed: a new transition")
        .isEqualTo(1);
  }

  @Test
  void emitted_countsRequestsTurningError_notJobsStatuses() {
    metrics.emitted(null, summary("correlation", "error", "service_unavailable"));
    metrics.emitted(null, summary("correlation", "failed", null));

    assertThat(failures("correlation", "service_unavailable", "unknown")).isEqualTo(1);
    assertThat(registry.find("correlate.streams.timeline.failures").counters()).hasSize(1);
  }

  @Test
  void observed_recordsAPairOnceWhenBothEndsAreKnown_notBackwards_norForRequests() {
    DiagnosisState none = DiagnosisState.empty();
    DiagnosisState submitted = stages(new StageAt("submitted", 1_000));
    DiagnosisState dispatched =
        stages(new StageAt("submitted", 1_000), new StageAt("dispatched", 4_000));
    DiagnosisState earlier =
        stages(
            new StageAt("submitted", 500),
            new StageAt("dispatched", 4_000),
            new StageAt("task_started", 3_000));

    metrics.observed(TimelineId.Kind.JOB, none, submitted);
    metrics.observed(TimelineId.Kind.JOB, submitted, dispatched);
    metrics.observed(TimelineId.Kind.JOB, dispatched, earlier);
    metrics.observed(TimelineId.Kind.CORRELATION, none, dispatched);

    Timer queued = timer("submitted", "dispatched");
    assertThat(queued.count()).isEqualTo(1);
    assertThat(queued.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
    assertThat(timer("dispatched", "task_started").count())
        .as("task started before dispatch: clocks apart")
        .isZero();
  }

  private double failures(String kind, String category, String service) {
    return registry
        .get("correlate.streams.timeline.failures")
        .tag("kind", kind)
        .tag("category", category)
        .tag("service", service)
        .counter()
        .count();
  }

  private Timer timer(String from, String to) {
    return registry
        .get("correlate.streams.job.stage.duration")
        .tag("from", from)
        .tag("to", to)
        .timer();
  }

  private static DiagnosisState stages(StageAt... stages) {
    return new DiagnosisState(List.of(stages), null, null, null, List.of());
  }

  private static TimelineSummary summary(String kind, String status, String category) {
    return new TimelineSummary(
        kind + ":x",
        kind,
        "x",
        1,
        0,
        0,
        0,
        1,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        status,
        false,
        0,
        0,
        null,
        new Diagnosis(null, List.of(), category, null, null, null, List.of()),
        null,
        0);
  }
}

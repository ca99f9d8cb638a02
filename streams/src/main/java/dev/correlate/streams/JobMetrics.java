package dev.correlate.streams;

import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.diagnosis.Stage;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.StageAt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * What the timeline aggregator's verdicts count, through two one-line hooks in its code:
 *
 * <ul>
 *   <li>{@link #emitted}: a timeline's emitted status turning {@code failed} (a job) or {@code
 *       error} (a request) counts once in {@code correlate_streams_timeline_failures_total}, by
 *       category and by the service of its first error — once per transition, as the API showed it:
 *       a verdict that later changes (events that arrive out of order across log groups) stays
 *       counted;
 *   <li>{@link #observed}: a job whose stage history gains both ends of a {@link #PAIRS pair}
 *       records the event time between them in {@code
 *       correlate_streams_job_stage_duration_seconds}, once per job (a later, earlier piece of
 *       evidence does not record it again; a negative span, clocks of two services apart, is not
 *       recorded).
 * </ul>
 *
 * Counted in the stream task that owns the timeline, so instances add up; a task replayed after a
 * crash counts what it replays again.
 */
final class JobMetrics {
  /** The stage spans measured: queueing, ECS placement, the run. */
  static final List<List<Stage>> PAIRS =
      List.of(
          List.of(Stage.SUBMITTED, Stage.DISPATCHED),
          List.of(Stage.DISPATCHED, Stage.TASK_STARTED),
          List.of(Stage.TASK_STARTED, Stage.COMPLETED));

  /** Label value of a failure without a category, or without a first error's service. */
  static final String NONE = "none";

  static final String UNKNOWN = "unknown";

  private final MeterRegistry registry;
  private final List<Timer> durations;

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.durations =
        PAIRS.stream()
            .map(
                pair ->
                    Timer.builder("correlate.streams.job.stage.duration")
                        .description(
                            "event time between two stages of a backtest job, recorded once per job")
                        .tag("from", pair.get(0).id())
                        .tag("to", pair.get(1).id())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofSeconds(1))
                        .maximumExpectedValue(Duration.ofHours(12))
                        .register(registry))
            .toList();
  }

  /**
   * Hook: {@code summary} was emitted and {@code previousStatus} was the timeline's status before;
   * returns it.
   */
  TimelineSummary emitted(String previousStatus, TimelineSummary summary) {
    String failing = TimelineId.Kind.JOB.prefix().equals(summary.kind()) ? "failed" : "error";
    if (failing.equals(summary.status()) && !failing.equals(previousStatus)) {
      String category =
          summary.diagnosis() == null || summary.diagnosis().category() == null
              ? NONE
              : summary.diagnosis().category();
      String service =
          summary.firstError() == null || summary.firstError().service() == null
              ? UNKNOWN
              : summary.firstError().service();
      Counter.builder("correlate.streams.timeline.failures")
          .description("timelines turning failed (jobs) or error (requests), once per transition")
          .tag("kind", summary.kind())
          .tag("category", category)
          .tag("service", service)
          .register(registry)
          .increment();
    }
    return summary;
  }

  /**
   * Hook: a timeline of {@code kind} went from diagnosis {@code before} to {@code after} on an
   * event; returns it.
   */
  DiagnosisState observed(TimelineId.Kind kind, DiagnosisState before, DiagnosisState after) {
    // the diagnoser hands the same list back when the event moved no stage: the usual case costs
    // one comparison
    if (kind != TimelineId.Kind.JOB || after.stages() == before.stages()) {
      return after;
    }
    for (int i = 0; i < PAIRS.size(); i++) {
      Long from = at(after.stages(), PAIRS.get(i).get(0));
      Long to = at(after.stages(), PAIRS.get(i).get(1));
      boolean known =
          at(before.stages(), PAIRS.get(i).get(0)) != null
              && at(before.stages(), PAIRS.get(i).get(1)) != null;
      if (from != null && to != null && !known && to >= from) {
        durations.get(i).record(Duration.ofMillis(to - from));
      }
    }
    return after;
  }

  private static Long at(List<StageAt> stages, Stage stage) {
    for (StageAt s : stages) {
      if (s.stage().equals(stage.id())) {
        return s.at();
      }
    }
    return null;
  }
}

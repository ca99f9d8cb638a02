package dev.correlate.streams;

import dev.correlate.core.diagnosis.DiagnosisRules;
import dev.correlate.core.diagnosis.FailureCategory;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.SummaryStats;
import dev.correlate.core.store.TimelineQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Jobs by status ({@code correlate_streams_jobs}) and stuck jobs by failure category ({@code
 * correlate_streams_jobs_stuck}), counted on the timelines index by the very query behind the API's
 * {@code GET /api/v1/jobs/stats?since=<window>} ({@link TimelineQueries#stats}): the jobs with an
 * event in the last {@code window}. The gauges therefore agree with the API and the console's
 * overview of that window, and every streams instance reports the same index-wide numbers (take the
 * {@code max} over instances, not the sum). A stuck job without a category counts as {@code none}.
 * While the index cannot be read the gauges are {@code NaN}.
 */
final class JobGauges {
  static final List<String> STATUSES = List.of("running", "completed", "failed", "stuck");
  private static final String STUCK = "stuck";

  private final TimelineQueries queries;
  private final Duration window;
  private final MeterRegistry registry;
  private final Map<String, MeasuredValue> byStatus = new LinkedHashMap<>();
  private final Map<String, MeasuredValue> stuckByCategory = new LinkedHashMap<>();

  /**
   * Gauges for every status, and for stuck jobs of every job category of {@code rules} and {@code
   * none}.
   */
  JobGauges(
      TimelineQueries queries, Duration window, DiagnosisRules rules, MeterRegistry registry) {
    this.queries = queries;
    this.window = window;
    this.registry = registry;
    for (String status : STATUSES) {
      byStatus.put(
          status,
          MeasuredValue.register(
              registry,
              "correlate.streams.jobs",
              "jobs with an event in the window, by status, counted on the timelines index",
              null,
              Tags.of("status", status)));
    }
    rules.categories().stream()
        .filter(c -> c.appliesTo().contains(TimelineId.Kind.JOB))
        .map(FailureCategory::id)
        .forEach(this::stuck);
    stuck(JobMetrics.NONE);
  }

  private MeasuredValue stuck(String category) {
    return stuckByCategory.computeIfAbsent(
        category,
        c ->
            MeasuredValue.register(
                registry,
                "correlate.streams.jobs.stuck",
                "stuck jobs with an event in the window, by failure category, counted on the timelines index",
                null,
                Tags.of("category", c)));
  }

  /**
   * Counts the jobs of the window ending at {@code nowMs}; when the index cannot be read the gauges
   * become NaN.
   *
   * @return why the jobs could not be counted, if they could not
   */
  Optional<String> measure(long nowMs) {
    SummaryStats stats;
    try {
      stats =
          queries.stats(
              new SummaryStats.Query(
                  new SummaryFilter(
                      TimelineId.Kind.JOB, null, null, null, null, nowMs - window.toMillis(), null),
                  Set.of(STUCK),
                  window.toMillis()));
    } catch (RuntimeException e) {
      byStatus.values().forEach(v -> v.set(Double.NaN));
      stuckByCategory.values().forEach(v -> v.set(Double.NaN));
      return Optional.of("the jobs on the timelines index: " + e.getMessage());
    }
    byStatus.forEach((status, v) -> v.set(stats.statuses().getOrDefault(status, 0L)));
    // a category the rules no longer name (the index outlives a rules change) still gets its gauge
    stats.categories().keySet().forEach(this::stuck);
    long categorized = 0;
    for (var entry : stuckByCategory.entrySet()) {
      if (!entry.getKey().equals(JobMetrics.NONE)) {
        long count = stats.categories().getOrDefault(entry.getKey(), 0L);
        entry.getValue().set(count);
        categorized += count;
      }
    }
    stuckByCategory
        .get(JobMetrics.NONE)
        .set(stats.statuses().getOrDefault(STUCK, 0L) - categorized);
    return Optional.empty();
  }
}

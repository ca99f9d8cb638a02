package dev.correlate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.store.SummaryStats;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API's response documents. They mirror the stored model but speak the API's dialect: times as
 * ISO-8601 strings with milliseconds, and only what a client needs. Absent values are omitted,
 * except where a client must be able to tell "none" ({@code failure}, {@code next_cursor}, {@code
 * summary}) from "not sent".
 */
final class Views {
  private Views() {}

  record Event(
      String eventId,
      String timestamp,
      Long offsetMs,
      String service,
      String environment,
      String logGroup,
      String logStream,
      String sourceKind,
      String level,
      String logger,
      String message,
      Map<String, String> fields,
      List<String> correlationIds,
      List<String> jobIds,
      String lambdaRequestId,
      String ecsTaskId,
      List<String> ecsTaskArns,
      String xrayTraceId,
      String linkedVia) {
    static Event of(LogEvent e, Long baseMs) {
      return new Event(
          e.eventId(),
          Times.iso(e.timestamp()),
          baseMs == null ? null : e.timestamp() - baseMs,
          e.service(),
          e.environment(),
          e.logGroup(),
          e.logStream(),
          e.sourceKind().name().toLowerCase(Locale.ROOT),
          e.level().name(),
          e.logger(),
          e.message(),
          e.fields().isEmpty() ? null : new TreeMap<>(e.fields()),
          e.correlationIds(),
          e.jobIds(),
          e.lambdaRequestId(),
          e.ecsTaskId(),
          e.ecsTaskArns().isEmpty() ? null : e.ecsTaskArns(),
          e.xrayTraceId(),
          e.link() == null ? null : e.link().via().name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * One event shown as evidence; {@code consoleUrl} opens it in the CloudWatch console (when the
   * region is known).
   */
  record Evidence(
      String eventId,
      String timestamp,
      String service,
      String logGroup,
      String logStream,
      String level,
      String message,
      String exceptionType,
      String consoleUrl) {
    static Evidence of(EventRef ref, String region) {
      return ref == null
          ? null
          : new Evidence(
              ref.eventId(),
              Times.iso(ref.timestamp()),
              ref.service(),
              ref.logGroup(),
              ref.logStream(),
              ref.level(),
              ref.message(),
              ref.exceptionType(),
              ConsoleLinks.logEvent(region, ref.logGroup(), ref.logStream(), ref.timestamp())
                  .orElse(null));
    }

    /**
     * The evidence shown for a diagnosis: at most {@code max} of its events, in time order
     * (timestamp, then event id). The diagnosis lists them by importance (the first error, the
     * category's evidence, then each service's last lines), so a cut keeps the most important; the
     * reader then gets one chronological story. Every response that carries evidence builds it
     * here.
     */
    static List<Evidence> of(List<EventRef> refs, int max, String region) {
      return refs.stream()
          .limit(max)
          .sorted(Comparator.comparingLong(EventRef::timestamp).thenComparing(EventRef::eventId))
          .map(ref -> of(ref, region))
          .toList();
    }
  }

  record Stage(String stage, String at) {}

  record ServiceSpan(String firstAt, String lastAt, long count) {}

  record DiagnosisView(
      String stage,
      List<Stage> stages,
      String category,
      String cause,
      String resolution,
      String symptom,
      List<Evidence> evidence) {
    static DiagnosisView of(Diagnosis d, int maxEvidence, String region) {
      return d == null
          ? null
          : new DiagnosisView(
              d.stage(),
              stagesOf(d),
              d.category(),
              d.cause(),
              d.resolution(),
              d.symptom(),
              Evidence.of(d.evidence(), maxEvidence, region));
    }
  }

  /** The whole summary, as embedded in timeline responses. */
  record Summary(
      String timelineId,
      String kind,
      String id,
      long revision,
      String status,
      boolean closed,
      String firstEventAt,
      String lastEventAt,
      long durationMs,
      long eventCount,
      long errorCount,
      Map<String, Long> levelCounts,
      Map<String, ServiceSpan> services,
      List<String> correlationIds,
      List<String> jobIds,
      List<String> lambdaRequestIds,
      List<String> ecsTaskIds,
      Evidence firstError,
      List<String> warnings,
      DiagnosisView diagnosis,
      String lastActivityAt,
      String updatedAt,
      ContextView context) {
    static Summary of(TimelineSummary s, int maxEvidence) {
      Map<String, ServiceSpan> services = new TreeMap<>();
      s.services()
          .forEach(
              (name, span) ->
                  services.put(
                      name,
                      new ServiceSpan(
                          Times.iso(span.firstAt()), Times.iso(span.lastAt()), span.count())));
      String region = regionOf(s);
      return new Summary(
          s.timelineId(),
          s.kind(),
          s.id(),
          s.revision(),
          s.status(),
          s.closed(),
          Times.iso(s.firstEventAt()),
          Times.iso(s.lastEventAt()),
          s.durationMs(),
          s.eventCount(),
          s.errorCount(),
          new TreeMap<>(s.levelCounts()),
          services,
          s.correlationIds(),
          s.jobIds(),
          s.lambdaRequestIds(),
          s.ecsTaskIds(),
          Evidence.of(s.firstError(), region),
          s.warnings(),
          DiagnosisView.of(s.diagnosis(), maxEvidence, region),
          Times.iso(s.lastActivityAt()),
          Times.iso(s.updatedAt()),
          ContextView.of(s));
    }
  }

  /**
   * {@code awsReason}: what AWS said ended the job's task (container or stopped reason), when it
   * said so.
   */
  record Failure(
      String category,
      String cause,
      String resolution,
      String symptom,
      Evidence firstError,
      String awsReason) {}

  record Links(String self, String timeline, String failureContext) {}

  record Job(
      String jobId,
      String status,
      String stage,
      List<Stage> stages,
      String firstSeen,
      String lastSeen,
      long durationMs,
      long eventCount,
      long errorCount,
      List<String> services,
      List<String> correlationIds,
      @JsonInclude(JsonInclude.Include.ALWAYS) Failure failure,
      List<String> warnings,
      boolean closed,
      long revision,
      String updatedAt,
      Links links,
      ContextView context) {
    static Job of(TimelineSummary s) {
      Diagnosis d = s.diagnosis();
      Failure failure =
          d == null || (d.category() == null && d.symptom() == null)
              ? null
              : new Failure(
                  d.category(),
                  d.cause(),
                  d.resolution(),
                  d.symptom(),
                  Evidence.of(s.firstError(), regionOf(s)),
                  ContextView.awsReason(s));
      return new Job(
          s.id(),
          s.status(),
          d == null ? null : d.stage(),
          d == null ? List.of() : stagesOf(d),
          Times.iso(s.firstEventAt()),
          Times.iso(s.lastEventAt()),
          s.durationMs(),
          s.eventCount(),
          s.errorCount(),
          s.services().keySet().stream().sorted().toList(),
          s.correlationIds(),
          failure,
          s.warnings(),
          s.closed(),
          s.revision(),
          Times.iso(s.updatedAt()),
          jobLinks(s.id()),
          ContextView.of(s));
    }
  }

  record Correlation(
      String correlationId,
      String status,
      String firstSeen,
      String lastSeen,
      long durationMs,
      long eventCount,
      long errorCount,
      List<String> services,
      List<String> jobIds,
      Evidence firstError,
      List<String> warnings,
      boolean closed,
      long revision,
      Links links) {
    static Correlation of(TimelineSummary s) {
      return new Correlation(
          s.id(),
          s.status(),
          Times.iso(s.firstEventAt()),
          Times.iso(s.lastEventAt()),
          s.durationMs(),
          s.eventCount(),
          s.errorCount(),
          s.services().keySet().stream().sorted().toList(),
          s.jobIds(),
          Evidence.of(s.firstError(), regionOf(s)),
          s.warnings(),
          s.closed(),
          s.revision(),
          new Links(null, "/api/v1/correlations/" + s.id() + "/timeline", null));
    }
  }

  /**
   * What the TradAI backend reads when a job fails: everything to show and act on, in one bounded
   * document — the diagnosis, the evidence with console links, and the context (ECS tasks, Lambda
   * request ids, results, submission, Logs Insights link).
   */
  record FailureContext(
      String jobId,
      String status,
      String stage,
      String symptom,
      String category,
      String cause,
      String resolution,
      Evidence firstError,
      List<Evidence> evidence,
      List<String> correlationIds,
      List<String> services,
      String firstSeen,
      String lastSeen,
      long errorCount,
      List<String> warnings,
      long revision,
      String updatedAt,
      String timelineUrl,
      String awsReason,
      ContextView context) {
    static FailureContext of(TimelineSummary s, int maxEvidence) {
      Diagnosis d = s.diagnosis();
      String region = regionOf(s);
      return new FailureContext(
          s.id(),
          s.status(),
          d == null ? null : d.stage(),
          d == null ? null : d.symptom(),
          d == null ? null : d.category(),
          d == null ? null : d.cause(),
          d == null ? null : d.resolution(),
          Evidence.of(s.firstError(), region),
          d == null ? List.of() : Evidence.of(d.evidence(), maxEvidence, region),
          s.correlationIds(),
          s.services().keySet().stream().sorted().toList(),
          Times.iso(s.firstEventAt()),
          Times.iso(s.lastEventAt()),
          s.errorCount(),
          s.warnings(),
          s.revision(),
          Times.iso(s.updatedAt()),
          "/api/v1/jobs/" + s.id() + "/timeline",
          ContextView.awsReason(s),
          ContextView.of(s));
    }
  }

  /**
   * Counts of jobs for a window, as the overview shows them: every job status is present (0 when
   * none), categories and services count failed and stuck jobs only.
   */
  record JobStats(
      @JsonInclude(JsonInclude.Include.ALWAYS) String since,
      @JsonInclude(JsonInclude.Include.ALWAYS) String until,
      long bucketMs,
      long total,
      Map<String, Long> byStatus,
      Map<String, Long> byCategory,
      List<StatsBucket> buckets,
      List<ServiceCount> failingServices) {
    static JobStats of(SummaryStats stats, Long since, Long until, long bucketMs) {
      return new JobStats(
          since == null ? null : Times.iso(since),
          until == null ? null : Times.iso(until),
          bucketMs,
          stats.total(),
          everyStatus(stats.statuses()),
          new TreeMap<>(stats.categories()),
          stats.buckets().stream()
              .map(
                  b ->
                      new StatsBucket(
                          Times.iso(b.start()),
                          everyStatus(b.statuses()),
                          new TreeMap<>(b.categories())))
              .toList(),
          stats.failingServices().stream()
              .map(c -> new ServiceCount(c.service(), c.count()))
              .toList());
    }

    private static Map<String, Long> everyStatus(Map<String, Long> counts) {
      Map<String, Long> all = new TreeMap<>(counts);
      Vocabulary.JOB_STATUSES.forEach(status -> all.putIfAbsent(status, 0L));
      return all;
    }
  }

  record StatsBucket(String start, Map<String, Long> byStatus, Map<String, Long> byCategory) {}

  record ServiceCount(String service, long jobs) {}

  record ListPage<T>(List<T> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

  record SearchResult(
      List<Event> events, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

  static Links jobLinks(String id) {
    return new Links(
        "/api/v1/jobs/" + id,
        "/api/v1/jobs/" + id + "/timeline",
        "/api/v1/jobs/" + id + "/failure-context");
  }

  private static String regionOf(TimelineSummary s) {
    return s.context() == null ? null : s.context().region();
  }

  private static List<Stage> stagesOf(Diagnosis d) {
    return d.stages().stream().map(s -> new Stage(s.stage(), Times.iso(s.at()))).toList();
  }
}

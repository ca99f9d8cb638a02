package dev.correlate.api;

import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Context;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.EcsTask;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import dev.correlate.core.model.TimelineSummary.StageAt;
import dev.correlate.core.model.TimelineSummary.Submission;
import dev.correlate.testkit.TimelineQueriesContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Events and summaries shaped like TradAI's, for API tests. */
final class Fixtures {
  /** 2026-11-27T10:00:00Z */
  static final long T0 = java.time.Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

  private Fixtures() {}

  static LogEvent event(
      String eventId,
      long ts,
      String service,
      Level level,
      String message,
      List<String> correlationIds,
      List<String> jobIds) {
    return event(eventId, ts, service, level, message, correlationIds, jobIds, Map.of());
  }

  static LogEvent event(
      String eventId,
      long ts,
      String service,
      Level level,
      String message,
      List<String> correlationIds,
      List<String> jobIds,
      Map<String, String> fields) {
    return TimelineQueriesContract.event(
        eventId, ts, service, level, message, correlationIds, jobIds, fields);
  }

  static EventRef ref(LogEvent e, String exceptionType) {
    return new EventRef(
        e.eventId(),
        e.timestamp(),
        e.service(),
        e.logGroup(),
        e.logStream(),
        e.level().name(),
        e.message(),
        exceptionType,
        e.sourceKind().name());
  }

  /** A failed job with an OOM diagnosis and {@code evidence} evidence events. */
  static TimelineSummary failedJob(String jobId, long first, long last, int evidence) {
    LogEvent error =
        event(
            "err-" + jobId,
            last,
            "strategy",
            Level.ERROR,
            "MemoryError",
            List.of(),
            List.of(jobId));
    List<EventRef> refs = new ArrayList<>();
    for (int i = 0; i < evidence; i++) {
      refs.add(
          ref(
              event(
                  "ev" + i,
                  first + i,
                  "strategy",
                  Level.ERROR,
                  "line " + i,
                  List.of(),
                  List.of(jobId)),
              null));
    }
    Map<String, ServiceSpan> services = new HashMap<>();
    services.put("backend", new ServiceSpan(first, first + 10, 2));
    services.put("strategy", new ServiceSpan(first + 10, last, 5));
    return new TimelineSummary(
        "job:" + jobId,
        "job",
        jobId,
        7,
        first,
        last,
        last - first,
        7,
        1,
        Map.of("INFO", 6L, "ERROR", 1L),
        services,
        List.of("c-" + jobId),
        List.of(jobId),
        List.of(),
        List.of(),
        ref(error, "MemoryError"),
        "failed",
        true,
        last,
        last + 100,
        List.of("late_event"),
        new Diagnosis(
            "running",
            List.of(new StageAt("submitted", first), new StageAt("running", first + 10)),
            "oom",
            "out of memory",
            "raise task memory",
            "stops_immediately",
            refs),
        context(jobId, last),
        0);
  }

  static final String TASK_ID = "4f1c2b3d4e5f60718293a4b5c6d7e8f9";

  /** What AWS said of a job whose strategy task ECS killed for memory. */
  static Context context(String jobId, long stoppedAt) {
    String arn = "arn:aws:ecs:eu-central-1:123456789012:task/tradai-dev/" + TASK_ID;
    Facts.EcsTaskFacts stopped =
        new Facts.EcsTaskFacts(
            arn,
            "arn:aws:ecs:eu-central-1:123456789012:cluster/tradai-dev",
            "family:tradai-strategy-dev",
            "STOPPED",
            "STOPPED",
            "EssentialContainerExited",
            "Essential container in task exited",
            List.of(
                new Facts.EcsContainer(
                    "strategy",
                    137,
                    "OutOfMemoryError: Container killed due to memory usage",
                    "STOPPED")),
            "1024",
            "2048",
            "tradai-sqs-consumer-dev",
            stoppedAt - 60_000,
            stoppedAt - 50_000,
            stoppedAt,
            5L);
    return new Context(
        "123456789012",
        "eu-central-1",
        List.of("/aws/events/tradai-dev", "/ecs/tradai-backend-dev", "/ecs/tradai-strategy-dev"),
        List.of(new EcsTask(arn, TASK_ID, "tradai-dev", stopped, stoppedAt)),
        List.of(),
        new Submission(
            "MomentumV2", List.of("BTC/USDT"), "1h", "20240101-20240630", stoppedAt - 70_000));
  }

  /**
   * A failed job whose evidence is listed as a diagnosis ranks it: the first error, the category's
   * evidence, then the last lines of each service by service name; their times are in another
   * order.
   */
  static TimelineSummary rankedEvidenceJob(String jobId, long t0) {
    LogEvent firstError =
        event(
            "e-err",
            t0 + 108_000,
            "strategy",
            Level.ERROR,
            "MemoryError",
            List.of(),
            List.of(jobId));
    List<EventRef> ranked =
        List.of(
            ref(firstError, "MemoryError"),
            ref(
                event(
                    "e-137",
                    t0 + 120_000,
                    "ecs",
                    Level.INFO,
                    "exit code 137",
                    List.of(),
                    List.of(jobId)),
                null),
            ref(
                event(
                    "e-sub",
                    t0 + 34_000,
                    "backend",
                    Level.INFO,
                    "submitted",
                    List.of(),
                    List.of(jobId)),
                null),
            ref(
                event(
                    "e-run",
                    t0 + 104_000,
                    "backend",
                    Level.INFO,
                    "status RUNNING",
                    List.of(),
                    List.of(jobId)),
                null),
            ref(
                event(
                    "e-load",
                    t0 + 100_000,
                    "strategy",
                    Level.INFO,
                    "loading data",
                    List.of(),
                    List.of(jobId)),
                null),
            ref(
                event(
                    "e-tb",
                    t0 + 110_000,
                    "strategy",
                    Level.ERROR,
                    "Traceback",
                    List.of(),
                    List.of(jobId)),
                null));
    Map<String, ServiceSpan> services =
        Map.of(
            "backend",
            new ServiceSpan(t0 + 34_000, t0 + 104_000, 2),
            "ecs",
            new ServiceSpan(t0 + 120_000, t0 + 120_000, 1),
            "strategy",
            new ServiceSpan(t0 + 100_000, t0 + 110_000, 3));
    return new TimelineSummary(
        "job:" + jobId,
        "job",
        jobId,
        3,
        t0 + 34_000,
        t0 + 120_000,
        86_000,
        6,
        2,
        Map.of("INFO", 4L, "ERROR", 2L),
        services,
        List.of(),
        List.of(jobId),
        List.of(),
        List.of(),
        ref(firstError, "MemoryError"),
        "failed",
        true,
        t0 + 120_000,
        t0 + 120_100,
        List.of(),
        new Diagnosis(
            "running",
            List.of(new StageAt("submitted", t0 + 34_000), new StageAt("running", t0 + 100_000)),
            "oom",
            "out of memory",
            "raise task memory",
            "runs_without_results",
            ranked),
        null,
        0);
  }

  static TimelineSummary job(
      String jobId, String status, String stage, long first, long last, String... services) {
    Map<String, ServiceSpan> spans = new HashMap<>();
    for (String s : services) {
      spans.put(s, new ServiceSpan(first, last, 1));
    }
    return new TimelineSummary(
        "job:" + jobId,
        "job",
        jobId,
        1,
        first,
        last,
        last - first,
        services.length,
        0,
        Map.of(),
        spans,
        List.of(),
        List.of(jobId),
        List.of(),
        List.of(),
        null,
        status,
        false,
        last,
        last,
        List.of(),
        new Diagnosis(stage, List.of(new StageAt(stage, first)), null, null, null, null, List.of()),
        null,
        0);
  }

  static TimelineSummary correlation(
      String id, String status, long first, long last, String... services) {
    Map<String, ServiceSpan> spans = new HashMap<>();
    for (String s : services) {
      spans.put(s, new ServiceSpan(first, last, 1));
    }
    return new TimelineSummary(
        TimelineId.correlation(id).toString(),
        "correlation",
        id,
        1,
        first,
        last,
        last - first,
        1,
        "error".equals(status) ? 1 : 0,
        Map.of(),
        spans,
        List.of(id),
        List.of(),
        List.of(),
        List.of(),
        null,
        status,
        false,
        last,
        last,
        List.of(),
        null,
        null,
        0);
  }
}

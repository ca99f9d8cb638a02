package dev.correlate.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Correlate knows of one timeline (a request's correlation id, or a backtest job), bounded in
 * size whatever the number of events: counts, times, related ids, the first error, status and
 * diagnosis — never the event list. Streams emits a new revision when it changes; the timelines
 * index keeps the highest revision.
 *
 * @param timelineId {@code correlation:<id>} or {@code job:<id>}
 * @param kind {@code correlation} or {@code job}
 * @param id the bare correlation or job id
 * @param revision increases with every emitted change; the external version of the document
 * @param firstEventAt earliest event time, epoch ms
 * @param lastEventAt latest event time, epoch ms
 * @param durationMs lastEventAt − firstEventAt
 * @param eventCount events in the timeline
 * @param errorCount events at ERROR or FATAL
 * @param levelCounts events per level
 * @param services per service: first and last event time and count
 * @param correlationIds related correlation ids (for a job: the requests that touched it), bounded
 * @param jobIds related job ids (for a request: the jobs it touched), bounded
 * @param lambdaRequestIds Lambda invocations in the timeline, bounded
 * @param ecsTaskIds ECS tasks in the timeline, bounded
 * @param firstError the earliest error event
 * @param status job: {@code running}, {@code completed}, {@code failed}, {@code stuck}; request:
 *     {@code ok}, {@code error}
 * @param closed whether the timeline went inactive and was closed; a late event reopens it
 * @param lastActivityAt wall-clock time of the latest event's arrival, epoch ms (drives stuck and
 *     closing)
 * @param updatedAt wall-clock time this revision was made, epoch ms
 * @param warnings imperfect data kept and annotated: {@code late_event}, {@code clock_skew}, {@code
 *     unlinked_task}, {@code truncated_related_ids}
 * @param diagnosis stage, stage history and failure; for requests only the failure, if any
 * @param context the identifiers an engineer needs to act: account and region, log groups, ECS
 *     tasks at their latest state, S3 results, the submission's parameters; null before the first
 *     event
 * @param home the timeline's home: the start (epoch ms) of the period in which the timeline was
 *     created, chosen once and kept by every revision, which names the index the revision is
 *     written to; 0 (or absent in JSON) for a timeline from before homes existed, which lives in
 *     the legacy index
 */
public record TimelineSummary(
    String timelineId,
    String kind,
    String id,
    long revision,
    long firstEventAt,
    long lastEventAt,
    long durationMs,
    long eventCount,
    long errorCount,
    Map<String, Long> levelCounts,
    Map<String, ServiceSpan> services,
    List<String> correlationIds,
    List<String> jobIds,
    List<String> lambdaRequestIds,
    List<String> ecsTaskIds,
    EventRef firstError,
    String status,
    boolean closed,
    long lastActivityAt,
    long updatedAt,
    List<String> warnings,
    Diagnosis diagnosis,
    Context context,
    long home) {

  public TimelineSummary {
    Objects.requireNonNull(timelineId, "timelineId");
    levelCounts = levelCounts == null ? Map.of() : Map.copyOf(levelCounts);
    services = services == null ? Map.of() : Map.copyOf(services);
    correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
    jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    lambdaRequestIds = lambdaRequestIds == null ? List.of() : List.copyOf(lambdaRequestIds);
    ecsTaskIds = ecsTaskIds == null ? List.of() : List.copyOf(ecsTaskIds);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    if (home < 0) {
      throw new IllegalArgumentException("home must be >= 0, got " + home);
    }
  }

  /** One service's part in a timeline. */
  public record ServiceSpan(long firstAt, long lastAt, long count) {}

  /**
   * A reference to one event, carried in summaries as evidence (message bounded in length).
   *
   * @param sourceKind what wrote the event ({@code LAMBDA}, {@code ECS_TASK}, {@code EVENTS} …);
   *     null in references stored before it was recorded
   */
  public record EventRef(
      String eventId,
      long timestamp,
      String service,
      String logGroup,
      String logStream,
      String level,
      String message,
      String exceptionType,
      String sourceKind) {}

  /**
   * Where a job got to and, if it failed, why and what to do.
   *
   * @param stage the furthest stage reached
   * @param stages stage history, in order
   * @param category failure category (stable id, see conventions), null when healthy
   * @param cause the category's cause
   * @param resolution what to do
   * @param symptom {@code task_never_starts}, {@code stops_immediately}, {@code
   *     runs_without_results}, {@code stuck_in_running}, or null
   * @param evidence the first error event and the last lines of each service involved (bounded)
   */
  public record Diagnosis(
      String stage,
      List<StageAt> stages,
      String category,
      String cause,
      String resolution,
      String symptom,
      List<EventRef> evidence) {
    public Diagnosis {
      stages = stages == null ? List.of() : List.copyOf(stages);
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
  }

  /** When a stage was reached, epoch ms of the evidence event. */
  public record StageAt(String stage, long at) {}

  /**
   * What AWS and the submission say about a timeline: the identifiers an engineer needs to open the
   * right console page or resubmit. Bounded, and the same whatever order the events came in.
   *
   * @param account the AWS account of the events, ARNs and EventBridge events (the smallest, when
   *     several)
   * @param region the AWS region of the ARNs and EventBridge events (the smallest, when several);
   *     null when no event said it
   * @param logGroups the log groups the timeline's events came from, sorted, at most {@value
   *     #MAX_LOG_GROUPS}
   * @param ecsTasks the ECS tasks named by the timeline's events, by task id, at most {@value
   *     #MAX_TASKS}
   * @param results where the job's results were written (S3 "Object Created" events, and S3 paths
   *     naming the job in its lines), by location, at most {@value #MAX_RESULTS}
   * @param submission the strategy, pairs, timeframe and range the earliest event naming them gave,
   *     or null
   */
  public record Context(
      String account,
      String region,
      List<String> logGroups,
      List<EcsTask> ecsTasks,
      List<S3Result> results,
      Submission submission) {
    public static final int MAX_LOG_GROUPS = 16;
    public static final int MAX_TASKS = 4;
    public static final int MAX_RESULTS = 4;
    public static final Context EMPTY =
        new Context(null, null, List.of(), List.of(), List.of(), null);

    public Context {
      logGroups = logGroups == null ? List.of() : List.copyOf(logGroups);
      ecsTasks = ecsTasks == null ? List.of() : List.copyOf(ecsTasks);
      results = results == null ? List.of() : List.copyOf(results);
    }
  }

  /**
   * One ECS task of a timeline.
   *
   * @param taskArn the task's ARN, when an event named it
   * @param taskId the task id (32 hex for Fargate)
   * @param cluster the cluster name, from the ARN
   * @param state the latest "ECS Task State Change" seen (highest detail version, then latest
   *     event), or null when only log lines named the task
   * @param stateAt the event time of that state change, epoch ms
   */
  public record EcsTask(
      String taskArn, String taskId, String cluster, Facts.EcsTaskFacts state, Long stateAt) {}

  /**
   * A result object.
   *
   * @param location {@code s3://<bucket>/<key>}
   * @param size bytes, when an S3 event reported it
   * @param writtenAt event time of the earliest event naming it, epoch ms
   */
  public record S3Result(String location, Long size, long writtenAt) {}

  /**
   * What the submission asked for.
   *
   * @param strategy the strategy name
   * @param pairs the trading pairs
   * @param timeframe candle timeframe such as {@code 1h}
   * @param timerange the backtest range such as {@code 20240101-20240630}
   * @param at the time of the event that named them, epoch ms (the earliest wins)
   */
  public record Submission(
      String strategy, List<String> pairs, String timeframe, String timerange, long at) {
    public Submission {
      pairs = pairs == null ? List.of() : List.copyOf(pairs);
    }
  }
}

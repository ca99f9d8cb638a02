package dev.correlate.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Correlate knows of one timeline (a request's correlation id, or a backtest job), bounded in size
 * whatever the number of events: counts, times, related ids, the first error, status and diagnosis — never the
 * event list. Streams emits a new revision when it changes; the timelines index keeps the highest revision.
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
 * @param status job: {@code running}, {@code completed}, {@code failed}, {@code stuck}; request: {@code ok},
 *     {@code error}
 * @param closed whether the timeline went inactive and was closed; a late event reopens it
 * @param lastActivityAt wall-clock time of the latest event's arrival, epoch ms (drives stuck and closing)
 * @param updatedAt wall-clock time this revision was made, epoch ms
 * @param warnings imperfect data kept and annotated: {@code late_event}, {@code clock_skew},
 *     {@code unlinked_task}, {@code truncated_related_ids}
 * @param diagnosis stage, stage history and failure; for requests only the failure, if any
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
    Diagnosis diagnosis) {

  public TimelineSummary {
    Objects.requireNonNull(timelineId, "timelineId");
    levelCounts = levelCounts == null ? Map.of() : Map.copyOf(levelCounts);
    services = services == null ? Map.of() : Map.copyOf(services);
    correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
    jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    lambdaRequestIds = lambdaRequestIds == null ? List.of() : List.copyOf(lambdaRequestIds);
    ecsTaskIds = ecsTaskIds == null ? List.of() : List.copyOf(ecsTaskIds);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** One service's part in a timeline. */
  public record ServiceSpan(long firstAt, long lastAt, long count) {}

  /**
   * A reference to one event, carried in summaries as evidence (message bounded in length).
   */
  public record EventRef(String eventId, long timestamp, String service, String logGroup, String logStream,
                         String level, String message, String exceptionType) {}

  /**
   * Where a job got to and, if it failed, why and what to do.
   *
   * @param stage the furthest stage reached
   * @param stages stage history, in order
   * @param category failure category (stable id, see conventions), null when healthy
   * @param cause the category's cause
   * @param resolution what to do
   * @param symptom {@code task_never_starts}, {@code stops_immediately}, {@code runs_without_results},
   *     {@code stuck_in_running}, or null
   * @param evidence the first error event and the last lines of each service involved (bounded)
   */
  public record Diagnosis(String stage, List<StageAt> stages, String category, String cause, String resolution,
                          String symptom, List<EventRef> evidence) {
    public Diagnosis {
      stages = stages == null ? List.of() : List.copyOf(stages);
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
  }

  /** When a stage was reached, epoch ms of the evidence event. */
  public record StageAt(String stage, long at) {}
}

package dev.correlate.streams;

import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Alias keys: the Lambda invocation ({@code req:<request id>}) or ECS task ({@code task:<task id>})
 * of an event. A task's alias is the raw key ingest gives the task's own streams ({@link
 * RawLogEvent#rawKey()}), so a line whose raw key is its alias is stitched where it arrives.
 */
final class Aliases {
  static final String REQUEST = "req:";
  static final String TASK = RawLogEvent.TASK_KEY;

  private Aliases() {}

  /**
   * The alias an event's ids can be learnt from: its Lambda request id, else — for a one-off ECS
   * task's stream, and for an EventBridge "ECS Task State Change" — its task. Long-running ECS
   * services are not aliased: one service task serves every request. A task state change thereby
   * belongs to the timelines its task is linked to, exactly as the task's own lines do, and links
   * the task itself when it names ids.
   */
  static Optional<String> of(LogEvent event) {
    if (event.lambdaRequestId() != null && !event.lambdaRequestId().isBlank()) {
      return Optional.of(REQUEST + event.lambdaRequestId());
    }
    boolean task = event.sourceKind() == SourceKind.ECS_TASK || event.facts().ecsTask() != null;
    if (task && event.ecsTaskId() != null && !event.ecsTaskId().isBlank()) {
      return Optional.of(TASK + event.ecsTaskId());
    }
    return Optional.empty();
  }

  /**
   * The task id of an ECS task ARN ({@code arn:aws:ecs:<region>:<account>:task/<cluster>/<task
   * id>}).
   */
  static Optional<String> taskIdOfArn(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    int slash = arn.lastIndexOf('/');
    String id = slash < 0 ? "" : arn.substring(slash + 1).trim();
    return id.isEmpty() || !arn.contains(":task/") ? Optional.empty() : Optional.of(id);
  }

  /** How an event that got ids through {@code alias} was linked. */
  static Link.Via viaOf(String alias) {
    return alias.startsWith(REQUEST) ? Link.Via.LAMBDA_INVOCATION : Link.Via.ECS_TASK;
  }

  /** The timelines ({@code correlation:…}, {@code job:…}) an event with these ids belongs to. */
  static List<String> timelines(List<String> correlationIds, List<String> jobIds) {
    Set<String> out = new LinkedHashSet<>();
    for (String c : correlationIds) {
      valid(TimelineId.Kind.CORRELATION, c).ifPresent(out::add);
    }
    for (String j : jobIds) {
      valid(TimelineId.Kind.JOB, j).ifPresent(out::add);
    }
    return new ArrayList<>(out);
  }

  private static Optional<String> valid(TimelineId.Kind kind, String id) {
    return TimelineId.isValidId(id)
        ? Optional.of(new TimelineId(kind, id).toString())
        : Optional.empty();
  }
}

package dev.correlate.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.model.Facts.EcsContainer;
import dev.correlate.core.model.Facts.EcsTaskFacts;
import dev.correlate.core.model.Facts.ErrorFacts;
import dev.correlate.core.model.Facts.S3ObjectFacts;
import dev.correlate.core.model.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge events as a rule whose target is a log group writes them: each log event's message is
 * one event's JSON ({@code version, id, detail-type, source, account, time, region, resources,
 * detail}). Two shapes become typed facts, whatever log group or intake they came by:
 *
 * <ul>
 *   <li>{@code aws.ecs} "ECS Task State Change": the task's ARN, cluster, group, statuses, stop
 *       code and reason, each container's exit code and reason, cpu, memory, startedBy, times and
 *       the detail version; ids from the container overrides' environment and from {@code
 *       startedBy} (rules {@code aws_events});
 *   <li>{@code aws.s3} "Object Created": bucket, key, size, ETag and reason; the key may name a job
 *       id.
 * </ul>
 *
 * Both get a readable message (the JSON stays in the flattened fields), the event's own time,
 * region and account, and a level: ERROR for a task that failed to start or whose container exited
 * non-zero, WARN for a task stopped from outside (a user, the scheduler, a Spot interruption), else
 * INFO. Other EventBridge events keep their line as the message, like any JSON line without a
 * message key.
 */
final class EventBridgeLines {
  static final String ECS_TASK_STATE_CHANGE = "ECS Task State Change";
  static final String OBJECT_CREATED = "Object Created";

  /**
   * Reasons and messages are cut to this many characters: AWS's can run long, and summaries keep
   * them.
   */
  static final int MAX_REASON = 1000;

  private static final int MAX_CONTAINERS = 16;

  /** Stop codes of a task stopped from outside, not by its own failure. */
  private static final Set<String> STOPPED_FROM_OUTSIDE =
      Set.of("UserInitiated", "ServiceSchedulerInitiated", "SpotInterruption", "TerminationNotice");

  private static final Set<String> STOPPING_STATUSES =
      Set.of("DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED");

  /** The error type AWS puts in front of a reason: {@code CannotPullContainerError: …}. */
  private static final Pattern REASON_TYPE =
      Pattern.compile("([A-Z][A-Za-z]{2,80}(?:Error|Exception)):");

  private final ParserRules.AwsEvents rules;
  private final Ids ids;

  EventBridgeLines(ParserRules rules, Ids ids) {
    this.rules = rules.awsEvents();
    this.ids = ids;
  }

  /**
   * Whether a JSON line is an EventBridge event: a text {@code detail-type} and {@code source}, an
   * object detail.
   */
  static boolean isEvent(JsonNode node) {
    return node.path("detail-type").isTextual()
        && node.path("source").isTextual()
        && node.path("detail").isObject();
  }

  /** Reads the envelope and, for the shapes it knows, the typed facts, ids, message and level. */
  void read(JsonNode node, String line, Draft d) {
    d.messageTimestamp = Timestamps.fromNode(node.get("time"));
    d.region = text(node, "region");
    d.account = text(node, "account");
    String type = node.get("detail-type").asText();
    String source = node.get("source").asText();
    JsonNode detail = node.get("detail");
    if (ECS_TASK_STATE_CHANGE.equals(type) && "aws.ecs".equals(source)) {
      ecsTask(detail, d);
    } else if (OBJECT_CREATED.equals(type) && "aws.s3".equals(source)) {
      s3Object(detail, d);
    } else {
      d.message = line;
    }
  }

  private void ecsTask(JsonNode detail, Draft d) {
    List<EcsContainer> containers = new ArrayList<>();
    for (JsonNode c : detail.path("containers")) {
      if (containers.size() >= MAX_CONTAINERS) {
        break;
      }
      JsonNode exit = c.get("exitCode");
      containers.add(
          new EcsContainer(
              text(c, "name"),
              exit != null && exit.canConvertToInt() ? exit.asInt() : null,
              reason(text(c, "reason")),
              text(c, "lastStatus")));
    }
    EcsTaskFacts task =
        new EcsTaskFacts(
            text(detail, "taskArn"),
            text(detail, "clusterArn"),
            text(detail, "group"),
            text(detail, "lastStatus"),
            text(detail, "desiredStatus"),
            text(detail, "stopCode"),
            reason(text(detail, "stoppedReason")),
            containers,
            text(detail, "cpu"),
            text(detail, "memory"),
            text(detail, "startedBy"),
            Timestamps.fromNode(detail.get("createdAt")),
            Timestamps.fromNode(detail.get("startedAt")),
            Timestamps.fromNode(detail.get("stoppedAt")),
            detail.path("version").canConvertToLong() ? detail.get("version").asLong() : null);
    d.ecsTask = task;
    // a container that exits while the task runs (an init container) does not end the run
    d.exitCode = stopping(task) ? task.exitCode() : null;
    if (task.taskArn() != null) {
      int slash = task.taskArn().lastIndexOf('/');
      d.ecsTaskId = slash < 0 ? null : task.taskArn().substring(slash + 1);
    }
    for (JsonNode override : detail.path("overrides").path("containerOverrides")) {
      for (JsonNode variable : override.path("environment")) {
        String name = text(variable, "name");
        String value = text(variable, "value");
        if (name != null && value != null) {
          if (rules.jobIdEnv().contains(name)) {
            ids.job(value.trim(), d);
          } else if (rules.correlationIdEnv().contains(name)) {
            ids.correlation(value.trim(), d);
          }
        }
      }
    }
    if (task.startedBy() != null) {
      Matcher m = rules.startedByJob().matcher(task.startedBy());
      if (m.find()) {
        ids.job(m.group("job"), d);
      }
    }
    d.level = level(task);
    d.error = error(task);
    d.message = message(task, d.ecsTaskId);
  }

  private void s3Object(JsonNode detail, Draft d) {
    JsonNode object = detail.path("object");
    String bucket = text(detail.path("bucket"), "name");
    String key = text(object, "key");
    if (bucket == null || key == null) {
      d.message = "S3 object created (no bucket or key in the event)";
      return;
    }
    S3ObjectFacts created =
        new S3ObjectFacts(
            bucket,
            key,
            object.path("size").canConvertToLong() ? object.get("size").asLong() : null,
            text(object, "etag"),
            text(detail, "reason"));
    d.s3Object = created;
    d.s3Path(created.location());
    Matcher m = rules.s3KeyJob().matcher(key);
    if (m.find()) {
      ids.job(m.group("job"), d);
    }
    d.level = Level.INFO;
    d.message =
        "S3 object created: "
            + created.location()
            + (created.size() == null
                ? ""
                : " ("
                    + created.size()
                    + " bytes"
                    + (created.reason() == null ? ")" : ", " + created.reason() + ")"));
  }

  /** Whether the task is on its way out: desired STOPPED, or past RUNNING. */
  static boolean stopping(EcsTaskFacts task) {
    return "STOPPED".equals(task.desiredStatus())
        || task.lastStatus() != null && STOPPING_STATUSES.contains(task.lastStatus());
  }

  /**
   * ERROR when the task failed to start or a container exited non-zero; WARN when stopped from
   * outside.
   */
  private static Level level(EcsTaskFacts task) {
    if (task.stopCode() != null && STOPPED_FROM_OUTSIDE.contains(task.stopCode())) {
      return Level.WARN;
    }
    Integer exit = stopping(task) ? task.exitCode() : null;
    boolean failed = "TaskFailedToStart".equals(task.stopCode()) || exit != null && exit != 0;
    return failed ? Level.ERROR : Level.INFO;
  }

  /** The AWS error named by a failing container's reason, else by the stopped reason, else none. */
  private static ErrorFacts error(EcsTaskFacts task) {
    for (EcsContainer c : task.containers()) {
      ErrorFacts fromContainer = errorIn(c.reason());
      if (fromContainer != null) {
        return fromContainer;
      }
    }
    return errorIn(task.stoppedReason());
  }

  private static ErrorFacts errorIn(String reason) {
    if (reason == null) {
      return null;
    }
    Matcher m = REASON_TYPE.matcher(reason);
    return m.lookingAt()
        ? new ErrorFacts(m.group(1), reason.substring(m.end()).trim(), null, false)
        : null;
  }

  /**
   * {@code ECS task <id> STOPPED (desired STOPPED): TaskFailedToStart - CannotPullContainerError:
   * …; container strategy exit code 137: OutOfMemoryError: …}: the facts an engineer reads first,
   * in AWS's words.
   */
  private static String message(EcsTaskFacts task, String taskId) {
    StringBuilder b =
        new StringBuilder("ECS task ").append(taskId == null ? "(no task ARN)" : taskId);
    b.append(' ').append(task.lastStatus() == null ? "state change" : task.lastStatus());
    if (task.desiredStatus() != null && !task.desiredStatus().equals(task.lastStatus())) {
      b.append(" (desired ").append(task.desiredStatus()).append(')');
    }
    if (task.stopCode() != null || task.stoppedReason() != null) {
      b.append(':');
      if (task.stopCode() != null) {
        b.append(' ').append(task.stopCode());
      }
      if (task.stoppedReason() != null) {
        b.append(task.stopCode() == null ? " " : " - ").append(task.stoppedReason());
      }
    }
    for (EcsContainer c : task.containers()) {
      if (c.exitCode() != null || c.reason() != null) {
        b.append("; container ").append(c.name());
        if (c.exitCode() != null) {
          b.append(" exit code ").append(c.exitCode());
        }
        if (c.reason() != null) {
          b.append(": ").append(c.reason());
        }
      }
    }
    return b.toString();
  }

  private static String reason(String text) {
    return text == null ? null : ParseText.cut(text.strip(), MAX_REASON);
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isValueNode() || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.isBlank() ? null : ParseText.cut(s, MAX_REASON);
  }
}

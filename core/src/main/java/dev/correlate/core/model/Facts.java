package dev.correlate.core.model;

import java.util.List;

/**
 * Typed facts recognized in a log line. Every part is null when the line says nothing of it.
 *
 * @param lambda a Lambda platform record (START, END, REPORT, INIT_REPORT, timeout)
 * @param http an HTTP request or response line
 * @param error an error: exception type and message, and the group of events a multi-line error
 *     spans
 * @param s3Paths S3 URIs mentioned (backtest results)
 * @param statusUpdate a job status written by the runner or backend ({@code COMPLETED}, {@code
 *     FAILED} …)
 * @param exitCode a container or process exit code mentioned; for an ECS task state change, the
 *     exit code of the container that ended the task (see {@link EcsTaskFacts#exitCode()})
 * @param ecsTask the task an EventBridge "ECS Task State Change" event reports
 * @param s3Object the object an EventBridge S3 "Object Created" event reports
 */
public record Facts(
    LambdaFacts lambda,
    HttpFacts http,
    ErrorFacts error,
    List<String> s3Paths,
    String statusUpdate,
    Integer exitCode,
    EcsTaskFacts ecsTask,
    S3ObjectFacts s3Object) {
  public static final Facts NONE = new Facts(null, null, null, List.of(), null, null, null, null);

  public Facts {
    s3Paths = s3Paths == null ? List.of() : List.copyOf(s3Paths);
  }

  /** These facts with {@code error} in place of the error. */
  public Facts withError(ErrorFacts error) {
    return new Facts(lambda, http, error, s3Paths, statusUpdate, exitCode, ecsTask, s3Object);
  }

  /**
   * A Lambda platform record.
   *
   * @param type START, END, REPORT, INIT_REPORT or TIMEOUT
   * @param status {@code success}, {@code timeout}, {@code error} …, from REPORT or platform.report
   * @param errorType for example {@code Runtime.OutOfMemory}
   * @param timeoutSeconds from "Task timed out after N seconds"
   */
  public record LambdaFacts(
      String type,
      String requestId,
      Double durationMs,
      Double billedDurationMs,
      Integer memorySizeMb,
      Integer maxMemoryUsedMb,
      Double initDurationMs,
      String status,
      String errorType,
      Double timeoutSeconds,
      String version) {}

  /** An HTTP exchange mentioned in a line. */
  public record HttpFacts(String method, String path, Integer status, Double latencyMs) {}

  /**
   * An error.
   *
   * @param type exception type, for example {@code MemoryError} or {@code
   *     java.net.ConnectException}
   * @param message the exception's message
   * @param groupId shared by every event of one multi-line error (the first event's id)
   * @param continuation whether this event continues an error begun by an earlier event
   */
  public record ErrorFacts(String type, String message, String groupId, boolean continuation) {}

  /**
   * An ECS task as an EventBridge "ECS Task State Change" event reports it: the task's whole state
   * at the time of the change. A task emits several (PROVISIONING, PENDING, RUNNING,
   * DEPROVISIONING, STOPPED …) in any order and sometimes twice; {@code version} (the event
   * detail's version, incremented on every change) tells which is the latest.
   *
   * @param taskArn {@code arn:aws:ecs:<region>:<account>:task/<cluster>/<task id>}
   * @param clusterArn the cluster's ARN
   * @param group {@code family:<task definition family>} for a task started by RunTask, {@code
   *     service:<name>} for a service's task
   * @param lastStatus PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING,
   *     DEPROVISIONING, STOPPED
   * @param desiredStatus RUNNING or STOPPED
   * @param stopCode EssentialContainerExited, TaskFailedToStart, UserInitiated,
   *     ServiceSchedulerInitiated, SpotInterruption, TerminationNotice …, once the task is stopping
   * @param stoppedReason AWS's words, for example {@code CannotPullContainerError: …}
   * @param containers each container's name, exit code, reason and status
   * @param cpu task CPU units, as ECS writes them (a string such as {@code "1024"})
   * @param memory task memory in MiB, as ECS writes it (a string such as {@code "2048"})
   * @param startedBy who started it ({@code ecs-svc/…} for a service, else the RunTask caller's
   *     tag)
   * @param createdAt epoch ms
   * @param startedAt epoch ms, once its containers started
   * @param stoppedAt epoch ms, once stopped
   * @param version the detail's version: higher is later
   */
  public record EcsTaskFacts(
      String taskArn,
      String clusterArn,
      String group,
      String lastStatus,
      String desiredStatus,
      String stopCode,
      String stoppedReason,
      List<EcsContainer> containers,
      String cpu,
      String memory,
      String startedBy,
      Long createdAt,
      Long startedAt,
      Long stoppedAt,
      Long version) {
    public EcsTaskFacts {
      containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /**
     * The exit code that ended the task: a non-zero code of a container ECS gives a reason for (an
     * OOM kill), else the first non-zero code, else 0 when a container reports 0, else null (no
     * container reports a code: none ran). Containers stopped because another one exited (sidecars)
     * report codes too, hence the order.
     */
    public Integer exitCode() {
      Integer first = null;
      for (EcsContainer c : containers) {
        if (c.exitCode() == null) {
          continue;
        }
        if (c.exitCode() != 0 && c.reason() != null && !c.reason().isBlank()) {
          return c.exitCode();
        }
        if (first == null || first == 0 && c.exitCode() != 0) {
          first = c.exitCode();
        }
      }
      return first;
    }
  }

  /** One container of an ECS task state change. */
  public record EcsContainer(String name, Integer exitCode, String reason, String lastStatus) {}

  /**
   * An object an EventBridge S3 "Object Created" event reports.
   *
   * @param bucket the bucket name
   * @param key the object key, as the event gives it
   * @param size bytes
   * @param etag the object's ETag
   * @param reason the API call that created it: PutObject, CompleteMultipartUpload, CopyObject …
   */
  public record S3ObjectFacts(String bucket, String key, Long size, String etag, String reason) {
    /** {@code s3://<bucket>/<key>}. */
    public String location() {
      return "s3://" + bucket + "/" + key;
    }
  }
}

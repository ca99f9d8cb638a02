package dev.correlate.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulator knows about a line it writes: the ids the line names itself, where it was
 * written (Lambda invocation, ECS task stream), which task it names, whether it is an error, and
 * how late its batch is delivered. The ground truth is computed from these with conventions.md's
 * timeline rules, never guessed.
 *
 * @param correlationIds correlation ids written in the line
 * @param jobIds job ids written in the line (including a bare {@code bt-…} token, for example in an
 *     S3 path)
 * @param invocation the Lambda request id of the invocation that wrote it
 * @param task the ECS task whose ids it gets: the one whose strategy-task stream it was written in,
 *     or the one an EventBridge task state change is about
 * @param namedTask the ECS task id the line names (by ARN)
 * @param error whether it counts as an error: ERROR level, a Lambda failure record, a 5xx response
 * @param deliveryDelayMs extra delivery delay of the batch carrying it
 */
record Tags(
    List<String> correlationIds,
    List<String> jobIds,
    String invocation,
    String task,
    String namedTask,
    boolean error,
    long deliveryDelayMs) {
  static final Tags NONE = new Tags(List.of(), List.of(), null, null, null, false, 0);

  /** A line naming {@code correlationId} and {@code jobId}; either may be null. */
  static Tags names(String correlationId, String jobId) {
    return new Tags(listOf(correlationId), listOf(jobId), null, null, null, false, 0);
  }

  Tags inInvocation(String requestId) {
    return new Tags(correlationIds, jobIds, requestId, task, namedTask, error, deliveryDelayMs);
  }

  Tags inTask(String taskId) {
    return new Tags(correlationIds, jobIds, invocation, taskId, namedTask, error, deliveryDelayMs);
  }

  Tags namingTask(String taskId) {
    return new Tags(correlationIds, jobIds, invocation, task, taskId, error, deliveryDelayMs);
  }

  Tags error(boolean isError) {
    return new Tags(correlationIds, jobIds, invocation, task, namedTask, isError, deliveryDelayMs);
  }

  Tags delayedBy(long delayMs) {
    return new Tags(correlationIds, jobIds, invocation, task, namedTask, error, delayMs);
  }

  private static List<String> listOf(String id) {
    List<String> ids = new ArrayList<>(1);
    if (id != null) {
      ids.add(id);
    }
    return List.copyOf(ids);
  }
}

package dev.correlate.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch Logs event exactly as it was delivered, with the envelope of the subscription
 * batch it came in. This is the value of every record on the raw topic; its Kafka key is {@link
 * #rawKey()}, so that a log stream's order and its Lambda invocations stay on one partition, and an
 * ECS task's streams (one per container) share it.
 *
 * @param owner account that owns the log group (from the envelope)
 * @param logGroup log group of the batch
 * @param logStream log stream of the batch
 * @param subscriptionFilters names of the filters that matched
 * @param policyLevel {@code ACCOUNT_LEVEL_POLICY} for account-level subscriptions, else null
 * @param extractedFields per-event extracted fields, including the centralization fields
 *     {@code @aws.account}, {@code @aws.region} and {@code @source.log}
 * @param eventId CloudWatch's unique event id (56 decimal digits); the idempotency key everywhere
 *     downstream
 * @param timestamp CloudWatch's event time, epoch milliseconds (authoritative)
 * @param message the raw log line, untrimmed
 * @param receivedAt when Correlate received it, epoch milliseconds
 * @param intake the path it came in by
 * @param firehoseRequestId the Firehose request id, when it came by Firehose
 * @param commonAttributes the Firehose delivery stream's common attributes ({@code
 *     X-Amz-Firehose-Common-Attributes}), for example the deployment context; empty when none
 */
public record RawLogEvent(
    String owner,
    String logGroup,
    String logStream,
    List<String> subscriptionFilters,
    String policyLevel,
    Map<String, String> extractedFields,
    String eventId,
    long timestamp,
    String message,
    long receivedAt,
    Intake intake,
    String firehoseRequestId,
    Map<String, String> commonAttributes) {

  /** How an event reached Correlate. */
  public enum Intake {
    FIREHOSE,
    CLOUDWATCH,
    LAMBDA,
    BACKFILL
  }

  public RawLogEvent {
    Objects.requireNonNull(logGroup, "logGroup");
    Objects.requireNonNull(logStream, "logStream");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(intake, "intake");
    subscriptionFilters =
        subscriptionFilters == null ? List.of() : List.copyOf(subscriptionFilters);
    extractedFields = extractedFields == null ? Map.of() : Map.copyOf(extractedFields);
    commonAttributes = commonAttributes == null ? Map.of() : Map.copyOf(commonAttributes);
  }

  /** The prefix of a raw key that names an ECS task rather than a log stream. */
  public static final String TASK_KEY = "task:";

  /** Log group and log stream: what identifies the stream, whatever the raw key. */
  public String streamKey() {
    return streamKey(logGroup, logStream);
  }

  public static String streamKey(String logGroup, String logStream) {
    return logGroup + "|" + logStream;
  }

  /** The Kafka key on the raw topic ({@link #rawKey(String, String)}). */
  public String rawKey() {
    return rawKey(logGroup, logStream);
  }

  /**
   * The Kafka key on the raw topic, written by ingest (and by whatever stands in for it): {@code
   * task:<task id>} for a stream named as ECS's {@code awslogs} driver names a task's container
   * stream — {@code <prefix>/<container name>/<task id>}, the id 32 lowercase hex digits — so that
   * all containers of a task share one partition, where the stream processor stitches the task's
   * lines; else {@link #streamKey(String, String)}. Either way one stream's lines share a key, so
   * they stay in order and a redelivered event comes on the key it came on first.
   */
  public static String rawKey(String logGroup, String logStream) {
    String task = ecsTaskOfStream(logStream);
    return task == null ? streamKey(logGroup, logStream) : TASK_KEY + task;
  }

  /** The task id of an ECS {@code awslogs} stream name, or null for any other name. */
  private static String ecsTaskOfStream(String stream) {
    int last = stream.lastIndexOf('/');
    if (last < 0 || stream.length() - last - 1 != 32) {
      return null;
    }
    int container = stream.lastIndexOf('/', last - 1);
    if (container < 1 || container == last - 1) {
      return null;
    }
    for (int i = last + 1; i < stream.length(); i++) {
      char c = stream.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return null;
      }
    }
    return stream.substring(last + 1);
  }
}

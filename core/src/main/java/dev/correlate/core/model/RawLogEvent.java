package dev.correlate.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch Logs event exactly as it was delivered, with the envelope of the subscription
 * batch it came in. This is the value of every record on the raw topic; its Kafka key is {@link
 * #streamKey()}, so that a log stream's order, its Lambda invocations and its ECS task stay on one
 * partition.
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

  /** The Kafka key: log group and log stream. */
  public String streamKey() {
    return streamKey(logGroup, logStream);
  }

  public static String streamKey(String logGroup, String logStream) {
    return logGroup + "|" + logStream;
  }
}

package dev.correlate.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudWatch log event after parsing: what it says, who wrote it, and which timelines it belongs
 * to. This is the value on the events topic and, field for field, the document in the events index.
 *
 * <p>Ids found in the line itself are in {@link #correlationIds()} and {@link #jobIds()}; streams
 * adds the ids learnt through stitching (same Lambda invocation, same ECS task) and says how in
 * {@link #link()}.
 *
 * @param eventId CloudWatch event id; document id and dedupe key
 * @param timestamp CloudWatch event time, epoch ms (authoritative for ordering)
 * @param messageTimestamp the time written inside the line, epoch ms, when there is one
 * @param receivedAt when Correlate received it, epoch ms
 * @param logGroup source log group (the origin's, when centralized)
 * @param logStream source log stream
 * @param account AWS account of the origin
 * @param region AWS region of the origin, when known
 * @param service service name derived from the log group
 * @param environment environment derived from the log group (dev, staging, prod …)
 * @param sourceKind Lambda, ECS service, ECS task or other
 * @param level normalized level
 * @param logger logger name, when the format has one
 * @param message the message text, trimmed; for JSON lines the message field
 * @param fields structured fields, flattened with dotted keys, bounded in count and size
 * @param correlationIds correlation ids this event belongs to
 * @param jobIds job ids this event belongs to
 * @param lambdaRequestId the Lambda invocation it was written in
 * @param ecsTaskId the ECS task (32 hex) whose stream it came from
 * @param ecsTaskArns ECS task ARNs the line mentions
 * @param xrayTraceId the X-Ray trace id, when present
 * @param facts typed facts recognized in the line
 * @param link how the event was tied to its timelines; null before stitching
 */
public record LogEvent(
    String eventId,
    long timestamp,
    Long messageTimestamp,
    long receivedAt,
    String logGroup,
    String logStream,
    String account,
    String region,
    String service,
    String environment,
    SourceKind sourceKind,
    Level level,
    String logger,
    String message,
    Map<String, String> fields,
    List<String> correlationIds,
    List<String> jobIds,
    String lambdaRequestId,
    String ecsTaskId,
    List<String> ecsTaskArns,
    String xrayTraceId,
    Facts facts,
    Link link) {

  public LogEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(logGroup, "logGroup");
    Objects.requireNonNull(logStream, "logStream");
    Objects.requireNonNull(message, "message");
    sourceKind = sourceKind == null ? SourceKind.OTHER : sourceKind;
    level = level == null ? Level.INFO : level;
    fields = fields == null ? Map.of() : Map.copyOf(fields);
    correlationIds = correlationIds == null ? List.of() : List.copyOf(correlationIds);
    jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    ecsTaskArns = ecsTaskArns == null ? List.of() : List.copyOf(ecsTaskArns);
    facts = facts == null ? Facts.NONE : facts;
  }

  /** Whether the line itself names a correlation or job id. */
  public boolean namesAnId() {
    return !correlationIds.isEmpty() || !jobIds.isEmpty();
  }

  /** This event with the stitched ids and how they were found. */
  public LogEvent withLink(List<String> correlationIds, List<String> jobIds, Link link) {
    return new LogEvent(
        eventId,
        timestamp,
        messageTimestamp,
        receivedAt,
        logGroup,
        logStream,
        account,
        region,
        service,
        environment,
        sourceKind,
        level,
        logger,
        message,
        fields,
        correlationIds,
        jobIds,
        lambdaRequestId,
        ecsTaskId,
        ecsTaskArns,
        xrayTraceId,
        facts,
        link);
  }

  /**
   * This event with {@code facts} and {@code level} (multi-line errors are joined after parsing).
   */
  public LogEvent withFacts(Facts facts, Level level) {
    return new LogEvent(
        eventId,
        timestamp,
        messageTimestamp,
        receivedAt,
        logGroup,
        logStream,
        account,
        region,
        service,
        environment,
        sourceKind,
        level,
        logger,
        message,
        fields,
        correlationIds,
        jobIds,
        lambdaRequestId,
        ecsTaskId,
        ecsTaskArns,
        xrayTraceId,
        facts,
        link);
  }

  /** This event with a Lambda request id assigned by position in its stream. */
  public LogEvent withLambdaRequestId(String requestId) {
    return new LogEvent(
        eventId,
        timestamp,
        messageTimestamp,
        receivedAt,
        logGroup,
        logStream,
        account,
        region,
        service,
        environment,
        sourceKind,
        level,
        logger,
        message,
        fields,
        correlationIds,
        jobIds,
        requestId,
        ecsTaskId,
        ecsTaskArns,
        xrayTraceId,
        facts,
        link);
  }
}

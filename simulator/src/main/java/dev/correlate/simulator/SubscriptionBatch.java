package dev.correlate.simulator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * The decoded payload of one CloudWatch Logs subscription delivery: one log group, one log stream,
 * its events (ingest.md §1.1). Serialized with these exact camelCase names.
 *
 * @param messageType {@code DATA_MESSAGE} or {@code CONTROL_MESSAGE}
 * @param owner the 12-digit account owning the log group; {@code CloudwatchLogs} in control
 *     messages
 */
public record SubscriptionBatch(
    String messageType,
    String owner,
    String logGroup,
    String logStream,
    List<String> subscriptionFilters,
    List<CloudWatchEvent> logEvents) {
  /** The subscription filter name the simulated estate uses. */
  public static final String FILTER_NAME = "tradai-to-correlate";

  public SubscriptionBatch {
    Objects.requireNonNull(messageType, "messageType");
    subscriptionFilters = List.copyOf(subscriptionFilters);
    logEvents = List.copyOf(logEvents);
  }

  /** A data message for {@code logGroup}/{@code logStream}. */
  public static SubscriptionBatch data(
      String owner, String logGroup, String logStream, List<CloudWatchEvent> events) {
    return new SubscriptionBatch(
        "DATA_MESSAGE", owner, logGroup, logStream, List.of(FILTER_NAME), events);
  }

  /**
   * The health probe CloudWatch sends to a Firehose destination: no log group, no stream, an empty
   * event id.
   */
  public static SubscriptionBatch control(long timestamp) {
    return new SubscriptionBatch(
        "CONTROL_MESSAGE",
        "CloudwatchLogs",
        "",
        "",
        List.of(),
        List.of(
            new CloudWatchEvent(
                "", timestamp, "CWL CONTROL MESSAGE: Checking health of destination Firehose.")));
  }

  @JsonIgnore
  public boolean isControl() {
    return "CONTROL_MESSAGE".equals(messageType);
  }
}

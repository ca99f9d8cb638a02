package dev.correlate.simulator;

import java.util.Objects;

/**
 * One CloudWatch Logs event as a subscription batch carries it ({@code logEvents[]}).
 *
 * @param id CloudWatch's event id: 56 decimal digits (empty only in control messages)
 * @param timestamp event time, epoch milliseconds
 * @param message the raw log line, trailing newline included where the source writes one
 */
public record CloudWatchEvent(String id, long timestamp, String message) {
  public CloudWatchEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(message, "message");
  }
}

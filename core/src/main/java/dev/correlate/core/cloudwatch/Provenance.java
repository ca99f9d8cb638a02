package dev.correlate.core.cloudwatch;

import dev.correlate.core.model.RawLogEvent;
import java.util.Map;
import java.util.Objects;

/**
 * How and when a payload reached Correlate; copied onto every event decoded from it.
 *
 * @param intake the path it came in by
 * @param firehoseRequestId the Firehose request id (only for {@link RawLogEvent.Intake#FIREHOSE}),
 *     else null
 * @param receivedAt epoch milliseconds of receipt
 * @param commonAttributes Firehose common attributes of the delivery stream, empty when none
 */
public record Provenance(
    RawLogEvent.Intake intake,
    String firehoseRequestId,
    long receivedAt,
    Map<String, String> commonAttributes) {
  public Provenance {
    Objects.requireNonNull(intake, "intake");
    commonAttributes = commonAttributes == null ? Map.of() : Map.copyOf(commonAttributes);
  }

  public static Provenance of(RawLogEvent.Intake intake, long receivedAt) {
    return new Provenance(intake, null, receivedAt, Map.of());
  }
}

package dev.correlate.simulator;

import dev.correlate.core.cloudwatch.DecodeResult;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.model.RawLogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JSON body Amazon Data Firehose posts to an HTTP endpoint (ingest.md §2.1). Each record's
 * {@code data} is base64(gzip(subscription JSON)). A re-sent request is the same body with the same
 * {@code requestId}.
 *
 * @param requestId Firehose's request id, kept across retries
 * @param timestamp when Firehose sent it, epoch milliseconds
 * @param records the subscription records, one log group and stream each
 */
public record FirehoseRequest(String requestId, long timestamp, List<Record> records) {
  public FirehoseRequest {
    Objects.requireNonNull(requestId, "requestId");
    records = List.copyOf(records);
  }

  private static final SubscriptionDecoder DECODER =
      new SubscriptionDecoder(SubscriptionDecoder.Limits.defaults());

  /**
   * The log events this request delivers, as ingest's own decoder reads them, received at {@code
   * receivedAt} (epoch ms), in delivery order; control messages deliver none.
   *
   * @throws IllegalStateException if a record does not decode: the simulator writes only decodable
   *     records
   */
  public List<RawLogEvent> events(long receivedAt) {
    List<RawLogEvent> events = new ArrayList<>();
    for (Record record : records) {
      DecodeResult result =
          DECODER.decodeBase64(
              record.data(), Provenance.of(RawLogEvent.Intake.FIREHOSE, receivedAt));
      if (!(result instanceof DecodeResult.Decoded decoded)) {
        throw new IllegalStateException(
            "request " + requestId + " has an undecodable record: " + result);
      }
      events.addAll(decoded.events());
    }
    return events;
  }

  /** One Firehose record. */
  public record Record(String data) {}

  /**
   * The body as one line of JSON (no newline inside): what is posted, and one line of an NDJSON
   * file.
   */
  public String toJson() {
    return FirehoseRequests.json(this);
  }
}

package dev.correlate.testkit.sim;

import java.util.List;
import java.util.Objects;

/**
 * The JSON body Amazon Data Firehose posts to an HTTP endpoint (ingest.md §2.1). Each record's {@code data}
 * is base64(gzip(subscription JSON)). A re-sent request is the same body with the same {@code requestId}.
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

  /** One Firehose record. */
  public record Record(String data) {}

  /** The body as one line of JSON (no newline inside): what is posted, and one line of an NDJSON file. */
  public String toJson() {
    return FirehoseRequests.json(this);
  }
}

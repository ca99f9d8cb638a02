package dev.correlate.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds Amazon Data Firehose HTTP-endpoint bodies carrying CloudWatch Logs subscription batches,
 * exactly as they arrive on the wire: every record is base64(gzip(JSON)), the gzip header
 * CloudWatch writes (mtime 0). For tests that need a request from a handful of lines:
 *
 * <pre>{@code
 * String body = FirehoseRequests.of("/ecs/tradai-backend-dev", "ecs/backend/0123…",
 *     List.of(new CloudWatchEvent(FirehoseRequests.eventId(ts, 1), ts, line))).toJson();
 * }</pre>
 */
public final class FirehoseRequests {
  /** Owner account used when a test does not care. */
  public static final String DEFAULT_OWNER = "123456789012";

  // The subscription and Firehose documents use AWS's camelCase names, not Correlate's snake_case
  // dialect.
  private static final ObjectMapper AWS_JSON = JsonMapper.builder().build();
  private static final byte[] GZIP_HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0
  };
  private static final ThreadLocal<Deflater> DEFLATER =
      ThreadLocal.withInitial(() -> new Deflater(6, true));

  private FirehoseRequests() {}

  /** A request carrying {@code batches}, one record each, in order. */
  public static FirehoseRequest of(
      String requestId, long timestamp, List<SubscriptionBatch> batches) {
    return new FirehoseRequest(
        requestId,
        timestamp,
        batches.stream().map(b -> new FirehoseRequest.Record(encode(b))).toList());
  }

  /**
   * A request with one data record for {@code logGroup}/{@code logStream}, owned by {@link
   * #DEFAULT_OWNER}; its request id is derived from the content (same events, same id) and its
   * timestamp is the last event's.
   */
  public static FirehoseRequest of(
      String logGroup, String logStream, List<CloudWatchEvent> events) {
    SubscriptionBatch batch = SubscriptionBatch.data(DEFAULT_OWNER, logGroup, logStream, events);
    byte[] json = json(batch);
    long timestamp = events.stream().mapToLong(CloudWatchEvent::timestamp).max().orElse(0L);
    return of(UUID.nameUUIDFromBytes(json).toString(), timestamp, List.of(batch));
  }

  /** A well-formed, unique-per-(timestamp, sequence) 56-digit CloudWatch event id. */
  public static String eventId(long timestamp, long sequence) {
    return EventIds.format(timestamp, "0000000000000000", sequence);
  }

  /** base64(gzip(JSON of {@code batch})): one Firehose record's {@code data}. */
  public static String encode(SubscriptionBatch batch) {
    return Base64.getEncoder().encodeToString(gzip(json(batch)));
  }

  static String json(FirehoseRequest request) {
    try {
      return AWS_JSON.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Firehose request always serializes", e);
    }
  }

  private static byte[] json(SubscriptionBatch batch) {
    try {
      return AWS_JSON.writeValueAsBytes(batch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a subscription batch always serializes", e);
    }
  }

  /**
   * Gzip as CloudWatch writes it: level 6, header with mtime 0 and OS 0 ({@code H4sIAAAAAAAAA…} in
   * base64). One reusable deflater per thread: creating one per record dominated the cost of large
   * simulations.
   */
  private static byte[] gzip(byte[] bytes) {
    Deflater deflater = DEFLATER.get();
    deflater.reset();
    deflater.setInput(bytes);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    out.write(GZIP_HEADER, 0, GZIP_HEADER.length);
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    writeIntLittleEndian(out, (int) crc.getValue());
    writeIntLittleEndian(out, bytes.length);
    return out.toByteArray();
  }

  private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
    for (int shift = 0; shift < 32; shift += 8) {
      out.write(value >>> shift);
    }
  }
}

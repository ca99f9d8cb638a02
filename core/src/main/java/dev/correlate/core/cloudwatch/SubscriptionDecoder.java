package dev.correlate.core.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.correlate.core.cloudwatch.DecodeFailure.Reason;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Decodes CloudWatch Logs subscription payloads, whatever path they took: base64 text (Firehose
 * records, the Lambda {@code awslogs.data}) or raw bytes (Kinesis, forwarders); gzip with one or
 * several members, or JSON already inflated by Firehose (told apart by the gzip magic {@code 1f
 * 8b}); one or several concatenated subscription documents. A {@code DATA_MESSAGE} yields one
 * {@link RawLogEvent} per log event; a {@code CONTROL_MESSAGE} is only counted.
 *
 * <p>Never throws on bad input: a payload that cannot be read as a whole is {@link
 * DecodeResult.Rejected} with a stable reason, and nothing of it is emitted (its original bytes are
 * quarantined by the caller). Memory and work are bounded: inflation stops at {@link
 * Limits#maxDecompressedBytes()} per payload and at what is left of its request's {@link
 * Allowance}, so a gzip bomb is rejected, not expanded, and so is a request of many. Thread-safe;
 * an allowance belongs to one thread.
 */
public final class SubscriptionDecoder {
  static final String DATA_MESSAGE = "DATA_MESSAGE";
  static final String CONTROL_MESSAGE = "CONTROL_MESSAGE";

  /**
   * Bounds of the decoder.
   *
   * @param maxDecompressedBytes largest inflated payload accepted (all members, all documents)
   * @param maxEventBytes largest event message accepted, UTF-8 bytes (CloudWatch's limit is 1 MiB)
   * @param maxRequestDecompressedBytes most bytes all payloads of one request may inflate to
   *     together (an {@link Allowance}): one request of many small gzip bombs is refused after this
   *     much work, not after each bomb's own cap
   */
  public record Limits(
      long maxDecompressedBytes, int maxEventBytes, long maxRequestDecompressedBytes) {
    /** CloudWatch's per-event limit since April 2025. */
    public static final int CLOUDWATCH_MAX_EVENT_BYTES = 1_048_576;

    public Limits {
      if (maxDecompressedBytes <= 0) {
        throw new IllegalArgumentException(
            "maxDecompressedBytes must be positive: " + maxDecompressedBytes);
      }
      if (maxEventBytes <= 0) {
        throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
      }
      if (maxRequestDecompressedBytes < maxDecompressedBytes) {
        throw new IllegalArgumentException(
            "maxRequestDecompressedBytes must hold at least one payload of "
                + "maxDecompressedBytes: "
                + maxRequestDecompressedBytes);
      }
    }

    /**
     * 32 MiB inflated per payload (a Firehose record is at most ~1 MB compressed), 1 MiB per event,
     * 512 MiB per request (eight times Firehose's largest body).
     */
    public static Limits defaults() {
      return new Limits(32L << 20, CLOUDWATCH_MAX_EVENT_BYTES, 512L << 20);
    }
  }

  /**
   * What is left of one request's inflation allowance ({@link
   * Limits#maxRequestDecompressedBytes()}), spent by the payloads decoded with it. One per request;
   * not thread-safe.
   */
  public static final class Allowance {
    private final long total;
    private long left;

    private Allowance(long total) {
      this.total = total;
      this.left = total;
    }

    /**
     * Whether nothing is left: every further non-empty payload is refused without being inflated.
     */
    public boolean exhausted() {
      return left <= 0;
    }
  }

  /** The subscription document, in CloudWatch's own camelCase. */
  record Envelope(
      String messageType,
      String owner,
      String logGroup,
      String logStream,
      List<String> subscriptionFilters,
      String policyLevel,
      List<Entry> logEvents) {}

  /**
   * One element of {@code logEvents}; {@code extractedFields} values may be any JSON, kept as text.
   */
  record Entry(String id, Long timestamp, String message, Map<String, JsonNode> extractedFields) {}

  private final Limits limits;
  private final ObjectReader reader;

  public SubscriptionDecoder(Limits limits) {
    this.limits = limits;
    JsonMapper mapper =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(Json.MAX_NESTING_DEPTH)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxDecompressedBytes()))
                .build());
    this.reader = mapper.readerFor(Envelope.class);
  }

  public Limits limits() {
    return limits;
  }

  /** A fresh allowance for the payloads of one request. */
  public Allowance allowance() {
    return new Allowance(limits.maxRequestDecompressedBytes());
  }

  /**
   * Decodes base64 text (a Firehose record's {@code data}, a Lambda event's {@code awslogs.data}).
   */
  public DecodeResult decodeBase64(String base64, Provenance provenance) {
    return decodeBase64(base64, provenance, allowance());
  }

  /** Decodes base64 text, its inflation spent from {@code allowance}. */
  public DecodeResult decodeBase64(String base64, Provenance provenance, Allowance allowance) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return rejected(Reason.BAD_BASE64, e.getMessage());
    }
    return decode(bytes, provenance, allowance);
  }

  /**
   * Decodes raw bytes: gzip (one or more members) or already-inflated JSON. Empty input is an empty
   * result.
   */
  public DecodeResult decode(byte[] payload, Provenance provenance) {
    return decode(payload, provenance, allowance());
  }

  /** Decodes raw bytes, their inflation spent from {@code allowance}. */
  public DecodeResult decode(byte[] payload, Provenance provenance, Allowance allowance) {
    if (payload.length == 0) {
      return new DecodeResult.Decoded(List.of(), 0, List.of());
    }
    if (allowance.exhausted()) {
      return rejected(
          Reason.PAYLOAD_TOO_LARGE,
          "its request already inflated to its limit of " + allowance.total + " bytes");
    }
    boolean gzip =
        payload.length >= 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b;
    long cap = Math.min(limits.maxDecompressedBytes(), allowance.left);
    Bounded in = null;
    try {
      in =
          new Bounded(
              gzip
                  ? new GZIPInputStream(new ByteArrayInputStream(payload), inputBuffer(payload))
                  : new ByteArrayInputStream(payload),
              cap,
              cap < limits.maxDecompressedBytes()
                  ? " (what is left of its request's " + allowance.total + ")"
                  : "");
      return read(in, provenance);
    } catch (IOException e) {
      // Jackson may wrap what the stream raised; the stream's own record says whether inflation
      // failed.
      IOException source = in == null ? e : in.failure();
      if (source instanceof Bounded.Exceeded) {
        return rejected(Reason.PAYLOAD_TOO_LARGE, source.getMessage());
      }
      if (source != null) {
        return rejected(
            Reason.BAD_GZIP, source.getClass().getSimpleName() + ": " + source.getMessage());
      }
      if (e instanceof MismatchedInputException m) {
        return rejected(Reason.WRONG_SHAPE, m.getOriginalMessage());
      }
      String what = gzip ? "" : "not gzip (no 1f 8b) and not JSON: ";
      return rejected(
          Reason.BAD_JSON,
          what
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    } finally {
      if (in != null) {
        allowance.left -= in.count;
      }
      closeQuietly(in);
    }
  }

  /**
   * The inflater's input buffer for {@code payload}: no larger than the payload, which is in memory
   * already. A record's payload is a few kB, and a fixed 16 KiB buffer per record was a quarter of
   * ingest's allocated bytes (docs/performance.md, "s8-gc").
   */
  private static int inputBuffer(byte[] payload) {
    return Math.max(512, Math.min(16 * 1024, payload.length));
  }

  /** Releases the inflater's native memory now rather than at garbage collection. */
  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // in-memory source: nothing to report
      }
    }
  }

  private DecodeResult read(InputStream in, Provenance provenance) throws IOException {
    List<RawLogEvent> events = new ArrayList<>();
    List<RawLogEvent> tooLarge = new ArrayList<>();
    int control = 0;
    int documents = 0;
    try (MappingIterator<Envelope> docs = reader.readValues(in)) {
      while (docs.hasNextValue()) {
        Envelope envelope = docs.nextValue();
        documents++;
        if (envelope == null) {
          return rejected(Reason.WRONG_SHAPE, "document " + documents + " is null");
        }
        if (CONTROL_MESSAGE.equals(envelope.messageType())) {
          control++;
          continue;
        }
        String problem = shapeProblem(envelope);
        if (problem != null) {
          return rejected(Reason.WRONG_SHAPE, "document " + documents + ": " + problem);
        }
        for (Entry entry : envelope.logEvents()) {
          RawLogEvent event = toEvent(envelope, entry, provenance);
          (fits(entry.message()) ? events : tooLarge).add(event);
        }
      }
    }
    if (documents == 0) {
      return rejected(Reason.WRONG_SHAPE, "no subscription document");
    }
    return new DecodeResult.Decoded(events, control, tooLarge);
  }

  private static String shapeProblem(Envelope envelope) {
    if (!DATA_MESSAGE.equals(envelope.messageType())) {
      return "messageType is "
          + envelope.messageType()
          + ", expected DATA_MESSAGE or CONTROL_MESSAGE";
    }
    if (envelope.logGroup() == null || envelope.logStream() == null) {
      return "logGroup or logStream missing";
    }
    if (envelope.logEvents() == null) {
      return "logEvents missing";
    }
    for (int i = 0; i < envelope.logEvents().size(); i++) {
      Entry entry = envelope.logEvents().get(i);
      if (entry == null
          || entry.id() == null
          || entry.id().isEmpty()
          || entry.timestamp() == null
          || entry.message() == null) {
        return "logEvents[" + i + "] lacks id, timestamp or message";
      }
    }
    return null;
  }

  private static RawLogEvent toEvent(Envelope envelope, Entry entry, Provenance provenance) {
    return new RawLogEvent(
        envelope.owner(),
        envelope.logGroup(),
        envelope.logStream(),
        envelope.subscriptionFilters(),
        envelope.policyLevel(),
        extracted(entry.extractedFields()),
        entry.id(),
        entry.timestamp(),
        entry.message(),
        provenance.receivedAt(),
        provenance.intake(),
        provenance.firehoseRequestId(),
        provenance.commonAttributes());
  }

  private static Map<String, String> extracted(Map<String, JsonNode> fields) {
    if (fields == null || fields.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isNull()) {
            out.put(k, v.isTextual() ? v.textValue() : v.toString());
          }
        });
    return out;
  }

  /**
   * True when the message is within the per-event limit, counting UTF-8 bytes only when it could
   * matter.
   */
  private boolean fits(String message) {
    int max = limits.maxEventBytes();
    if ((long) message.length() * 3 <= max) {
      return true;
    }
    return message.length() <= max && utf8Length(message) <= max;
  }

  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static DecodeResult rejected(Reason reason, String detail) {
    return new DecodeResult.Rejected(new DecodeFailure(reason, detail));
  }

  /** Counts what is read and fails once the cap is passed, so inflation never outgrows it. */
  static final class Bounded extends FilterInputStream {
    static final class Exceeded extends IOException {
      Exceeded(long cap, String whose) {
        super("inflates beyond " + cap + " bytes" + whose);
      }
    }

    private final long cap;
    private final String whose;
    private long count;
    private IOException failure;

    Bounded(InputStream in, long cap, String whose) {
      super(in);
      this.cap = cap;
      this.whose = whose;
    }

    @Override
    public int read() throws IOException {
      int b;
      try {
        b = super.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      if (n > 0) {
        count(n);
      }
      return n;
    }

    /** What the underlying stream (the inflater) or the cap raised, if anything. */
    IOException failure() {
      return failure;
    }

    private void count(int n) throws Exceeded {
      count += n;
      if (count > cap) {
        Exceeded e = new Exceeded(cap, whose);
        failure = e;
        throw e;
      }
    }
  }
}

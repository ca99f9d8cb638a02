package dev.correlate.core.topics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The headers of dead-letter records, written in one place by every stage. The value of a
 * dead-letter record is the original bytes, untouched; these headers say where and why it was
 * quarantined. Core has no Kafka, so they are built as name and bytes pairs; each side turns them
 * into its Kafka headers.
 */
public final class DeadLetterHeaders {
  /** The stage that quarantined it: {@code ingest}, {@code streams} or {@code indexer}. */
  public static final String STAGE = "correlate.stage";

  /**
   * A stable reason code, for example {@code bad_base64}, {@code bad_gzip}, {@code
   * event_too_large}.
   */
  public static final String REASON = "correlate.reason";

  /** Human-readable detail of the reason, at most {@link #MAX_DETAIL_CHARS} characters. */
  public static final String DETAIL = "correlate.detail";

  /** The Firehose request id or other request id the input came with. */
  public static final String REQUEST_ID = "correlate.request-id";

  /** Epoch milliseconds when it was quarantined. */
  public static final String AT = "correlate.at";

  /** Every header written here: a record quarantined again has its earlier ones replaced. */
  public static final List<String> NAMES = List.of(STAGE, REASON, DETAIL, REQUEST_ID, AT);

  /**
   * Longest detail kept; a longer one is cut, since a header travels with every copy of the record.
   */
  public static final int MAX_DETAIL_CHARS = 4096;

  /**
   * One header.
   *
   * @param name one of {@link #NAMES}
   * @param value UTF-8 text
   */
  public record Header(String name, byte[] value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  private DeadLetterHeaders() {}

  /**
   * The headers of one quarantined record.
   *
   * @param requestId the request the input came with, or null (no header then)
   */
  public static List<Header> of(
      String stage, String reason, String detail, String requestId, long atMs) {
    String d = detail == null ? "" : detail;
    List<Header> headers = new ArrayList<>();
    headers.add(header(STAGE, stage));
    headers.add(header(REASON, reason));
    headers.add(
        header(DETAIL, d.length() > MAX_DETAIL_CHARS ? d.substring(0, MAX_DETAIL_CHARS) : d));
    if (requestId != null) {
      headers.add(header(REQUEST_ID, requestId));
    }
    headers.add(header(AT, Long.toString(atMs)));
    return List.copyOf(headers);
  }

  private static Header header(String name, String value) {
    return new Header(name, value.getBytes(StandardCharsets.UTF_8));
  }
}

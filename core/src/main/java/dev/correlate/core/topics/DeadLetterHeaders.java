package dev.correlate.core.topics;

/**
 * Header names on dead-letter records. The value of a dead-letter record is the original bytes, untouched;
 * these headers say where and why it was quarantined.
 */
public final class DeadLetterHeaders {
  /** The stage that quarantined it: {@code ingest}, {@code streams} or {@code indexer}. */
  public static final String STAGE = "correlate.stage";
  /** A stable reason code, for example {@code bad_base64}, {@code bad_gzip}, {@code event_too_large}. */
  public static final String REASON = "correlate.reason";
  /** Human-readable detail of the reason. */
  public static final String DETAIL = "correlate.detail";
  /** The Firehose request id or other request id the input came with. */
  public static final String REQUEST_ID = "correlate.request-id";
  /** Epoch milliseconds when it was quarantined. */
  public static final String AT = "correlate.at";

  private DeadLetterHeaders() {}
}

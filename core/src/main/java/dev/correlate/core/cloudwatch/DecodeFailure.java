package dev.correlate.core.cloudwatch;

import java.util.Objects;

/**
 * Why a payload (or one event of it) could not be taken in. The {@link Reason#code()} is stable: it
 * is the {@code correlate.reason} header of the dead-letter record and the {@code reason} tag of
 * the quarantine counter.
 *
 * @param reason the stable reason
 * @param detail what exactly was wrong, for an operator
 */
public record DecodeFailure(Reason reason, String detail) {
  /** Stable reasons for quarantining CloudWatch input. */
  public enum Reason {
    /** The transport's base64 text is not valid base64. */
    BAD_BASE64("bad_base64"),
    /** It starts with the gzip magic {@code 1f 8b} but does not inflate (corrupt or truncated). */
    BAD_GZIP("bad_gzip"),
    /** The (inflated) bytes are not JSON. */
    BAD_JSON("bad_json"),
    /** Valid JSON, but not a CloudWatch Logs subscription document. */
    WRONG_SHAPE("wrong_shape"),
    /**
     * It inflates beyond the decompression cap, of one payload or of what is left of its request's
     * (a gzip bomb, or not CloudWatch data).
     */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** One event exceeds CloudWatch's per-event limit or what Kafka accepts. */
    EVENT_TOO_LARGE("event_too_large"),
    /**
     * One event's time is outside the window CloudWatch itself accepts around its receipt (14 days
     * before, 2 hours after): not something CloudWatch delivered as it happened.
     */
    TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public DecodeFailure {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }
}

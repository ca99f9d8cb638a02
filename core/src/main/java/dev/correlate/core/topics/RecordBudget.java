package dev.correlate.core.topics;

import java.util.Arrays;

/**
 * The one size budget of the Kafka records Correlate writes, the same for every producer ({@code
 * max.request.size}) and every topic ({@code max.message.bytes}: the topics the services create,
 * Kafka Streams' repartition and changelog topics, the dead-letter topic). Consumers need no
 * setting of their own: their fetch sizes are soft limits (a batch larger than {@code
 * max.partition.fetch.bytes} is still returned whole).
 *
 * <p>The largest legal CloudWatch event, 1 MiB of UTF-8, is up to 6 MiB as escaped JSON (a control
 * character becomes {@code \u0001}), and a parsed event adds its structured fields and ids: {@link
 * #DEFAULT_MAX_RECORD_BYTES} holds it with room to spare. A dead-letter record always fits: an
 * original too large for the budget is cut ({@link #deadLetter}), so a quarantine can never fail
 * for its size.
 */
public final class RecordBudget {
  /** 8 MiB: {@code CORRELATE_MAX_RECORD_BYTES}' default. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 8 << 20;

  /** The smallest budget accepted: a 1 MiB event as plain JSON, with its envelope. */
  public static final int MIN_MAX_RECORD_BYTES = 2 << 20;

  /** Room kept for a record's key, headers and the batch's own overhead. */
  public static final int HEADROOM = 64 * 1024;

  private RecordBudget() {}

  /**
   * The value and detail of a dead-letter record for {@code original}: unchanged when it fits the
   * budget with room for key and headers, else its first bytes, and the detail says how many of how
   * many were kept.
   *
   * @param value the bytes to write
   * @param detail the reason's detail, with the cut named when there was one
   */
  public record DeadLetter(byte[] value, String detail) {}

  /** See {@link DeadLetter}; {@code original} may be null (a tombstone), and stays so. */
  public static DeadLetter deadLetter(byte[] original, String detail, int maxRecordBytes) {
    int room = maxRecordBytes - 2 * HEADROOM;
    if (original == null || original.length <= room) {
      return new DeadLetter(original, detail);
    }
    return new DeadLetter(
        Arrays.copyOf(original, room),
        detail + " (value truncated to " + room + " of " + original.length + " bytes)");
  }
}

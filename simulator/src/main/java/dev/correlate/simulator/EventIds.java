package dev.correlate.simulator;

/**
 * Hands out CloudWatch-shaped event ids: 56 decimal digits, {@code 3} + the timestamp (15 digits) +
 * a salt derived from the seed (16 digits) + a run-wide sequence (24 digits). Unique within a run
 * by the sequence and across seeds by the salt; deterministic for a seed.
 */
final class EventIds {
  private final String salt;
  private long next;

  EventIds(long seed) {
    long mixed = seed * 0x9E3779B97F4A7C15L ^ 0x5DEECE66DL;
    this.salt = pad(Math.floorMod(mixed, 10_000_000_000_000_000L), 16);
  }

  /** The sequence number the next id will carry; orders events of equal timestamp. */
  long nextSequence() {
    return next;
  }

  String next(long timestamp) {
    return format(timestamp, salt, next++);
  }

  static String format(long timestamp, String salt, long sequence) {
    return "3" + pad(timestamp, 15) + salt + pad(sequence, 24);
  }

  private static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (value < 0 || digits.length() > width) {
      throw new IllegalArgumentException(value + " does not fit " + width + " digits");
    }
    return "0".repeat(width - digits.length()) + digits;
  }
}

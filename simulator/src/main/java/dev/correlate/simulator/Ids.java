package dev.correlate.simulator;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** TradAI-shaped identifiers drawn from a seeded random source. */
final class Ids {
  private static final String JOB_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private Ids() {}

  /** A version-4 UUID, as TradAI uses for correlation ids and Lambda request ids. */
  static String uuid(SplittableRandom rnd) {
    long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** 32 lowercase hex digits: an ECS task id or a Lambda execution environment id. */
  static String hex32(SplittableRandom rnd) {
    return String.format("%016x%016x", rnd.nextLong(), rnd.nextLong());
  }

  /** A backtest job id, {@code bt-} and ten characters of {@code [a-z0-9]}. */
  static String jobId(SplittableRandom rnd) {
    StringBuilder id = new StringBuilder("bt-");
    for (int i = 0; i < 10; i++) {
      id.append(JOB_ALPHABET.charAt(rnd.nextInt(JOB_ALPHABET.length())));
    }
    return id.toString();
  }

  static <T> T pick(SplittableRandom rnd, List<T> values) {
    return values.get(rnd.nextInt(values.size()));
  }

  /** A uniformly drawn long in [min, max]. */
  static long between(SplittableRandom rnd, long min, long max) {
    return max <= min ? min : rnd.nextLong(min, max + 1);
  }
}

package dev.correlate.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as configuration writes them: plain bytes, or a whole number of KiB, MiB, GiB or TiB.
 */
public final class ByteSizes {
  /** What a valid size looks like, for error messages. */
  public static final String FORMATS = "1048576, 512KiB, 1MiB or 1GiB";

  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(b|kib|mib|gib|tib)?");

  private ByteSizes() {}

  /**
   * The number of bytes {@code text} names.
   *
   * @throws IllegalArgumentException {@code not a byte size (use …)}
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        int shift =
            m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                  case "kib" -> 10;
                  case "mib" -> 20;
                  case "gib" -> 30;
                  case "tib" -> 40;
                  default -> 0;
                };
        return Math.multiplyExact(n, 1L << shift);
      }
    } catch (NumberFormatException | ArithmeticException tooLarge) {
      // same message as any other text that is no size
    }
    throw new IllegalArgumentException("not a byte size (use " + FORMATS + ")");
  }
}

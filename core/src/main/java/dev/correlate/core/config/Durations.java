package dev.correlate.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Correlate reads a duration from text: configuration variables, the query API's
 * relative times ({@code since=1h}) and the CLI's ages ({@code --since 2h}) all go through {@link
 * #parse}.
 */
public final class Durations {
  /** What a valid duration looks like, for error messages. */
  public static final String FORMATS = "500ms, 30s, 15m, 6h, 14d, 2w or PT15M";

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})(ms|s|m|h|d|w)");

  private Durations() {}

  /**
   * {@code 500ms}, {@code 30s}, {@code 15m}, {@code 6h}, {@code 14d}, {@code 2w}, or ISO-8601
   * ({@code PT15M}, {@code P2D}); surrounding blanks are ignored.
   *
   * @throws IllegalArgumentException {@code not a duration (use …)}
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher m = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofDays(Math.multiplyExact(n, 7));
        };
      }
      return Duration.parse(trimmed);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("not a duration (use " + FORMATS + ")");
    }
  }
}

package dev.correlate.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of a timeline: a correlation id or a job id, with its kind. Its string form ({@code
 * correlation:<id>} or {@code job:<id>}) is the Kafka key of summaries and the OpenSearch id of
 * their documents.
 */
public record TimelineId(Kind kind, String id) {
  /**
   * Ids are tokens of 1–128 characters from {@code [A-Za-z0-9._:-]}; nothing else can reach a
   * query. The same rule as {@link #isValidId}, as a pattern for the API's parameter checks.
   */
  public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** The two kinds of timeline. */
  public enum Kind {
    CORRELATION("correlation"),
    JOB("job");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  public TimelineId {
    Objects.requireNonNull(kind, "kind");
    if (!isValidId(id)) {
      throw new IllegalArgumentException("not a valid " + kind.prefix + " id: " + id);
    }
  }

  /**
   * Whether {@code id} matches {@link #ID_PATTERN}, checked without a matcher: the stream thread
   * checks every id of every event (a new {@code Matcher} each was 2 % of its allocated bytes;
   * docs/performance.md, "s5-alloc").
   */
  public static boolean isValidId(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  public static TimelineId correlation(String id) {
    return new TimelineId(Kind.CORRELATION, id);
  }

  public static TimelineId job(String id) {
    return new TimelineId(Kind.JOB, id);
  }

  /** Parses {@code correlation:<id>} or {@code job:<id>}. */
  public static TimelineId parse(String key) {
    for (Kind kind : Kind.values()) {
      if (key != null && key.startsWith(kind.prefix) && key.startsWith(":", kind.prefix.length())) {
        return new TimelineId(kind, key.substring(kind.prefix.length() + 1));
      }
    }
    throw new IllegalArgumentException("not a timeline id: " + key);
  }

  @Override
  public String toString() {
    return kind.prefix + ":" + id;
  }
}

package dev.correlate.core.filter;

/**
 * A filter pattern that cannot be parsed; {@link #position()} is the 0-based offset of the
 * offending character.
 */
public final class FilterPatternException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int position;
  private final String reason;

  FilterPatternException(int position, String reason) {
    super(reason + " at position " + position);
    this.position = position;
    this.reason = reason;
  }

  /** 0-based offset in the pattern where parsing failed. */
  public int position() {
    return position;
  }

  /** What was wrong, without the position. */
  public String reason() {
    return reason;
  }
}

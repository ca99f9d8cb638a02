package dev.correlate.core.parse;

import java.util.Locale;

/** Small string operations the parser needs, each linear in its input. */
final class ParseText {
  private ParseText() {}

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  /**
   * {@code s} without trailing whitespace (CloudWatch lines end in {@code \n}, REPORT in {@code
   * \t\n}).
   */
  static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }

  /** At most {@code max} characters of {@code s}, never splitting a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /**
   * Whether {@code text} contains {@code needle} (ASCII, given in lower case), ignoring ASCII case.
   */
  static boolean containsIgnoreCase(String text, String needle) {
    int n = needle.length();
    char first = needle.charAt(0);
    char firstUpper = Character.toUpperCase(first);
    for (int i = 0, last = text.length() - n; i <= last; i++) {
      char c = text.charAt(i);
      if ((c == first || c == firstUpper) && text.regionMatches(true, i, needle, 0, n)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code c} is part of an id token ({@code [A-Za-z0-9._:-]}). */
  static boolean isIdChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '.'
        || c == '_'
        || c == ':'
        || c == '-';
  }

  /**
   * Whether the line starts with an ASCII letter or underscore, so it may name an exception type.
   */
  static boolean startsWithIdentifier(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }
}

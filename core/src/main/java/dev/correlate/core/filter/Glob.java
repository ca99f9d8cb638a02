package dev.correlate.core.filter;

/**
 * Matching of a filter pattern's string value, where {@code *} stands for any run of characters and
 * everything else for itself, in time linear in the text and the pattern, whatever either holds: no
 * regular expression is ever built from user input (a backtracking engine takes exponential time on
 * {@code *e*e*e*…Z} against a long line).
 *
 * <p>The literal pieces between the stars must occur in order: the first at the start, the last at
 * the end, each middle one at its leftmost place after the one before. Taking the leftmost place is
 * never wrong when {@code *} is the only wildcard (a later place leaves less room for the rest), so
 * nothing is tried twice. Each piece is found with Knuth–Morris–Pratt, which never re-reads the
 * text, so a hostile piece ({@code aaaa…ab} against a line of {@code a}) costs no more than a
 * friendly one.
 */
final class Glob {
  private Glob() {}

  /** Whether {@code glob} matches the whole of {@code text}, case-sensitively. */
  static boolean matches(CharSequence text, String glob) {
    String[] pieces = glob.split("\\*", -1);
    if (pieces.length == 1) {
      return glob.contentEquals(text);
    }
    String first = pieces[0];
    String last = pieces[pieces.length - 1];
    if (first.length() + last.length() > text.length()
        || !startsWith(text, first, 0)
        || !startsWith(text, last, text.length() - last.length())) {
      return false;
    }
    int from = first.length();
    int end = text.length() - last.length();
    for (int i = 1; i < pieces.length - 1; i++) {
      int at = indexOf(text, pieces[i], from, end);
      if (at < 0) {
        return false;
      }
      from = at + pieces[i].length();
    }
    return true;
  }

  /** Whether {@code literal} occurs anywhere in {@code text}, case-sensitively. */
  static boolean contains(CharSequence text, String literal) {
    return indexOf(text, literal, 0, text.length()) >= 0;
  }

  private static boolean startsWith(CharSequence text, String piece, int at) {
    for (int i = 0; i < piece.length(); i++) {
      if (text.charAt(at + i) != piece.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The first place of {@code piece} in {@code text[from, end)}, or -1: Knuth–Morris–Pratt. */
  private static int indexOf(CharSequence text, String piece, int from, int end) {
    int m = piece.length();
    if (m == 0) {
      return from <= end ? from : -1;
    }
    int[] border = borders(piece);
    int matched = 0;
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      while (matched > 0 && piece.charAt(matched) != c) {
        matched = border[matched - 1];
      }
      if (piece.charAt(matched) == c) {
        matched++;
      }
      if (matched == m) {
        return i - m + 1;
      }
    }
    return -1;
  }

  /**
   * {@code border[i]}: the length of the longest proper prefix of {@code piece[0..i]} that is also
   * its suffix.
   */
  private static int[] borders(String piece) {
    int[] border = new int[piece.length()];
    int k = 0;
    for (int i = 1; i < piece.length(); i++) {
      while (k > 0 && piece.charAt(k) != piece.charAt(i)) {
        k = border[k - 1];
      }
      if (piece.charAt(k) == piece.charAt(i)) {
        k++;
      }
      border[i] = k;
    }
    return border;
  }
}

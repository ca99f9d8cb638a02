package dev.correlate.core.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Literal texts, one of which every match of a regex must contain: a cheap {@code indexOf}
 * pre-check that spares most events the regex itself (regexes with case-insensitive alternations
 * cost microseconds per event, and a rules file has dozens). Conservative: whatever construct it
 * does not understand makes it give up (no pre-check) rather than guess; literals are compared
 * lower-case, so the pre-check never rejects a text the regex would match, whatever the regex's
 * case flags.
 */
final class RequiredLiterals {
  /** Shorter literals filter too little to be worth checking. */
  static final int MIN_LENGTH = 3;

  private final String regex;
  private int pos;

  /** Whether the last quantifier read was explicit. */
  private boolean quantified;

  private RequiredLiterals(String regex) {
    this.regex = regex;
  }

  /** The lower-case literals, or empty when the regex has no usable required literal. */
  static Optional<List<String>> of(String regex) {
    try {
      RequiredLiterals parser = new RequiredLiterals(regex);
      Set<String> set = parser.alternation();
      if (set == null || parser.pos != regex.length()) {
        return Optional.empty();
      }
      return Optional.of(List.copyOf(set));
    } catch (GiveUp e) {
      return Optional.empty();
    }
  }

  /** Whether {@code lowerCaseText} contains one of {@code literals}. */
  static boolean anyIn(List<String> literals, String lowerCaseText) {
    for (String literal : literals) {
      if (lowerCaseText.contains(literal)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Branches separated by '|' up to ')' or the end: the union of their sets, null if a branch has
   * none.
   */
  private Set<String> alternation() {
    Set<String> union = new LinkedHashSet<>();
    boolean known = true;
    while (true) {
      Set<String> branch = sequence();
      if (branch == null) {
        known = false;
      } else {
        union.addAll(branch);
      }
      if (pos < regex.length() && regex.charAt(pos) == '|') {
        pos++;
        continue;
      }
      return known ? union : null;
    }
  }

  /**
   * One branch: the best of its literal runs and required groups, or null when none is long enough.
   */
  private Set<String> sequence() {
    List<Set<String>> candidates = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    while (pos < regex.length()) {
      char c = regex.charAt(pos);
      if (c == '|' || c == ')') {
        break;
      }
      pos++;
      switch (c) {
        case '\\':
          {
            Character literal = escape();
            if (literal == null) {
              endRun(run, candidates);
              skipQuantifier();
            } else {
              literal(run, candidates, literal);
            }
            break;
          }
        case '[':
          skipClass();
          endRun(run, candidates);
          skipQuantifier();
          break;
        case '.':
        case '^':
        case '$':
          endRun(run, candidates);
          skipQuantifier();
          break;
        case '(':
          {
            endRun(run, candidates);
            Set<String> group = group();
            int min = quantifierMin();
            if (group != null && min > 0) {
              candidates.add(group);
            }
            break;
          }
        case '*':
        case '+':
        case '?':
        case '{':
          throw new GiveUp(); // a quantifier with nothing to quantify
        default:
          literal(run, candidates, c);
      }
    }
    endRun(run, candidates);
    Set<String> best = null;
    int bestMin = MIN_LENGTH - 1;
    for (Set<String> candidate : candidates) {
      int min = candidate.stream().mapToInt(String::length).min().orElse(0);
      if (!candidate.isEmpty() && min > bestMin) {
        best = candidate;
        bestMin = min;
      }
    }
    return best;
  }

  /** Adds a literal character to the run, as the quantifier after it allows. */
  private void literal(StringBuilder run, List<Set<String>> candidates, char c) {
    if (c > 127) {
      throw new GiveUp(); // case folding beyond ASCII is not worth reasoning about
    }
    int min = quantifierMin();
    if (min == 0) {
      endRun(run, candidates);
    } else if (min == 1 && !quantified) {
      run.append(Character.toLowerCase(c));
    } else {
      run.append(Character.toLowerCase(c));
      endRun(run, candidates);
    }
  }

  /** Reads an optional quantifier: its minimum (1 when none); sets {@link #quantified}. */
  private int quantifierMin() {
    quantified = false;
    if (pos >= regex.length()) {
      return 1;
    }
    char c = regex.charAt(pos);
    int min;
    if (c == '?' || c == '*') {
      pos++;
      min = 0;
    } else if (c == '+') {
      pos++;
      min = 1;
    } else if (c == '{') {
      int close = regex.indexOf('}', pos);
      if (close < 0) {
        throw new GiveUp();
      }
      String body = regex.substring(pos + 1, close);
      String first = body.contains(",") ? body.substring(0, body.indexOf(',')) : body;
      try {
        min = Integer.parseInt(first.trim());
      } catch (NumberFormatException e) {
        throw new GiveUp();
      }
      pos = close + 1;
    } else {
      return 1;
    }
    quantified = true;
    if (pos < regex.length() && (regex.charAt(pos) == '?' || regex.charAt(pos) == '+')) {
      pos++; // lazy or possessive
    }
    return min;
  }

  private void skipQuantifier() {
    quantifierMin();
  }

  private static void endRun(StringBuilder run, List<Set<String>> candidates) {
    if (run.length() > 0) {
      candidates.add(Set.of(run.toString()));
      run.setLength(0);
    }
  }

  /** After a backslash: the literal character it escapes, or null for a class or an anchor. */
  private Character escape() {
    if (pos >= regex.length()) {
      throw new GiveUp();
    }
    char c = regex.charAt(pos++);
    if ("bBAzZGdDwWsShHvVRX".indexOf(c) >= 0) {
      return null;
    }
    if (c == 'p' || c == 'P') {
      if (pos < regex.length() && regex.charAt(pos) == '{') {
        int close = regex.indexOf('}', pos);
        if (close < 0) {
          throw new GiveUp();
        }
        pos = close + 1;
      } else {
        pos++;
      }
      return null;
    }
    if (Character.isLetterOrDigit(c)) {
      throw new GiveUp(); // \t, \x41, \u0041, \Q…\E, back references: not worth the risk
    }
    return c;
  }

  /** Skips a character class, nested classes included. */
  private void skipClass() {
    int depth = 1;
    if (pos < regex.length() && regex.charAt(pos) == '^') {
      pos++;
    }
    if (pos < regex.length() && regex.charAt(pos) == ']') {
      pos++; // a leading ']' is a literal
    }
    while (pos < regex.length() && depth > 0) {
      char c = regex.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
    }
    if (depth > 0) {
      throw new GiveUp();
    }
  }

  /** After '(': the group's set (null when unknown or zero-width), positioned after its ')'. */
  private Set<String> group() {
    boolean zeroWidth = false;
    if (regex.startsWith("?", pos)) {
      if (regex.startsWith("?:", pos) || regex.startsWith("?>", pos)) {
        pos += 2;
      } else if (regex.startsWith("?=", pos) || regex.startsWith("?!", pos)) {
        pos += 2;
        zeroWidth = true;
      } else if (regex.startsWith("?<=", pos) || regex.startsWith("?<!", pos)) {
        pos += 3;
        zeroWidth = true;
      } else if (regex.startsWith("?<", pos)) {
        int close = regex.indexOf('>', pos);
        if (close < 0) {
          throw new GiveUp();
        }
        pos = close + 1;
      } else {
        // inline flags, (?i) or (?i:…); comments mode changes the syntax
        int end = pos + 1;
        while (end < regex.length() && "idmsuxU-".indexOf(regex.charAt(end)) >= 0) {
          end++;
        }
        if (end >= regex.length() || regex.substring(pos, end).contains("x")) {
          throw new GiveUp();
        }
        char after = regex.charAt(end);
        pos = end + 1;
        if (after == ')') {
          return null; // flags only: nothing to match
        }
        if (after != ':') {
          throw new GiveUp();
        }
      }
    }
    Set<String> inner = alternation();
    if (pos >= regex.length() || regex.charAt(pos) != ')') {
      throw new GiveUp();
    }
    pos++;
    return zeroWidth ? null : inner;
  }

  /** Thrown to abandon the analysis. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }
}

package dev.correlate.core.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Literal texts that every match of a regex must contain: a cheap {@code indexOf} pre-check that
 * spares most events the regex itself (regexes with case-insensitive alternations cost microseconds
 * per event, and a rules file has dozens). Per top-level branch of the regex, every required piece
 * (a literal run, or a required group's alternatives) must be present: {@code \b503\b.{0,40}
 * unavailable} needs both {@code 503} and {@code unavailable}, so a line with a common word alone
 * does not run the regex. Conservative: whatever construct it does not understand makes it give up
 * (no pre-check) rather than guess; literals are compared lower-case, so the pre-check never
 * rejects a text the regex would match, whatever the regex's case flags.
 */
final class RequiredLiterals {
  /** Shorter literals filter too little to be worth checking. */
  static final int MIN_LENGTH = 3;

  /**
   * The pre-check of one regex: a text passes when, for some branch, each of the branch's pieces
   * has one of its alternatives in the text.
   *
   * @param branches per top-level branch, its required pieces, each a list of lower-case
   *     alternatives
   */
  record Check(List<List<List<String>>> branches) {
    Check {
      branches = branches.stream().map(b -> b.stream().map(List::copyOf).toList()).toList();
    }

    /** Whether {@code lowerCaseText} has every piece of one of the branches. */
    boolean admits(String lowerCaseText) {
      return admitsWithin(lowerCaseText, lowerCaseText.length());
    }

    /**
     * Whether the first {@code end} characters of {@code lowerCaseText} have every piece of one of
     * the branches: a literal is among them when its first occurrence ends by {@code end}.
     */
    boolean admitsWithin(String lowerCaseText, int end) {
      // indexed loops: run per rule and event, where the lists' iterators were allocated
      // (Condition#matches says more)
      for (int b = 0; b < branches.size(); b++) {
        if (allIn(branches.get(b), lowerCaseText, end)) {
          return true;
        }
      }
      return false;
    }

    private static boolean allIn(List<List<String>> pieces, String lowerCaseText, int end) {
      for (int p = 0; p < pieces.size(); p++) {
        if (!anyIn(pieces.get(p), lowerCaseText, end)) {
          return false;
        }
      }
      return true;
    }

    private static boolean anyIn(List<String> literals, String lowerCaseText, int end) {
      for (int l = 0; l < literals.size(); l++) {
        String literal = literals.get(l);
        int at = lowerCaseText.indexOf(literal);
        if (at >= 0 && at + literal.length() <= end) {
          return true;
        }
      }
      return false;
    }
  }

  private final String regex;
  private int pos;

  /** Whether the last quantifier read was explicit. */
  private boolean quantified;

  private RequiredLiterals(String regex) {
    this.regex = regex;
  }

  /** The pre-check, or empty when a branch of the regex has no usable required literal. */
  static Optional<Check> of(String regex) {
    try {
      RequiredLiterals parser = new RequiredLiterals(regex);
      List<List<Set<String>>> branches = parser.alternation();
      if (branches == null || parser.pos != regex.length()) {
        return Optional.empty();
      }
      return Optional.of(
          new Check(
              branches.stream()
                  .map(b -> b.stream().map(piece -> (List<String>) List.copyOf(piece)).toList())
                  .toList()));
    } catch (GiveUp e) {
      return Optional.empty();
    }
  }

  /**
   * Branches separated by '|' up to ')' or the end: each branch's required pieces, null if a branch
   * has none.
   */
  private List<List<Set<String>>> alternation() {
    List<List<Set<String>>> branches = new ArrayList<>();
    boolean known = true;
    while (true) {
      List<Set<String>> branch = sequence();
      if (branch.isEmpty()) {
        known = false;
      } else {
        branches.add(branch);
      }
      if (pos < regex.length() && regex.charAt(pos) == '|') {
        pos++;
        continue;
      }
      return known ? branches : null;
    }
  }

  /** One branch: its literal runs and required groups that are long enough (maybe none). */
  private List<Set<String>> sequence() {
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
    return candidates.stream().filter(c -> !c.isEmpty() && shortest(c) >= MIN_LENGTH).toList();
  }

  private static int shortest(Set<String> literals) {
    return literals.stream().mapToInt(String::length).min().orElse(0);
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
    List<List<Set<String>>> inner = alternation();
    if (pos >= regex.length() || regex.charAt(pos) != ')') {
      throw new GiveUp();
    }
    pos++;
    if (zeroWidth || inner == null) {
      return null;
    }
    // inside a group one piece per branch is enough: its longest-shortest one
    Set<String> union = new LinkedHashSet<>();
    for (List<Set<String>> branch : inner) {
      union.addAll(
          branch.stream().max(Comparator.comparingInt(RequiredLiterals::shortest)).orElseThrow());
    }
    return union;
  }

  /** Thrown to abandon the analysis. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }
}

package dev.correlate.core.filter;

import dev.correlate.core.filter.FilterPattern.And;
import dev.correlate.core.filter.FilterPattern.BooleanLiteral;
import dev.correlate.core.filter.FilterPattern.Comparison;
import dev.correlate.core.filter.FilterPattern.JsonExpr;
import dev.correlate.core.filter.FilterPattern.JsonPattern;
import dev.correlate.core.filter.FilterPattern.Literal;
import dev.correlate.core.filter.FilterPattern.MatchAll;
import dev.correlate.core.filter.FilterPattern.NullLiteral;
import dev.correlate.core.filter.FilterPattern.NumberLiteral;
import dev.correlate.core.filter.FilterPattern.Operator;
import dev.correlate.core.filter.FilterPattern.Or;
import dev.correlate.core.filter.FilterPattern.StringLiteral;
import dev.correlate.core.filter.FilterPattern.Term;
import dev.correlate.core.filter.FilterPattern.TextPattern;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses CloudWatch Logs filter patterns.
 *
 * <ul>
 *   <li>text: {@code ERROR timeout} (all terms), {@code "Connection refused"} (a phrase), {@code
 *       ?ERROR ?WARN} (any of), {@code -DEBUG} (none of); prefixes combine with phrases: {@code
 *       -"health check"};
 *   <li>JSON: {@code { $.level = "ERROR" && ($.latency > 100 || $.status = 5*) }} with {@code = !=
 *       < > <= >=}, {@code && ||}, parentheses, string (with {@code *} wildcards), number, {@code
 *       true}, {@code false} and {@code null} values; unquoted words are strings.
 * </ul>
 *
 * Space-delimited patterns ({@code [ip, user, ...]}) are not supported and say so. Patterns longer
 * than {@link #MAX_LENGTH} (CloudWatch's own limit), nested deeper than {@link #MAX_DEPTH} or with
 * more than {@link #MAX_WILDCARDS} wildcards in their string values are refused: each bounds what
 * one request may cost, in the storage's wildcard queries (an automaton per value) and in the
 * re-check of hits ({@link PatternMatcher}).
 */
public final class FilterPatterns {
  public static final int MAX_LENGTH = 1024;
  public static final int MAX_DEPTH = 16;

  /** Most {@code *} in the string values of one pattern. */
  public static final int MAX_WILDCARDS = 16;

  private final String src;
  private int pos;
  private int depth;
  private int wildcards;

  private FilterPatterns(String src) {
    this.src = src;
  }

  /**
   * Parses {@code pattern}; null or blank gives {@link MatchAll}.
   *
   * @throws FilterPatternException naming the position of the first error
   */
  public static FilterPattern parse(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return new MatchAll();
    }
    if (pattern.length() > MAX_LENGTH) {
      throw new FilterPatternException(
          MAX_LENGTH, "pattern longer than " + MAX_LENGTH + " characters");
    }
    FilterPatterns parser = new FilterPatterns(pattern);
    parser.skipSpace();
    char first = pattern.charAt(parser.pos);
    if (first == '{') {
      return parser.json();
    }
    if (first == '[') {
      throw new FilterPatternException(
          parser.pos, "space-delimited patterns ([...]) are not supported");
    }
    return parser.text();
  }

  // ---- text patterns

  private TextPattern text() {
    List<Term> required = new ArrayList<>();
    List<Term> anyOf = new ArrayList<>();
    List<Term> excluded = new ArrayList<>();
    while (!atEnd()) {
      char c = src.charAt(pos);
      List<Term> target = required;
      if (c == '?' || c == '-') {
        target = c == '?' ? anyOf : excluded;
        pos++;
        if (atEnd() || Character.isWhitespace(src.charAt(pos))) {
          throw new FilterPatternException(pos, "expected a term after '" + c + "'");
        }
      }
      target.add(term());
      skipSpace();
    }
    return new TextPattern(required, anyOf, excluded);
  }

  private Term term() {
    if (src.charAt(pos) == '"') {
      String phrase = quoted();
      if (!atEnd() && !Character.isWhitespace(src.charAt(pos))) {
        throw new FilterPatternException(pos, "expected a space after the closing quote");
      }
      if (phrase.isBlank()) {
        throw new FilterPatternException(pos - 1, "empty phrase");
      }
      return new Term(phrase, true);
    }
    int start = pos;
    while (!atEnd() && !Character.isWhitespace(src.charAt(pos))) {
      if (src.charAt(pos) == '"') {
        throw new FilterPatternException(pos, "unexpected '\"' inside a term");
      }
      pos++;
    }
    return new Term(src.substring(start, pos), false);
  }

  /**
   * Reads a double-quoted string at {@code pos} ({@code \"} and {@code \\} escapes) and moves past
   * it.
   */
  private String quoted() {
    int open = pos++;
    StringBuilder out = new StringBuilder();
    while (!atEnd()) {
      char c = src.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\' && !atEnd()) {
        out.append(src.charAt(pos++));
      } else {
        out.append(c);
      }
    }
    throw new FilterPatternException(open, "unterminated quote");
  }

  // ---- JSON patterns

  private JsonPattern json() {
    pos++; // '{'
    JsonExpr expr = or();
    skipSpace();
    expect('}');
    skipSpace();
    if (!atEnd()) {
      throw new FilterPatternException(pos, "unexpected text after '}'");
    }
    return new JsonPattern(expr);
  }

  private JsonExpr or() {
    JsonExpr left = and();
    while (skipSpace() && src.startsWith("||", pos)) {
      pos += 2;
      left = new Or(left, and());
    }
    return left;
  }

  private JsonExpr and() {
    JsonExpr left = primary();
    while (skipSpace() && src.startsWith("&&", pos)) {
      pos += 2;
      left = new And(left, primary());
    }
    return left;
  }

  private JsonExpr primary() {
    skipSpace();
    if (atEnd()) {
      throw new FilterPatternException(pos, "expected a comparison or '('");
    }
    if (src.charAt(pos) == '(') {
      if (++depth > MAX_DEPTH) {
        throw new FilterPatternException(pos, "parentheses nested deeper than " + MAX_DEPTH);
      }
      pos++;
      JsonExpr inner = or();
      skipSpace();
      expect(')');
      depth--;
      return inner;
    }
    return comparison();
  }

  private Comparison comparison() {
    List<String> path = selector();
    skipSpace();
    int opAt = pos;
    Operator op = operator();
    skipSpace();
    Literal value = literal();
    if (op.ordering() && !(value instanceof NumberLiteral)) {
      throw new FilterPatternException(opAt, "'" + op.symbol() + "' compares numbers only");
    }
    return new Comparison(path, op, value);
  }

  private List<String> selector() {
    if (atEnd() || src.charAt(pos) != '$') {
      throw new FilterPatternException(pos, "expected a selector such as $.level");
    }
    pos++;
    List<String> path = new ArrayList<>();
    while (!atEnd() && (src.charAt(pos) == '.' || src.charAt(pos) == '[')) {
      if (src.charAt(pos) == '.') {
        pos++;
        int start = pos;
        while (!atEnd() && isNameChar(src.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw new FilterPatternException(pos, "expected a property name after '.'");
        }
        path.add(src.substring(start, pos));
      } else {
        pos++;
        int start = pos;
        while (!atEnd() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw new FilterPatternException(pos, "expected an array index after '['");
        }
        path.add(src.substring(start, pos));
        expect(']');
      }
    }
    if (path.isEmpty()) {
      throw new FilterPatternException(pos, "expected '.' and a property name after '$'");
    }
    return path;
  }

  private Operator operator() {
    for (String symbol : List.of("!=", "<=", ">=", "=", "<", ">")) {
      if (src.startsWith(symbol, pos)) {
        pos += symbol.length();
        for (Operator op : Operator.values()) {
          if (op.symbol().equals(symbol)) {
            return op;
          }
        }
      }
    }
    throw new FilterPatternException(pos, "expected an operator (= != < > <= >=)");
  }

  private Literal literal() {
    if (atEnd()) {
      throw new FilterPatternException(pos, "expected a value");
    }
    int start = pos;
    if (src.charAt(pos) == '"') {
      return counted(start, new StringLiteral(quoted()));
    }
    while (!atEnd() && isWordChar(src.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw new FilterPatternException(pos, "expected a value");
    }
    String word = src.substring(start, pos);
    switch (word) {
      case "true":
        return new BooleanLiteral(true);
      case "false":
        return new BooleanLiteral(false);
      case "null":
        return new NullLiteral();
      default:
        break;
    }
    char c = word.charAt(0);
    if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && word.length() > 1)) {
      try {
        return new NumberLiteral(new BigDecimal(word));
      } catch (NumberFormatException notANumber) {
        if (!word.contains("*")) {
          // a word starting like a number that is not one: say so rather than compare it as text
          throw new FilterPatternException(start, "not a number: " + word);
        }
      }
    }
    return counted(start, new StringLiteral(word));
  }

  /** {@code value}, once its wildcards are counted against {@link #MAX_WILDCARDS}. */
  private StringLiteral counted(int at, StringLiteral value) {
    wildcards += (int) value.value().chars().filter(c -> c == '*').count();
    if (wildcards > MAX_WILDCARDS) {
      throw new FilterPatternException(
          at, "more than " + MAX_WILDCARDS + " wildcards (*) in one pattern");
    }
    return value;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '@';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c)
        || c == '_'
        || c == '-'
        || c == '+'
        || c == '.'
        || c == '*'
        || c == ':'
        || c == '/';
  }

  private void expect(char c) {
    if (atEnd() || src.charAt(pos) != c) {
      throw new FilterPatternException(pos, "expected '" + c + "'");
    }
    pos++;
  }

  /** Skips whitespace; returns true so it can sit inside loop conditions. */
  private boolean skipSpace() {
    while (!atEnd() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
    return true;
  }

  private boolean atEnd() {
    return pos >= src.length();
  }
}

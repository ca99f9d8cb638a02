package dev.correlate.core.filter;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A parsed CloudWatch Logs filter pattern, as an abstract syntax tree that storage translates into
 * its own query language with typed builders. Nothing here is ever pasted into a query string.
 *
 * <p>Three shapes: {@link MatchAll} (the empty pattern), {@link TextPattern} (terms and phrases
 * matched against the message) and {@link JsonPattern} (comparisons on the fields of JSON log
 * lines).
 */
public sealed interface FilterPattern
    permits FilterPattern.MatchAll, FilterPattern.TextPattern, FilterPattern.JsonPattern {

  /** The empty pattern: every event matches. */
  record MatchAll() implements FilterPattern {}

  /**
   * Terms matched against the message: every {@code required} term, at least one of {@code anyOf}
   * when there are any ({@code ?a ?b}), none of {@code excluded} ({@code -term}).
   */
  record TextPattern(List<Term> required, List<Term> anyOf, List<Term> excluded)
      implements FilterPattern {
    public TextPattern {
      required = List.copyOf(required);
      anyOf = List.copyOf(anyOf);
      excluded = List.copyOf(excluded);
    }
  }

  /**
   * A bare term or, when {@code phrase}, a "quoted phrase" whose words must appear together in
   * order.
   */
  record Term(String text, boolean phrase) {
    public Term {
      Objects.requireNonNull(text, "text");
    }
  }

  /** {@code { <expression> }}: a boolean expression over the fields of a JSON log line. */
  record JsonPattern(JsonExpr expr) implements FilterPattern {
    public JsonPattern {
      Objects.requireNonNull(expr, "expr");
    }
  }

  /** A node of a JSON pattern's expression. */
  sealed interface JsonExpr permits And, Or, Comparison {}

  /** Both sides hold ({@code &&}). */
  record And(JsonExpr left, JsonExpr right) implements JsonExpr {}

  /** Either side holds ({@code ||}). */
  record Or(JsonExpr left, JsonExpr right) implements JsonExpr {}

  /**
   * {@code $.a.b <op> <value>}.
   *
   * @param path the selector's property names, in order ({@code $.a.b} → {@code [a, b]}; {@code
   *     $.a[0]} → {@code [a, 0]})
   */
  record Comparison(List<String> path, Operator operator, Literal value) implements JsonExpr {
    public Comparison {
      path = List.copyOf(path);
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(value, "value");
    }

    /** The selector as dotted path, {@code a.b}. */
    public String dottedPath() {
      return String.join(".", path);
    }
  }

  /** Comparison operators; strings, booleans and null only take {@link #EQ} and {@link #NE}. */
  enum Operator {
    EQ("="),
    NE("!="),
    LT("<"),
    GT(">"),
    LE("<="),
    GE(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    /** Whether this operator orders values, and so needs a number. */
    public boolean ordering() {
      return this != EQ && this != NE;
    }
  }

  /** The right-hand side of a comparison. */
  sealed interface Literal permits StringLiteral, NumberLiteral, BooleanLiteral, NullLiteral {}

  /** A string; {@code *} in it matches any run of characters. */
  record StringLiteral(String value) implements Literal {
    public StringLiteral {
      Objects.requireNonNull(value, "value");
    }

    public boolean hasWildcard() {
      return value.indexOf('*') >= 0;
    }
  }

  record NumberLiteral(BigDecimal value) implements Literal {
    public NumberLiteral {
      Objects.requireNonNull(value, "value");
    }
  }

  record BooleanLiteral(boolean value) implements Literal {}

  record NullLiteral() implements Literal {}
}

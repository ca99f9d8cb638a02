package dev.correlate.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.correlate.core.filter.FilterPattern.And;
import dev.correlate.core.filter.FilterPattern.BooleanLiteral;
import dev.correlate.core.filter.FilterPattern.Comparison;
import dev.correlate.core.filter.FilterPattern.JsonPattern;
import dev.correlate.core.filter.FilterPattern.MatchAll;
import dev.correlate.core.filter.FilterPattern.NullLiteral;
import dev.correlate.core.filter.FilterPattern.NumberLiteral;
import dev.correlate.core.filter.FilterPattern.Operator;
import dev.correlate.core.filter.FilterPattern.Or;
import dev.correlate.core.filter.FilterPattern.StringLiteral;
import dev.correlate.core.filter.FilterPattern.Term;
import dev.correlate.core.filter.FilterPattern.TextPattern;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterPatternsTest {

  @Test
  void parse_blankOrNull_matchesAll() {
    assertThat(FilterPatterns.parse(null)).isEqualTo(new MatchAll());
    assertThat(FilterPatterns.parse("   ")).isEqualTo(new MatchAll());
  }

  @Test
  void parse_bareTerms_areAllRequired() {
    assertThat(FilterPatterns.parse("ERROR  timeout"))
        .isEqualTo(
            new TextPattern(
                List.of(new Term("ERROR", false), new Term("timeout", false)),
                List.of(),
                List.of()));
  }

  @Test
  void parse_quotedPhrase_keepsSpacesAndEscapes() {
    assertThat(FilterPatterns.parse("\"Connection refused\" \"say \\\"hi\\\"\""))
        .isEqualTo(
            new TextPattern(
                List.of(new Term("Connection refused", true), new Term("say \"hi\"", true)),
                List.of(),
                List.of()));
  }

  @Test
  void parse_questionMarks_areAnyOf_andMinus_excludes() {
    assertThat(FilterPatterns.parse("?ERROR ?\"Task timed out\" -DEBUG -\"health check\" bt-1"))
        .isEqualTo(
            new TextPattern(
                List.of(new Term("bt-1", false)),
                List.of(new Term("ERROR", false), new Term("Task timed out", true)),
                List.of(new Term("DEBUG", false), new Term("health check", true))));
  }

  @Test
  void parse_jsonComparison_readsSelectorOperatorAndString() {
    assertThat(FilterPatterns.parse("{ $.level = \"ERROR\" }"))
        .isEqualTo(
            new JsonPattern(
                new Comparison(List.of("level"), Operator.EQ, new StringLiteral("ERROR"))));
  }

  @Test
  void parse_jsonAndBindsTighterThanOr() {
    FilterPattern p = FilterPatterns.parse("{$.a = 1 || $.b = 2 && $.c = 3}");
    assertThat(p)
        .isEqualTo(
            new JsonPattern(
                new Or(
                    cmp("a", Operator.EQ, 1),
                    new And(cmp("b", Operator.EQ, 2), cmp("c", Operator.EQ, 3)))));
  }

  @Test
  void parse_jsonParentheses_overridePrecedence() {
    FilterPattern p = FilterPatterns.parse("{ ($.a = 1 || $.b = 2) && $.latency > 100 }");
    assertThat(p)
        .isEqualTo(
            new JsonPattern(
                new And(
                    new Or(cmp("a", Operator.EQ, 1), cmp("b", Operator.EQ, 2)),
                    cmp("latency", Operator.GT, 100))));
  }

  @ParameterizedTest
  @CsvSource({"=,EQ", "!=,NE", "<,LT", ">,GT", "<=,LE", ">=,GE"})
  void parse_jsonOperators_allSix(String symbol, Operator expected) {
    assertThat(FilterPatterns.parse("{ $.latency " + symbol + " 1.5 }"))
        .isEqualTo(
            new JsonPattern(
                new Comparison(
                    List.of("latency"), expected, new NumberLiteral(new BigDecimal("1.5")))));
  }

  @Test
  void parse_jsonNestedSelectorsAndArrays_giveDottedPath() {
    JsonPattern p = (JsonPattern) FilterPatterns.parse("{ $.http.request[0].path = /api/* }");
    Comparison c = (Comparison) p.expr();
    assertThat(c.dottedPath()).isEqualTo("http.request.0.path");
    assertThat(c.value()).isEqualTo(new StringLiteral("/api/*"));
    assertThat(((StringLiteral) c.value()).hasWildcard()).isTrue();
  }

  @Test
  void parse_jsonKeywords_areBooleansAndNull() {
    assertThat(((Comparison) ((JsonPattern) FilterPatterns.parse("{$.ok = true}")).expr()).value())
        .isEqualTo(new BooleanLiteral(true));
    assertThat(((Comparison) ((JsonPattern) FilterPatterns.parse("{$.x != null}")).expr()).value())
        .isEqualTo(new NullLiteral());
  }

  @ParameterizedTest(name = "{0} -> position {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{ $.level = \"ERROR\"          | 19 | expected '}'",
        "{ $.level == 1 }               | 11 | expected a value",
        "{ level = 1 }                  | 2  | expected a selector",
        "{ $.level < \"ERROR\" }        | 10 | compares numbers only",
        "{ ($.a = 1 }                   | 11 | expected ')'",
        "{ $.a = 1 } trailing           | 12 | unexpected text after '}'",
        "{ $. = 1 }                     | 4  | expected a property name",
        "{ $.a ~ 1 }                    | 6  | expected an operator",
        "{ $.a = 12abc }                | 8  | not a number",
        "\"unterminated phrase          | 0  | unterminated quote",
        "ERROR ?                        | 7  | expected a term after '?'",
        "[ip, user]                     | 0  | space-delimited patterns",
        "ab\"c                          | 2  | unexpected '\"' inside a term",
      })
  void parse_invalid_namesThePosition(String pattern, int position, String reason) {
    assertThatThrownBy(() -> FilterPatterns.parse(pattern.strip()))
        .isInstanceOfSatisfying(
            FilterPatternException.class,
            e -> {
              assertThat(e.position()).isEqualTo(position);
              assertThat(e.reason()).contains(reason);
              assertThat(e.getMessage()).endsWith("at position " + position);
            });
  }

  @Test
  void parse_tooLong_isRefused() {
    assertThatThrownBy(() -> FilterPatterns.parse("a".repeat(FilterPatterns.MAX_LENGTH + 1)))
        .isInstanceOf(FilterPatternException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void parse_tooDeep_isRefused() {
    String deep =
        "{"
            + "(".repeat(FilterPatterns.MAX_DEPTH + 1)
            + "$.a=1"
            + ")".repeat(FilterPatterns.MAX_DEPTH + 1)
            + "}";
    assertThatThrownBy(() -> FilterPatterns.parse(deep))
        .isInstanceOf(FilterPatternException.class)
        .hasMessageContaining("nested deeper");
  }

  @Test
  void parse_moreWildcardsThanTheCap_isRefusedAtTheValueThatPassesIt() {
    String sixteen = "*e".repeat(FilterPatterns.MAX_WILDCARDS);
    assertThat(FilterPatterns.parse("{ $.a = \"" + sixteen + "Z\" }"))
        .isInstanceOf(JsonPattern.class);

    assertThatThrownBy(() -> FilterPatterns.parse("{ $.a = \"" + sixteen + "Z\" || $.b = x* }"))
        .isInstanceOfSatisfying(
            FilterPatternException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("more than 16 wildcards (*) in one pattern");
              assertThat(e.position())
                  .isEqualTo(("{ $.a = \"" + sixteen + "Z\" || $.b = ").length());
            });
  }

  private static Comparison cmp(String field, Operator op, int value) {
    return new Comparison(List.of(field), op, new NumberLiteral(BigDecimal.valueOf(value)));
  }
}

package dev.correlate.storage.read;

import dev.correlate.core.filter.EventFields;
import dev.correlate.core.filter.FilterPattern;
import dev.correlate.core.filter.FilterPattern.And;
import dev.correlate.core.filter.FilterPattern.BooleanLiteral;
import dev.correlate.core.filter.FilterPattern.Comparison;
import dev.correlate.core.filter.FilterPattern.JsonExpr;
import dev.correlate.core.filter.FilterPattern.JsonPattern;
import dev.correlate.core.filter.FilterPattern.Literal;
import dev.correlate.core.filter.FilterPattern.MatchAll;
import dev.correlate.core.filter.FilterPattern.NullLiteral;
import dev.correlate.core.filter.FilterPattern.NumberLiteral;
import dev.correlate.core.filter.FilterPattern.Or;
import dev.correlate.core.filter.FilterPattern.StringLiteral;
import dev.correlate.core.filter.FilterPattern.Term;
import dev.correlate.core.filter.FilterPattern.TextPattern;
import dev.correlate.core.filter.PatternMatcher;
import java.util.List;
import java.util.Optional;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * Translates filter patterns into OpenSearch queries with the typed builders: every user value
 * travels as a term, phrase, wildcard or script parameter, never inside query syntax, so nothing a
 * client sends can change the query's structure.
 *
 * <p>Text terms match the analyzed {@code message}: words, case-insensitively. Ordering comparisons
 * on the event's own numeric properties are range queries. The structured fields of a line live in
 * one {@code flat_object} ({@code fields}) whose values are indexed as strings, where a range would
 * compare "95" above "100"; and the minimal OpenSearch distribution has no scripting to parse them.
 * So an ordering comparison on a structured field becomes "the field exists" here, a superset, and
 * {@link #needsRecheck} tells the reader to re-check each hit with {@link PatternMatcher}.
 */
final class PatternQueries {
  private PatternQueries() {}

  /** The query for {@code pattern}, or empty when it matches everything. */
  static Optional<Query> of(FilterPattern pattern) {
    if (pattern instanceof MatchAll) {
      return Optional.empty();
    }
    if (pattern instanceof TextPattern text) {
      return Optional.of(text(text));
    }
    return Optional.of(json(((JsonPattern) pattern).expr()));
  }

  private static Query text(TextPattern text) {
    return Query.of(
        q ->
            q.bool(
                b -> {
                  text.required().forEach(t -> b.filter(term(t)));
                  if (!text.anyOf().isEmpty()) {
                    b.filter(
                        f ->
                            f.bool(
                                any ->
                                    any.should(
                                            text.anyOf().stream()
                                                .map(PatternQueries::term)
                                                .toList())
                                        .minimumShouldMatch("1")));
                  }
                  text.excluded().forEach(t -> b.mustNot(term(t)));
                  return b;
                }));
  }

  private static Query term(Term t) {
    return t.phrase()
        ? Query.of(q -> q.matchPhrase(m -> m.field("message").query(t.text())))
        : Query.of(
            q ->
                q.match(
                    m -> m.field("message").query(FieldValue.of(t.text())).operator(Operator.And)));
  }

  private static Query json(JsonExpr expr) {
    if (expr instanceof And and) {
      return Query.of(q -> q.bool(b -> b.filter(json(and.left()), json(and.right()))));
    }
    if (expr instanceof Or or) {
      return Query.of(
          q -> q.bool(b -> b.should(json(or.left()), json(or.right())).minimumShouldMatch("1")));
    }
    return comparison((Comparison) expr);
  }

  private static Query comparison(Comparison c) {
    String field = EventFields.resolve(c.path());
    return switch (c.operator()) {
      case EQ -> equal(field, c.value());
      case NE -> Query.of(q -> q.bool(b -> b.mustNot(equal(field, c.value()))));
      default -> order(field, c);
    };
  }

  private static Query equal(String field, Literal value) {
    if (value instanceof NullLiteral) {
      return Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field(field)))));
    }
    if (value instanceof StringLiteral s) {
      if (field.equals("message")) {
        return Query.of(q -> q.matchPhrase(m -> m.field(field).query(s.value())));
      }
      if (s.hasWildcard()) {
        return Query.of(q -> q.wildcard(w -> w.field(field).value(escapeWildcard(s.value()))));
      }
      return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(s.value()))));
    }
    String literal =
        value instanceof NumberLiteral n
            ? n.value().stripTrailingZeros().toPlainString()
            : String.valueOf(((BooleanLiteral) value).value());
    return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(literal))));
  }

  private static Query order(String field, Comparison c) {
    double bound = ((NumberLiteral) c.value()).value().doubleValue();
    if (isStructured(field)) {
      return Query.of(q -> q.exists(e -> e.field(field)));
    }
    JsonData v = JsonData.of(bound);
    return Query.of(
        q ->
            q.range(
                r -> {
                  r.field(field);
                  return switch (c.operator()) {
                    case LT -> r.lt(v);
                    case LE -> r.lte(v);
                    case GT -> r.gt(v);
                    default -> r.gte(v);
                  };
                }));
  }

  /** Whether hits of {@code pattern}'s query must be re-checked in Java (see the class comment). */
  static boolean needsRecheck(FilterPattern pattern) {
    return pattern instanceof JsonPattern json && hasStructuredOrdering(json.expr());
  }

  private static boolean hasStructuredOrdering(JsonExpr expr) {
    if (expr instanceof And and) {
      return hasStructuredOrdering(and.left()) || hasStructuredOrdering(and.right());
    }
    if (expr instanceof Or or) {
      return hasStructuredOrdering(or.left()) || hasStructuredOrdering(or.right());
    }
    Comparison c = (Comparison) expr;
    return c.operator().ordering() && isStructured(EventFields.resolve(c.path()));
  }

  private static boolean isStructured(String field) {
    return field.startsWith(EventFields.FIELDS + ".");
  }

  /**
   * Keeps {@code *} as the only wildcard: {@code ?} and {@code \} are literal in filter patterns.
   */
  static String escapeWildcard(String value) {
    return value.replace("\\", "\\\\").replace("?", "\\?");
  }

  static List<FieldValue> values(java.util.Collection<String> values) {
    return values.stream().map(FieldValue::of).toList();
  }
}

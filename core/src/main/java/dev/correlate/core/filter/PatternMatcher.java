package dev.correlate.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.filter.FilterPattern.And;
import dev.correlate.core.filter.FilterPattern.BooleanLiteral;
import dev.correlate.core.filter.FilterPattern.Comparison;
import dev.correlate.core.filter.FilterPattern.JsonExpr;
import dev.correlate.core.filter.FilterPattern.JsonPattern;
import dev.correlate.core.filter.FilterPattern.MatchAll;
import dev.correlate.core.filter.FilterPattern.NullLiteral;
import dev.correlate.core.filter.FilterPattern.NumberLiteral;
import dev.correlate.core.filter.FilterPattern.Or;
import dev.correlate.core.filter.FilterPattern.StringLiteral;
import dev.correlate.core.filter.FilterPattern.Term;
import dev.correlate.core.filter.FilterPattern.TextPattern;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Evaluates a filter pattern on one event in Java: the whole of the in-memory store's matching, and
 * the re-check of what OpenSearch cannot decide itself (ordering comparisons on the string-valued
 * structured fields). Text terms and phrases match case-insensitively inside the message, as words
 * do in OpenSearch; numbers compare as numbers; {@code *} in a string value matches any run of
 * characters. Every match is linear in the event's text ({@link Glob}): a pattern from a request
 * never becomes a regular expression.
 */
public final class PatternMatcher {
  private PatternMatcher() {}

  public static boolean matches(FilterPattern pattern, LogEvent event) {
    if (pattern instanceof MatchAll) {
      return true;
    }
    if (pattern instanceof TextPattern text) {
      String message = event.message().toLowerCase(Locale.ROOT);
      Predicate<Term> in = t -> Glob.contains(message, t.text().toLowerCase(Locale.ROOT));
      return text.required().stream().allMatch(in)
          && (text.anyOf().isEmpty() || text.anyOf().stream().anyMatch(in))
          && text.excluded().stream().noneMatch(in);
    }
    JsonNode doc = Json.mapper().valueToTree(event);
    return holds(((JsonPattern) pattern).expr(), doc, event);
  }

  private static boolean holds(JsonExpr expr, JsonNode doc, LogEvent event) {
    if (expr instanceof And and) {
      return holds(and.left(), doc, event) && holds(and.right(), doc, event);
    }
    if (expr instanceof Or or) {
      return holds(or.left(), doc, event) || holds(or.right(), doc, event);
    }
    Comparison c = (Comparison) expr;
    String field = EventFields.resolve(c.path());
    List<String> values = valuesAt(field, doc, event);
    boolean isNull = c.value() instanceof NullLiteral;
    return switch (c.operator()) {
      case EQ -> isNull ? values.isEmpty() : values.stream().anyMatch(v -> equal(c, v));
      case NE -> isNull ? !values.isEmpty() : values.stream().noneMatch(v -> equal(c, v));
      default -> values.stream().anyMatch(v -> orders(c, v));
    };
  }

  /** Every value at {@code field}: one for a scalar, several for an array, none when missing. */
  private static List<String> valuesAt(String field, JsonNode doc, LogEvent event) {
    if (field.startsWith(EventFields.FIELDS + ".")) {
      String value = event.fields().get(field.substring(EventFields.FIELDS.length() + 1));
      return value == null ? List.of() : List.of(value);
    }
    JsonNode node = doc;
    for (String part : field.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isArray()) {
      List<String> out = new ArrayList<>();
      node.forEach(n -> out.add(n.asText()));
      return out;
    }
    return List.of(node.asText());
  }

  private static boolean orders(Comparison c, String value) {
    BigDecimal number = number(value);
    if (number == null) {
      return false;
    }
    int cmp = number.compareTo(((NumberLiteral) c.value()).value());
    return switch (c.operator()) {
      case LT -> cmp < 0;
      case GT -> cmp > 0;
      case LE -> cmp <= 0;
      case GE -> cmp >= 0;
      default -> throw new IllegalStateException("not an ordering: " + c.operator());
    };
  }

  private static boolean equal(Comparison c, String value) {
    if (c.value() instanceof StringLiteral s && "message".equals(EventFields.resolve(c.path()))) {
      return Glob.contains(value.toLowerCase(Locale.ROOT), s.value().toLowerCase(Locale.ROOT));
    }
    if (c.value() instanceof StringLiteral s) {
      return s.hasWildcard() ? Glob.matches(value, s.value()) : s.value().equals(value);
    }
    if (c.value() instanceof NumberLiteral n) {
      BigDecimal number = number(value);
      return number != null && number.compareTo(n.value()) == 0;
    }
    if (c.value() instanceof BooleanLiteral b) {
      return String.valueOf(b.value()).equals(value);
    }
    return false;
  }

  private static BigDecimal number(String value) {
    try {
      return new BigDecimal(value.trim());
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}

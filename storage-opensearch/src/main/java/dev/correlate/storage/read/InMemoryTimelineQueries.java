package dev.correlate.storage.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.filter.FilterPattern;
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
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link TimelineQueries} over maps in memory, for API tests and demos without OpenSearch. Text terms match
 * case-insensitively as substrings of the message; OpenSearch matches analyzed words, so the two agree on whole
 * words, which is what the contract suite checks. Thread-safe.
 */
public final class InMemoryTimelineQueries implements TimelineQueries {
  private static final Comparator<LogEvent> EVENT_ORDER =
      Comparator.comparingLong(LogEvent::timestamp).thenComparing(LogEvent::eventId);
  private static final Comparator<TimelineSummary> SUMMARY_ORDER =
      Comparator.comparingLong(TimelineSummary::lastEventAt).thenComparing(TimelineSummary::timelineId).reversed();

  private final Map<String, LogEvent> events = new ConcurrentHashMap<>();
  private final Map<String, TimelineSummary> summaries = new ConcurrentHashMap<>();

  /** Stores an event; the same event id again replaces it, as in the index. */
  public void add(LogEvent event) {
    events.put(event.eventId(), event);
  }

  /** Stores a summary unless a higher revision is already there, as the external version does. */
  public void put(TimelineSummary summary) {
    summaries.merge(summary.timelineId(), summary, (old, neu) -> neu.revision() >= old.revision() ? neu : old);
  }

  @Override
  public Optional<TimelineSummary> summary(TimelineId id) {
    return Optional.ofNullable(summaries.get(id.toString()));
  }

  @Override
  public Page<LogEvent> events(TimelineId id, EventFilter filter, int limit, Optional<SortKey> after) {
    Predicate<LogEvent> belongs = id.kind() == TimelineId.Kind.JOB
        ? e -> e.jobIds().contains(id.id()) : e -> e.correlationIds().contains(id.id());
    Stream<LogEvent> matching = events.values().stream().filter(belongs)
        .filter(e -> filter.services().isEmpty() || filter.services().contains(e.service()))
        .filter(e -> atLeast(e.level(), filter.minLevel()))
        .filter(e -> matches(filter.pattern(), e));
    return page(matching, EVENT_ORDER, after.map(k -> e -> EVENT_ORDER.compare(e, probe(k)) > 0), limit,
        e -> new SortKey(e.timestamp(), e.eventId()));
  }

  @Override
  public Page<TimelineSummary> summaries(SummaryFilter filter, int limit, Optional<SortKey> after) {
    Stream<TimelineSummary> matching = summaries.values().stream()
        .filter(s -> s.kind().equals(filter.kind().prefix()))
        .filter(s -> filter.status() == null || filter.status().equals(s.status()))
        .filter(s -> filter.stage() == null || (s.diagnosis() != null && filter.stage().equals(s.diagnosis().stage())))
        .filter(s -> filter.category() == null
            || (s.diagnosis() != null && filter.category().equals(s.diagnosis().category())))
        .filter(s -> filter.service() == null || s.services().containsKey(filter.service()))
        .filter(s -> filter.since() == null || s.lastEventAt() >= filter.since())
        .filter(s -> filter.until() == null || s.firstEventAt() < filter.until());
    return page(matching, SUMMARY_ORDER,
        after.map(k -> s -> Comparator.<SortKey>comparingLong(SortKey::time).thenComparing(SortKey::id)
            .compare(new SortKey(s.lastEventAt(), s.timelineId()), k) < 0),
        limit, s -> new SortKey(s.lastEventAt(), s.timelineId()));
  }

  @Override
  public Page<LogEvent> search(SearchFilter filter, int limit, Optional<SortKey> after) {
    Stream<LogEvent> matching = events.values().stream()
        .filter(e -> filter.logGroup() == null || filter.logGroup().equals(e.logGroup()))
        .filter(e -> filter.service() == null || filter.service().equals(e.service()))
        .filter(e -> atLeast(e.level(), filter.minLevel()))
        .filter(e -> filter.since() == null || e.timestamp() >= filter.since())
        .filter(e -> filter.until() == null || e.timestamp() < filter.until())
        .filter(e -> matches(filter.pattern(), e));
    return page(matching, EVENT_ORDER.reversed(),
        after.map(k -> e -> EVENT_ORDER.compare(e, probe(k)) < 0), limit,
        e -> new SortKey(e.timestamp(), e.eventId()));
  }

  @Override
  public CheckResult check() {
    return CheckResult.OK;
  }

  private static <T> Page<T> page(Stream<T> matching, Comparator<T> order, Optional<Predicate<T>> afterCursor,
                                  int limit, Function<T, SortKey> key) {
    List<T> sorted = new ArrayList<>(matching.filter(afterCursor.orElse(x -> true)).sorted(order)
        .limit(limit + 1L).toList());
    if (sorted.size() <= limit) {
      return new Page<>(sorted, Optional.empty());
    }
    List<T> items = sorted.subList(0, limit);
    return new Page<>(items, Optional.of(key.apply(items.get(limit - 1))));
  }

  private static LogEvent probe(SortKey key) {
    return new LogEvent(key.id(), key.time(), null, 0, "", "", null, null, null, null, null, null, null, "",
        null, null, null, null, null, null, null, null, null);
  }

  private static boolean atLeast(Level level, Level min) {
    return min == null || level.compareTo(min) >= 0;
  }

  static boolean matches(FilterPattern pattern, LogEvent event) {
    if (pattern instanceof MatchAll) {
      return true;
    }
    if (pattern instanceof TextPattern text) {
      String message = event.message().toLowerCase(Locale.ROOT);
      Predicate<Term> in = t -> message.contains(t.text().toLowerCase(Locale.ROOT));
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
    if (c.value() instanceof StringLiteral s) {
      return s.hasWildcard() ? wildcard(s.value()).matcher(value).matches() : s.value().equals(value);
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

  private static Pattern wildcard(String glob) {
    return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
        .collect(Collectors.joining(".*")), Pattern.DOTALL);
  }

  private static BigDecimal number(String value) {
    try {
      return new BigDecimal(value.trim());
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}

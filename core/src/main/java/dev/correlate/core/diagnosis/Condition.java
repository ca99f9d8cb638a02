package dev.correlate.core.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code when} part of an evidence rule: conditions on one event that must all hold. Typed
 * facts are tested first and regexes last, so most events are rejected without running a regex.
 */
final class Condition {
  /** Regexes see at most this much of a message, so a 1 MB line costs no more than a long one. */
  static final int MAX_MATCHED_CHARS = 16_384;

  /** Every key a {@code when} may hold; documented in docs/operations.md. */
  static final List<String> KEYS =
      List.of(
          "service",
          "source_kind",
          "level_at_least",
          "status_update",
          "exit_code",
          "ecs_last_status",
          "ecs_stop_code",
          "http_status",
          "lambda_type",
          "lambda_status",
          "lambda_error_type",
          "lambda_memory_exhausted",
          "error_type",
          "s3_path",
          "ecs_stopped_reason",
          "ecs_container_reason",
          "fields",
          "logger",
          "message",
          "text");

  private final List<Predicate<Subject>> checks;
  private final boolean readsText;

  private Condition(List<Predicate<Subject>> checks, boolean readsText) {
    this.checks = List.copyOf(checks);
    this.readsText = readsText;
  }

  /** Whether this condition looks at an event's {@link Subject#text}. */
  boolean readsText() {
    return readsText;
  }

  boolean matches(Subject subject) {
    // indexed, not for-each: tried for every rule on every event, and the immutable list's
    // iterator was not scalar-replaced (6 % of the stream thread's allocated bytes with the
    // pre-checks' loops, a JFR profile in docs/performance.md, s5-cpu)
    for (int i = 0; i < checks.size(); i++) {
      if (!checks.get(i).test(subject)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The event under test, with its searchable text (message and structured field values) and its
   * lower-case copy built once, on first use, for all the rules that need them.
   */
  static final class Subject {
    final LogEvent event;
    private final boolean textRead;
    private String text;
    private String lowerText;
    private String lowerMessage;

    /**
     * @param textRead whether some rule reads the {@link #text}: then its lower-case copy is made
     *     for every event anyway, and serves the message's pre-checks too
     */
    Subject(LogEvent event, boolean textRead) {
      this.event = event;
      this.textRead = textRead;
    }

    /** Whether {@code check} admits the message (bounded), compared lower-case. */
    boolean messageAdmits(RequiredLiterals.Check check) {
      if (event.fields().isEmpty()) {
        return check.admits(lowerText()); // the text is the message alone
      }
      if (textRead) {
        String lower = lowerText();
        // the same length means every character was lowered in place (only U+0130 grows when
        // lowered, none shrinks), so the message is the lower-case text's first characters
        if (lower.length() == text().length()) {
          return check.admitsWithin(lower, Math.min(event.message().length(), MAX_MATCHED_CHARS));
        }
      }
      if (lowerMessage == null) {
        lowerMessage = bounded(event.message()).toLowerCase(Locale.ROOT);
      }
      return check.admits(lowerMessage);
    }

    String lowerText() {
      if (lowerText == null) {
        lowerText = text().toLowerCase(Locale.ROOT);
      }
      return lowerText;
    }

    /** The message, then the structured field values in key order, one per line, bounded. */
    String text() {
      if (text == null) {
        Map<String, String> fields = event.fields();
        if (fields.isEmpty()) {
          text = bounded(event.message());
          return text;
        }
        String message = bounded(event.message());
        // the keys sorted, not the map copied into a TreeMap: this runs once per event
        String[] keys = fields.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        // the values taken first, so that the builder is made at its final size, not grown
        String[] values = new String[keys.length];
        int length = message.length();
        int taken = 0;
        while (taken < keys.length && length < MAX_MATCHED_CHARS) {
          values[taken] = fields.get(keys[taken]);
          length += 1 + values[taken++].length();
        }
        StringBuilder b = new StringBuilder(length).append(message);
        for (int i = 0; i < taken; i++) {
          b.append('\n').append(values[i]);
        }
        text = bounded(b.toString());
      }
      return text;
    }
  }

  /**
   * Reads a {@code when} object; a problem throws {@link IllegalArgumentException} saying which
   * key, for the caller to prefix with the rule's name.
   */
  static Condition parse(JsonNode when) {
    if (when == null || !when.isObject() || when.isEmpty()) {
      throw new IllegalArgumentException("'when' must be a non-empty map of conditions");
    }
    for (Iterator<String> names = when.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown condition '" + key + "' (known: " + String.join(", ", KEYS) + ")");
      }
    }
    List<Predicate<Subject>> checks = new ArrayList<>();
    // in KEYS order: cheap comparisons first, regexes on free text last
    for (String key : KEYS) {
      JsonNode value = when.get(key);
      if (value != null) {
        checks.add(check(key, value));
      }
    }
    return new Condition(checks, when.has("text"));
  }

  private static Predicate<Subject> check(String key, JsonNode value) {
    switch (key) {
      case "service":
        {
          Set<String> services = strings(key, value);
          return on(e -> e.service() != null && services.contains(e.service()));
        }
      case "source_kind":
        {
          Set<SourceKind> kinds = sourceKinds(value);
          return on(e -> kinds.contains(e.sourceKind()));
        }
      case "level_at_least":
        {
          Level least =
              Level.fromWord(text(key, value))
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "level_at_least: unknown level '" + value.asText() + "'"));
          return on(e -> e.level().ordinal() >= least.ordinal());
        }
      case "status_update":
        {
          Set<String> statuses = upper(strings(key, value));
          return on(
              e ->
                  e.facts().statusUpdate() != null
                      && statuses.contains(e.facts().statusUpdate().toUpperCase(Locale.ROOT)));
        }
      case "exit_code":
        {
          IntPredicate codes = exitCodes(value);
          return on(e -> e.facts().exitCode() != null && codes.test(e.facts().exitCode()));
        }
      case "ecs_last_status":
        {
          Set<String> statuses = upper(strings(key, value));
          return on(
              e ->
                  ecsTask(e) != null
                      && ecsTask(e).lastStatus() != null
                      && statuses.contains(ecsTask(e).lastStatus().toUpperCase(Locale.ROOT)));
        }
      case "ecs_stop_code":
        {
          Set<String> codes = lower(strings(key, value));
          return on(
              e ->
                  ecsTask(e) != null
                      && ecsTask(e).stopCode() != null
                      && codes.contains(ecsTask(e).stopCode().toLowerCase(Locale.ROOT)));
        }
      case "ecs_stopped_reason":
        {
          Pattern pattern = regex(key, value);
          return on(e -> ecsTask(e) != null && find(pattern, ecsTask(e).stoppedReason()));
        }
      case "ecs_container_reason":
        {
          Pattern pattern = regex(key, value);
          return on(
              e ->
                  ecsTask(e) != null
                      && ecsTask(e).containers().stream().anyMatch(c -> find(pattern, c.reason())));
        }
      case "http_status":
        {
          IntPredicate statuses = httpStatuses(value);
          return on(
              e ->
                  e.facts().http() != null
                      && e.facts().http().status() != null
                      && statuses.test(e.facts().http().status()));
        }
      case "lambda_type":
        {
          Set<String> types = upper(strings(key, value));
          return on(
              e ->
                  lambda(e) != null
                      && lambda(e).type() != null
                      && types.contains(lambda(e).type().toUpperCase(Locale.ROOT)));
        }
      case "lambda_status":
        {
          Set<String> statuses = lower(strings(key, value));
          return on(
              e ->
                  lambda(e) != null
                      && lambda(e).status() != null
                      && statuses.contains(lambda(e).status().toLowerCase(Locale.ROOT)));
        }
      case "lambda_error_type":
        {
          Pattern pattern = regex(key, value);
          return on(e -> lambda(e) != null && find(pattern, lambda(e).errorType()));
        }
      case "lambda_memory_exhausted":
        {
          if (!value.isBoolean()) {
            throw new IllegalArgumentException("lambda_memory_exhausted: must be true or false");
          }
          boolean wanted = value.booleanValue();
          return on(e -> memoryExhausted(lambda(e)) == wanted);
        }
      case "error_type":
        {
          Pattern pattern = regex(key, value);
          return on(e -> e.facts().error() != null && find(pattern, e.facts().error().type()));
        }
      case "s3_path":
        {
          Pattern pattern = regex(key, value);
          return on(e -> e.facts().s3Paths().stream().anyMatch(path -> find(pattern, path)));
        }
      case "fields":
        {
          if (!value.isObject() || value.isEmpty()) {
            throw new IllegalArgumentException(
                "fields: must be a non-empty map of field name to regex");
          }
          List<Map.Entry<String, Pattern>> fields = new ArrayList<>();
          value
              .fields()
              .forEachRemaining(
                  f ->
                      fields.add(
                          Map.entry(f.getKey(), regex("fields." + f.getKey(), f.getValue()))));
          return on(
              e -> fields.stream().allMatch(f -> find(f.getValue(), e.fields().get(f.getKey()))));
        }
      case "logger":
        {
          Pattern pattern = regex(key, value);
          return on(e -> find(pattern, e.logger()));
        }
      case "message":
        {
          Pattern pattern = regex(key, value);
          Optional<RequiredLiterals.Check> literals = RequiredLiterals.of(pattern.pattern());
          return s ->
              (literals.isEmpty() || s.messageAdmits(literals.get()))
                  && find(pattern, s.event.message());
        }
      case "text":
        {
          Pattern pattern = regex(key, value);
          Optional<RequiredLiterals.Check> literals = RequiredLiterals.of(pattern.pattern());
          return s ->
              (literals.isEmpty() || literals.get().admits(s.lowerText()))
                  && pattern.matcher(s.text()).find();
        }
      default:
        throw new IllegalStateException("condition key without a check: " + key);
    }
  }

  private static Predicate<Subject> on(Predicate<LogEvent> check) {
    return s -> check.test(s.event);
  }

  static boolean memoryExhausted(Facts.LambdaFacts lambda) {
    return lambda != null
        && lambda.memorySizeMb() != null
        && lambda.maxMemoryUsedMb() != null
        && lambda.maxMemoryUsedMb() >= lambda.memorySizeMb();
  }

  private static Facts.LambdaFacts lambda(LogEvent event) {
    return event.facts().lambda();
  }

  private static Facts.EcsTaskFacts ecsTask(LogEvent event) {
    return event.facts().ecsTask();
  }

  /**
   * Source kind names (a single name is accepted as a list of one), for {@code source_kind}
   * conditions.
   */
  static Set<SourceKind> sourceKinds(JsonNode value) {
    Set<SourceKind> kinds = new LinkedHashSet<>();
    for (String word : strings("source_kind", value)) {
      try {
        kinds.add(SourceKind.valueOf(word.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException(
            "source_kind: unknown kind '"
                + word
                + "' (known: LAMBDA, "
                + "ECS_SERVICE, ECS_TASK, EVENTS, OTHER)");
      }
    }
    return kinds;
  }

  static boolean find(Pattern pattern, String text) {
    return text != null && pattern.matcher(bounded(text)).find();
  }

  private static String bounded(String text) {
    return text.length() > MAX_MATCHED_CHARS ? text.substring(0, MAX_MATCHED_CHARS) : text;
  }

  static Pattern regex(String key, JsonNode value) {
    String text = text(key, value);
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          key + ": invalid regex '" + text + "': " + e.getDescription());
    }
  }

  private static String text(String key, JsonNode value) {
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException(key + ": must be a non-empty string");
    }
    return value.asText();
  }

  /** A list of scalars (a single scalar is accepted as a list of one). */
  static Set<String> strings(String key, JsonNode value) {
    Set<String> out = new LinkedHashSet<>();
    if (value.isValueNode() && !value.isNull()) {
      out.add(value.asText());
    } else if (value.isArray() && !value.isEmpty()) {
      for (JsonNode item : value) {
        if (!item.isValueNode() || item.isNull() || item.asText().isEmpty()) {
          throw new IllegalArgumentException(key + ": items must be non-empty scalars");
        }
        out.add(item.asText());
      }
    } else {
      throw new IllegalArgumentException(key + ": must be a non-empty list");
    }
    return out;
  }

  private static Set<String> upper(Set<String> words) {
    Set<String> out = new LinkedHashSet<>();
    words.forEach(w -> out.add(w.toUpperCase(Locale.ROOT)));
    return out;
  }

  private static Set<String> lower(Set<String> words) {
    Set<String> out = new LinkedHashSet<>();
    words.forEach(w -> out.add(w.toLowerCase(Locale.ROOT)));
    return out;
  }

  /** Exit codes: integers, {@code nonzero} or {@code any}. */
  private static IntPredicate exitCodes(JsonNode value) {
    IntPredicate any = code -> false;
    for (String item : strings("exit_code", value)) {
      IntPredicate one;
      if (item.equals("any")) {
        one = code -> true;
      } else if (item.equals("nonzero")) {
        one = code -> code != 0;
      } else {
        int wanted = integer("exit_code", item, "an integer, 'nonzero' or 'any'");
        one = code -> code == wanted;
      }
      any = any.or(one);
    }
    return any;
  }

  /** HTTP statuses: integers such as {@code 503}, or classes such as {@code 5xx}. */
  private static IntPredicate httpStatuses(JsonNode value) {
    IntPredicate any = status -> false;
    for (String item : strings("http_status", value)) {
      IntPredicate one;
      if (item.matches("[1-5]xx")) {
        int klass = item.charAt(0) - '0';
        one = status -> status / 100 == klass;
      } else {
        int wanted = integer("http_status", item, "a status such as 503 or a class such as 5xx");
        one = status -> status == wanted;
      }
      any = any.or(one);
    }
    return any;
  }

  private static int integer(String key, String item, String expected) {
    try {
      return Integer.parseInt(item);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + item + "' is not " + expected);
    }
  }
}

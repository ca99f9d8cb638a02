package dev.correlate.core.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineSummary.EventRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A resolution that fits the failing piece: it replaces its category's resolution when the evidence
 * shown for the category matches {@code when} (its service, source kind or message). The same
 * category calls for different work in different places — an OOM in an ECS task wants the task
 * memory raised, an OOM in a Lambda function its memory setting.
 *
 * @param when which shown evidence it fits
 * @param text what to do
 */
public record Resolution(Predicate<EventRef> when, String text) {
  /** Every key a resolution's {@code when} may hold; documented in docs/operations.md. */
  static final List<String> KEYS = List.of("service", "source_kind", "message");

  boolean fits(EventRef evidence) {
    return evidence != null && when.test(evidence);
  }

  /** Reads a {@code when}; a problem throws {@link IllegalArgumentException} naming the key. */
  static Predicate<EventRef> parse(JsonNode when) {
    if (when == null || !when.isObject() || when.isEmpty()) {
      throw new IllegalArgumentException("'when' must be a non-empty map with keys " + KEYS);
    }
    List<Predicate<EventRef>> checks = new ArrayList<>();
    for (Iterator<String> names = when.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      JsonNode value = when.get(key);
      switch (key) {
        case "service":
          {
            Set<String> services = Condition.strings(key, value);
            checks.add(ref -> ref.service() != null && services.contains(ref.service()));
            break;
          }
        case "source_kind":
          {
            Set<SourceKind> kinds = Condition.sourceKinds(value);
            checks.add(
                ref ->
                    ref.sourceKind() != null
                        && kinds.stream().anyMatch(k -> k.name().equals(ref.sourceKind())));
            break;
          }
        case "message":
          {
            Pattern pattern = Condition.regex(key, value);
            checks.add(ref -> Condition.find(pattern, ref.message()));
            break;
          }
        default:
          throw new IllegalArgumentException(
              "unknown condition '" + key + "' (known: " + String.join(", ", KEYS) + ")");
      }
    }
    return ref -> checks.stream().allMatch(check -> check.test(ref));
  }
}

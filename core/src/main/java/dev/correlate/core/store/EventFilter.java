package dev.correlate.core.store;

import dev.correlate.core.filter.FilterPattern;
import dev.correlate.core.model.Level;
import java.util.Objects;
import java.util.Set;

/**
 * Narrows a timeline's events.
 *
 * @param services only these services; empty for all
 * @param minLevel only events at this level or more severe; null for all
 * @param pattern a filter pattern the events must match ({@link FilterPattern.MatchAll} for all)
 */
public record EventFilter(Set<String> services, Level minLevel, FilterPattern pattern) {
  public static final EventFilter ALL =
      new EventFilter(Set.of(), null, new FilterPattern.MatchAll());

  public EventFilter {
    services = Set.copyOf(services);
    Objects.requireNonNull(pattern, "pattern");
  }
}

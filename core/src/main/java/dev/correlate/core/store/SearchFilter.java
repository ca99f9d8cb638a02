package dev.correlate.core.store;

import dev.correlate.core.filter.FilterPattern;
import dev.correlate.core.model.Level;
import java.util.Objects;

/**
 * A search over all events. Null parts do not narrow.
 *
 * @param pattern the CloudWatch filter pattern events must match
 * @param logGroup only this log group
 * @param service only this service
 * @param minLevel only events at this level or more severe
 * @param since events at or after this time (epoch ms)
 * @param until events before this time (epoch ms)
 */
public record SearchFilter(
    FilterPattern pattern,
    String logGroup,
    String service,
    Level minLevel,
    Long since,
    Long until) {
  public SearchFilter {
    Objects.requireNonNull(pattern, "pattern");
  }
}

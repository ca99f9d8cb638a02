package dev.correlate.core.store;

import dev.correlate.core.model.TimelineId;
import java.util.Objects;

/**
 * Narrows a listing of timeline summaries. Null parts do not narrow.
 *
 * @param kind jobs or correlations
 * @param status {@code running}, {@code completed}, {@code failed}, {@code stuck}, {@code ok},
 *     {@code error}
 * @param stage the furthest stage reached (jobs)
 * @param category the failure category (jobs)
 * @param service a service that took part
 * @param since only timelines with an event at or after this time (epoch ms)
 * @param until only timelines with an event before this time (epoch ms)
 */
public record SummaryFilter(
    TimelineId.Kind kind,
    String status,
    String stage,
    String category,
    String service,
    Long since,
    Long until) {
  public SummaryFilter {
    Objects.requireNonNull(kind, "kind");
  }

  public static SummaryFilter all(TimelineId.Kind kind) {
    return new SummaryFilter(kind, null, null, null, null, null, null);
  }
}

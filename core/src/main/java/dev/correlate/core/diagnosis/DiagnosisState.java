package dev.correlate.core.diagnosis;

import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.StageAt;
import java.util.List;
import java.util.Map;

/**
 * What diagnosis has learnt of one timeline so far, bounded in size whatever the number of events:
 * one time span per evidence rule, one first and one last event per failure category, the first
 * error, and the last few lines of a few services. It lives inside the streams aggregate
 * (serialized with {@code core.json.Json}), so it is a plain immutable record. Everything in it is
 * a minimum or a maximum over the events seen, so the same events give the same state whatever
 * order they arrived in, and a duplicate changes nothing.
 *
 * @param stages stages reached, ordered by the time of their evidence (derived, kept for readers of
 *     the state)
 * @param terminalStatus {@code completed} or {@code failed} once the events say so, else null
 *     (derived)
 * @param category the failure category chosen by precedence, ignoring the stuck clock (derived)
 * @param firstError the earliest error event (ERROR or FATAL, or an HTTP 5xx)
 * @param evidence the first error and the chosen category's evidence (derived; a diagnosis adds the
 *     last lines)
 * @param ruleHits per stage, failed or run-end rule id: the times of its earliest (and latest)
 *     matching events
 * @param categoryHits per failure category: its earliest and latest evidence events
 * @param lastLines per service: its latest lines, oldest first (at most {@value
 *     Diagnoser#LINES_PER_SERVICE} lines for at most {@value Diagnoser#MAX_SERVICES} services, the
 *     most recently active)
 */
public record DiagnosisState(
    List<StageAt> stages,
    String terminalStatus,
    String category,
    EventRef firstError,
    List<EventRef> evidence,
    Map<String, Span> ruleHits,
    Map<String, CategoryHit> categoryHits,
    Map<String, List<EventRef>> lastLines) {
  public DiagnosisState {
    stages = stages == null ? List.of() : List.copyOf(stages);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    ruleHits = ruleHits == null ? Map.of() : Map.copyOf(ruleHits);
    categoryHits = categoryHits == null ? Map.of() : Map.copyOf(categoryHits);
    lastLines = lastLines == null ? Map.of() : Map.copyOf(lastLines);
  }

  /**
   * The state as first published, without the evidence bookkeeping; kept for source compatibility.
   */
  public DiagnosisState(
      List<StageAt> stages,
      String terminalStatus,
      String category,
      EventRef firstError,
      List<EventRef> evidence) {
    this(stages, terminalStatus, category, firstError, evidence, Map.of(), Map.of(), Map.of());
  }

  public static DiagnosisState empty() {
    return new DiagnosisState(List.of(), null, null, null, List.of(), Map.of(), Map.of(), Map.of());
  }

  /**
   * Event times, epoch ms, of the earliest and the latest event matching one rule ({@code last} is
   * kept only for rules whose latest match matters: completed and failed evidence; else it equals
   * {@code first}).
   */
  public record Span(long first, long last) {
    /**
     * This span with one more match at {@code at}; {@code latest}: whether the latest time is kept.
     */
    Span widen(long at, boolean latest) {
      long f = Math.min(first, at);
      long l = latest ? Math.max(last, at) : f;
      return f == first && l == last ? this : new Span(f, l);
    }
  }

  /** The earliest and the latest evidence event of one failure category. */
  public record CategoryHit(EventRef first, EventRef last) {}
}

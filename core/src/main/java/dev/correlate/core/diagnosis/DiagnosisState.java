package dev.correlate.core.diagnosis;

import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.StageAt;
import java.util.List;

/**
 * What diagnosis has learnt of one timeline so far, bounded in size whatever the number of events. It lives
 * inside the streams aggregate (serialized with {@code core.json.Json}), so it is a plain immutable record.
 *
 * @param stages stages reached, in order, each with the time of its evidence
 * @param terminalStatus {@code completed} or {@code failed} once a terminal status was seen, else null
 * @param category the failure category chosen so far, by precedence
 * @param firstError the earliest error event
 * @param evidence bounded evidence events
 */
public record DiagnosisState(List<StageAt> stages, String terminalStatus, String category, EventRef firstError,
                             List<EventRef> evidence) {
  public DiagnosisState {
    stages = stages == null ? List.of() : List.copyOf(stages);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  public static DiagnosisState empty() {
    return new DiagnosisState(List.of(), null, null, null, List.of());
  }
}

package dev.correlate.core.cloudwatch;

import dev.correlate.core.model.RawLogEvent;
import java.util.List;
import java.util.Objects;

/**
 * What became of one payload: either its events (and what was set aside), or why the whole of it
 * was refused.
 */
public sealed interface DecodeResult {

  /**
   * The payload decoded.
   *
   * @param events data events, in payload order, each within the per-event limit
   * @param controlMessages CloudWatch {@code CONTROL_MESSAGE} documents seen (counted, carry no
   *     data)
   * @param tooLarge events over the per-event limit, to be quarantined with {@link
   *     DecodeFailure.Reason#EVENT_TOO_LARGE}
   */
  record Decoded(List<RawLogEvent> events, int controlMessages, List<RawLogEvent> tooLarge)
      implements DecodeResult {
    public Decoded {
      events = List.copyOf(events);
      tooLarge = List.copyOf(tooLarge);
    }
  }

  /** The payload as a whole is unusable; its original bytes belong in the dead-letter topic. */
  record Rejected(DecodeFailure failure) implements DecodeResult {
    public Rejected {
      Objects.requireNonNull(failure, "failure");
    }
  }
}

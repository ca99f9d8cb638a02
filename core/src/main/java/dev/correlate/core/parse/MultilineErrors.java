package dev.correlate.core.parse;

import dev.correlate.core.model.Facts.ErrorFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;

/**
 * Joins multi-line errors that arrive as separate events of one log stream: Python tracebacks
 * ({@code Traceback (most recent call last):}, indented {@code File "…", line N} and code lines,
 * chained {@code During handling of the above exception…}, the final {@code SomeError: message}
 * line) and Java stack traces (an exception header, {@code \tat …} frames, {@code Caused by: …},
 * {@code ... N more}).
 *
 * <p>Pure and bounded: the caller keeps one tiny {@link State} per log stream (key: {@code <log
 * group>|<log stream>}, not the raw topic's key, which is a task's for ECS streams) and feeds the
 * stream's parsed events in order:
 *
 * <pre>{@code
 * Step step = MultilineErrors.next(store.get(streamKey), parsed);
 * if (step.state() == null) store.delete(streamKey); else store.put(streamKey, step.state());
 * forward(step.event());
 * }</pre>
 *
 * Events stay separate; those of one error share {@link ErrorFacts#groupId()}, the id of the event
 * that began it: an error-level line (the anchor, for example {@code logger.exception}'s message
 * line), a {@code Traceback} line or a Java exception header. The beginning event gets {@code
 * continuation = false}; every following one {@code continuation = true}. The event that names the
 * exception (the final traceback line, the header, each {@code Caused by:}) carries its type and
 * message, and is raised to ERROR when no event of the group was at ERROR or above yet (an uncaught
 * exception printed without a logger).
 *
 * <p>Only bare lines continue an error: a line the parser read as a record of its own (with an
 * in-message time, a logger, JSON, or a Lambda platform record) never does, and neither does an
 * unindented line that is not an exception or traceback line.
 *
 * <p>A group ends at the first line that cannot continue it, after {@link #MAX_EVENTS} events, or
 * when the next event is more than {@link #MAX_GAP_MS} away from the previous one; a state whose
 * {@link State#lastTimestamp()} is that old can be dropped from the store ({@link
 * State#expiredAt(long)}).
 */
public final class MultilineErrors {
  /** Events further apart than this (CloudWatch time) never belong to one error. */
  public static final long MAX_GAP_MS = 10_000;

  /** Most events one error spans; a longer trace starts over. */
  public static final int MAX_EVENTS = 500;

  private static final String CHAIN_CAUSE =
      "The above exception was the direct cause of the following exception:";
  private static final String CHAIN_CONTEXT =
      "During handling of the above exception, another exception occurred:";

  private MultilineErrors() {}

  /** Where a stream is inside an error. */
  public enum Phase {
    /** An error-level line was seen: a traceback or stack trace may follow. */
    ANCHOR,
    /** Inside a traceback or stack trace. */
    TRACE,
    /** A traceback's final line was seen: a chained exception may follow. */
    ENDED
  }

  /**
   * What one log stream remembers between events; serializable with {@code core.json.Json}.
   *
   * @param groupId the error group's id: the id of its first event
   * @param phase where the stream is inside the error
   * @param lastTimestamp CloudWatch time of the group's latest event, epoch ms
   * @param events events in the group so far
   * @param levelled whether an event of the group is at ERROR or above
   */
  public record State(
      String groupId, Phase phase, long lastTimestamp, int events, boolean levelled) {
    /** Whether an event at {@code timestampMs} can no longer continue this error. */
    public boolean expiredAt(long timestampMs) {
      return Math.abs(timestampMs - lastTimestamp) > MAX_GAP_MS || events >= MAX_EVENTS;
    }
  }

  /**
   * The outcome for one event.
   *
   * @param event the event, with its error facts (and level) when it belongs to an error
   * @param state what to keep for the stream; null when nothing (delete the stream's entry)
   */
  public record Step(LogEvent event, State state) {}

  /**
   * The next step of a stream: {@code previous} is its state (null when none), {@code event} its
   * next event.
   */
  public static Step next(State previous, LogEvent event) {
    String line = event.message();
    State state = previous == null || previous.expiredAt(event.timestamp()) ? null : previous;
    if (state != null && isBare(event)) {
      Continuation c = continuation(state.phase(), line);
      if (c != null) {
        ErrorFacts error = new ErrorFacts(c.type, c.message, state.groupId(), true);
        boolean raise = c.type != null && !state.levelled() && !event.level().isError();
        Level level = raise ? Level.ERROR : event.level();
        return new Step(
            event.withFacts(event.facts().withError(error), level),
            new State(
                state.groupId(),
                c.next,
                event.timestamp(),
                state.events() + 1,
                state.levelled() || level.isError()));
      }
    }
    return begin(event, line);
  }

  private static Step begin(LogEvent event, String line) {
    ErrorFacts own = event.facts().error();
    String type = own == null ? null : own.type();
    String message = own == null ? null : own.message();
    Phase phase;
    Level level = event.level();
    if (line.startsWith(Exceptions.TRACEBACK)) {
      phase = Phase.TRACE;
    } else if (ParseText.startsWithIdentifier(line) && Exceptions.header(line) != null) {
      String[] h = Exceptions.header(line);
      type = h[0];
      message = h[1] == null || h[1].isBlank() ? null : h[1].trim();
      phase = Phase.TRACE;
      if (!level.isError()) {
        level = Level.ERROR;
      }
    } else if (level.isError()) {
      phase = Phase.ANCHOR;
    } else {
      return new Step(event, null);
    }
    ErrorFacts error = new ErrorFacts(type, message, event.eventId(), false);
    return new Step(
        event.withFacts(event.facts().withError(error), level),
        new State(event.eventId(), phase, event.timestamp(), 1, level.isError()));
  }

  /**
   * Whether the event is a bare line, as continuation lines are: a line the parser read as a log
   * record of its own (with a time, a logger, JSON structure or a Lambda platform record) begins
   * something new.
   */
  private static boolean isBare(LogEvent event) {
    return event.messageTimestamp() == null
        && event.logger() == null
        && event.facts().lambda() == null
        && !event.message().startsWith("{");
  }

  /** How {@code line} continues an error in {@code phase}, or null when it does not. */
  private static Continuation continuation(Phase phase, String line) {
    if (line.isBlank() && phase != Phase.ANCHOR) {
      // blank lines separate chained tracebacks
      return new Continuation(phase, null, null);
    }
    boolean indented = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
    if (indented
        || line.startsWith(Exceptions.TRACEBACK)
        || line.equals(CHAIN_CAUSE)
        || line.equals(CHAIN_CONTEXT)) {
      return new Continuation(Phase.TRACE, null, null);
    }
    if (line.startsWith(Exceptions.CAUSED_BY)) {
      String[] cause = Exceptions.finalLine(line.substring(Exceptions.CAUSED_BY.length()));
      return cause == null
          ? new Continuation(Phase.TRACE, null, null)
          : new Continuation(Phase.TRACE, cause[0], trimmed(cause[1]));
    }
    if (phase == Phase.ANCHOR && ParseText.startsWithIdentifier(line)) {
      String[] header = Exceptions.header(line);
      return header == null ? null : new Continuation(Phase.TRACE, header[0], trimmed(header[1]));
    }
    if (phase == Phase.TRACE && ParseText.startsWithIdentifier(line)) {
      String[] last = Exceptions.finalLine(line);
      return last == null ? null : new Continuation(Phase.ENDED, last[0], trimmed(last[1]));
    }
    return null;
  }

  private static String trimmed(String s) {
    return s == null || s.isBlank() ? null : ParseText.cut(s.trim(), 1000);
  }

  private record Continuation(Phase next, String type, String message) {}
}

package dev.correlate.streams;

import dev.correlate.streams.DeadLetterHandlers.DeadLetterUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a stream thread that died. An outage (Kafka slow or away, a transaction fenced or
 * timed out, the dead-letter topic not taking a record) replaces the thread: the new one rejoins
 * the group and resumes from the committed offsets, so nothing is skipped. Anything else (a defect
 * that escaped the record handlers, a state store that cannot be opened), or more than {@link
 * #MAX_REPLACEMENTS} replacements within {@link #WINDOW}, shuts the Kafka Streams client down: it
 * goes to {@code ERROR}, and {@link StreamsService} ends the process so that it is restarted with
 * fresh clients and state, instead of replacing threads in a tight loop.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
  static final int MAX_REPLACEMENTS = 10;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

  /** Causes looked at, at most: a cycle or a very deep chain ends the search. */
  private static final int MAX_CAUSES = 32;

  private final LongSupplier clock;
  private final Deque<Long> replaced = new ArrayDeque<>();

  StreamThreadFailures(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
    if (!outage(failure)) {
      LOG.error(
          "a stream thread failed with an error that no retry heals; shutting Kafka Streams down",
          failure);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    long now = clock.getAsLong();
    while (!replaced.isEmpty() && replaced.peekFirst() <= now - WINDOW.toMillis()) {
      replaced.removeFirst();
    }
    if (replaced.size() >= MAX_REPLACEMENTS) {
      LOG.error(
          "stream threads failed {} times within {}; shutting Kafka Streams down",
          replaced.size() + 1,
          WINDOW,
          failure);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replaced.addLast(now);
    LOG.warn(
        "a stream thread failed on an outage; replacing it, it resumes from the committed offsets: {}",
        failure.toString(),
        failure);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /**
   * Whether {@code failure} or one of its causes is an outage that a new thread may not meet again.
   */
  static boolean outage(Throwable failure) {
    Throwable t = failure;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (t instanceof RetriableException
          || t instanceof DeadLetterUnavailableException
          || t instanceof TaskMigratedException
          || t instanceof TaskCorruptedException
          || t instanceof ProducerFencedException
          || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }
}

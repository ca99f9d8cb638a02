package dev.correlate.streams;

import dev.correlate.core.store.StorageUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer's state loop through outages and rebalances, apart from its write path: each {@link
 * #step()} rewinds if a rewind is pending, polls, hands the records to the {@link WritePath}, has
 * it send a bulk when due and commit the bulks acknowledged. When the store, Kafka or the
 * dead-letter topic does not acknowledge, what the write path buffered is forgotten, every assigned
 * partition is rewound to its committed offset and the next poll waits a pause that doubles from
 * {@link #MIN_PAUSE} up to {@link #MAX_PAUSE}, so nothing past a committed offset is ever skipped.
 * Partitions taken away by a rebalance are drained (every bulk sent and acknowledged) and committed
 * first; when that fails, the partitions kept are rewound. An error that no wait heals is thrown to
 * the caller.
 *
 * <p>Owned by the indexer's thread.
 */
final class IndexerRecovery implements ConsumerRebalanceListener {
  /**
   * What the loop drives: buffering what it polled, sending it as bulks (one built while another is
   * in flight) and committing each once it is acknowledged.
   */
  interface WritePath {
    /** Buffers what one poll returned, read at {@code nowMs}. */
    void buffer(ConsumerRecords<byte[], byte[]> records, long nowMs);

    /** Whether anything read is not committed yet (buffered, or sent and not acknowledged). */
    boolean uncommitted();

    /** Whether the buffer should be sent now. */
    boolean sendDue(long nowMs);

    /**
     * How long until the buffer is due by its age alone, at most {@code longest}; {@code longest}
     * when nothing is buffered.
     */
    Duration untilDue(long nowMs, Duration longest);

    /**
     * Sends the buffer as a bulk, after waiting for the bulks in flight that must come first.
     *
     * @throws Outage (or a storage or Kafka error) when a bulk waited for did not acknowledge
     */
    void send();

    /**
     * Commits every bulk the store has answered, oldest first, after its dead letters are
     * acknowledged; waits for no answer. Returns whether it committed anything.
     *
     * @throws Outage (or a storage or Kafka error) when something did not acknowledge
     */
    boolean commitAnswered();

    /**
     * Sends the buffer, waits for every bulk and its dead letters, then commits: nothing read stays
     * uncommitted.
     *
     * @throws Outage (or a storage or Kafka error) when something did not acknowledge
     */
    void drain();

    /**
     * Drops what is buffered or in flight and uncommitted: it will be read again. Returns once no
     * bulk sent before is still being written.
     */
    void forget();
  }

  /** Where the loop is, for the indexer's health. */
  interface Status {
    /** Everything up to the last commit was acknowledged. */
    void indexing();

    /** An outage: rewound, waiting before the next poll. */
    void backingOff(String reason);
  }

  /** An outage of one of the indexer's dependencies: waited out, never fatal. */
  static final class Outage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Outage(String what, Throwable cause) {
      super(what + ": " + cause.getMessage(), cause);
    }
  }

  static final Duration MIN_PAUSE = Duration.ofMillis(200);
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final WritePath writes;
  private final Status status;
  private final Consumer<Duration> sleeper;
  private Duration pause = MIN_PAUSE;

  /**
   * Buffered records were forgotten while the consumer's position stayed past them: seek back
   * first.
   */
  private boolean rewindPending;

  /** {@code sleeper} waits out a pause (and stops the indexer when interrupted). */
  IndexerRecovery(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      WritePath writes,
      Status status,
      Consumer<Duration> sleeper) {
    this.consumer = consumer;
    this.writes = writes;
    this.status = status;
    this.sleeper = sleeper;
  }

  /**
   * Whether a Kafka client error is an outage or a rebalance that waiting heals: the broker slow or
   * away (retriable errors, timeouts), or the group moved on without this member (a commit refused
   * after a rebalance).
   */
  static boolean heals(KafkaException e) {
    return e instanceof RetriableException
        || e instanceof CommitFailedException
        || e instanceof RebalanceInProgressException;
  }

  /** The pause after {@code pause}: twice as long, at most {@link #MAX_PAUSE}. */
  static Duration longer(Duration pause) {
    Duration doubled = pause.multipliedBy(2);
    return doubled.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : doubled;
  }

  void step() {
    try {
      if (rewindPending) {
        rewind();
      }
      // no longer than until the buffer is due: under exactly-once the records come in bursts, one
      // per commit upstream, and a poll that waited for the next burst sent a due buffer up to a
      // whole poll late
      ConsumerRecords<byte[], byte[]> records =
          consumer.poll(writes.untilDue(System.currentTimeMillis(), POLL));
      long now = System.currentTimeMillis();
      if (rewindPending) {
        // a revocation inside this poll forgot the buffer and could not rewind: these will be read
        // again
        return;
      }
      writes.buffer(records, now);
      if (writes.sendDue(now)) {
        writes.send();
      }
      if (writes.commitAnswered()) {
        recovered();
      }
    } catch (StorageUnavailableException e) {
      outage(new Outage("OpenSearch", e));
    } catch (Outage e) {
      outage(e);
    } catch (KafkaException e) {
      if (e instanceof WakeupException || !heals(e)) {
        throw e;
      }
      outage(new Outage("Kafka", e));
    }
  }

  private void recovered() {
    status.indexing();
    pause = MIN_PAUSE;
  }

  /** Drop the buffer, go back to the committed offsets, wait longer each time. */
  private void outage(Outage e) {
    status.backingOff(e.getMessage());
    LOG.warn(
        "indexing failed, rewinding to the last committed offsets and retrying in {}: {}",
        pause,
        e.getMessage());
    writes.forget();
    rewindPending = true;
    try {
      rewind();
    } catch (KafkaException rewindFailed) {
      if (rewindFailed instanceof WakeupException || !heals(rewindFailed)) {
        throw rewindFailed;
      }
      // Kafka is away too: the rewind is retried before the next poll
    }
    sleeper.accept(pause);
    pause = longer(pause);
  }

  /** Seeks every assigned partition back to its committed offset (the beginning when none). */
  private void rewind() {
    rewind(consumer.assignment());
  }

  private void rewind(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata offset = committed.get(tp);
        if (offset != null) {
          consumer.seek(tp, offset);
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
    }
    rewindPending = false;
  }

  /**
   * Before partitions go to another member, what was read of them is written and committed
   * (everything buffered and in flight is, since one bulk holds all partitions). If that fails, the
   * buffer is forgotten: the revoked partitions are read again by their new owner from the
   * committed offsets, and the partitions this member keeps (a cooperative rebalance revokes only
   * some) are rewound to theirs, so none of their buffered records is skipped.
   */
  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty() || rewindPending) {
      return;
    }
    try {
      if (writes.uncommitted()) {
        writes.drain();
      }
    } catch (RuntimeException e) {
      if (e instanceof WakeupException) {
        throw e;
      }
      LOG.warn(
          "could not commit what was read before partitions {} were revoked; they are read again from the "
              + "committed offsets: {}",
          partitions,
          e.getMessage());
      writes.forget();
      Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
      kept.removeAll(partitions);
      rewindPending = true;
      try {
        rewind(kept);
      } catch (KafkaException rewindFailed) {
        // retried before the next poll; this poll's records are not buffered meanwhile
      }
    }
  }

  /**
   * The partitions already belong to another member (this one was dropped from the group, for
   * example after a long outage): nothing can be committed for them. What was buffered is forgotten
   * and read again by its owner; the partitions assigned next start from their committed offsets.
   */
  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    writes.forget();
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
}

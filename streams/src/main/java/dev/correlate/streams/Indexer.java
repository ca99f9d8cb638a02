package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.health.Fatal;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.core.store.TimelineWriter;
import dev.correlate.core.topics.RecordBudget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the events and timelines topics into storage: a plain consumer in its own group ({@code
 * isolation.level=read_committed}, so aborted exactly-once output is never indexed), writing
 * through a {@link TimelineWriter}. Offsets are committed only after the store acknowledged every
 * document up to them and the dead-letter topic acknowledged every record quarantined up to them,
 * so a crash replays, and idempotent ids make the replay harmless: at-least-once delivery,
 * exactly-once effect.
 *
 * <p>Bulks are written by {@link #BULKS_IN_FLIGHT} threads of their own ({@code
 * correlate-indexer-bulk-…}): the indexer's thread reads and buffers the next bulk while the store
 * writes one, and commits each bulk once it and every bulk before it are acknowledged. A bulk that
 * shares an event with the bulk in flight waits for it, so that the newer copy of an event
 * re-emitted with late links is stored last.
 *
 * <p>An event is written as the stream serialized it: only its id, time and receipt are read
 * ({@link IndexerScan}), and the record's bytes become the document ({@link
 * TimelineWrite.EventBytes}). Timeline summaries are read, since their document adds fields.
 *
 * <p>Tombstones on the timelines topic (a timeline purged from streams state) are skipped: the
 * document stays until retention. A document the store refuses for good, or a record that cannot be
 * read, goes to the dead-letter topic (stage {@code indexer}) with the reason.
 *
 * <p>Outages of any length are waited out, never fatal: when the store, Kafka (a commit, the
 * committed offsets) or the dead-letter topic does not acknowledge, the indexer forgets what it
 * buffered and sent (once the store answered every bulk in flight), rewinds to the committed
 * offsets and tries again after a pause that doubles up to {@link IndexerRecovery#MAX_PAUSE}
 * ({@link State#BACKING_OFF}, unhealthy, naming what failed; the loop through outages and
 * rebalances is {@link IndexerRecovery}). A bulk or commit waited for longer than {@link #STALL}
 * makes it unhealthy too while it waits. Partitions taken away by a rebalance are written and
 * committed first, every bulk in flight included; when that fails, what was buffered and sent is
 * forgotten and the partitions kept are rewound, so nothing past a committed offset is ever
 * skipped. An error that no retry heals (a defect, refused credentials) stops the indexer with an
 * ERROR line and reports it to {@link Fatal}, which ends the process so that it is restarted.
 *
 * <p>Metrics ({@link IndexerMetrics}): records consumed and documents acknowledged (step {@code
 * indexer}), dead letters by reason, and each event's freshness from ingest's receipt to the
 * store's acknowledgement.
 */
public final class Indexer implements Component {
  /** Where the indexer's loop is. */
  public enum State {
    /** Installing the index templates; retried with backoff until the store takes them. */
    PREPARING,
    /** Polling, buffering, sending bulks and committing them. */
    INDEXING,
    /**
     * The store, Kafka or the dead-letter topic did not acknowledge: rewound to the committed
     * offsets, waiting before the next poll.
     */
    BACKING_OFF,
    /** Closed, or stopped by an error it cannot recover from (see {@link #check()}). */
    STOPPED
  }

  /** Dead-letter reasons of the indexer. */
  static final String OPENSEARCH_REJECTED = "opensearch_rejected";

  static final String UNREADABLE_RECORD = "unreadable_record";

  /**
   * Bulks written at once: the next is built and sent while one is outstanding, so the indexer's
   * thread reads and buffers while the store writes.
   */
  static final int BULKS_IN_FLIGHT = 2;

  /**
   * A bulk, dead letter or commit waited for longer than this makes the indexer unhealthy until it
   * returns.
   */
  static final Duration STALL = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

  /** How long the dead-letter producer may take to acknowledge a record (and to find the topic). */
  private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

  private final StreamsSettings settings;
  private final TimelineWriter<ConsumerRecord<byte[], byte[]>> writer;
  private final Fatal fatal;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final Supplier<Producer<byte[], byte[]>> producers;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final IndexerMetrics metrics;
  private final Thread thread;
  private final AtomicInteger senderThreads = new AtomicInteger();
  private volatile State state = State.PREPARING;
  private volatile CheckResult health = CheckResult.degraded("starting");

  /**
   * What a blocking step waits for ("OpenSearch to acknowledge a bulk"), and since when; null when
   * not waiting.
   */
  private volatile String waitingFor;

  private volatile long waitingSince;

  /**
   * The oldest bulk in flight, for {@link #check()}: with two in flight the loop need not wait for
   * either (nothing more to send), so an unanswered bulk must make the indexer unhealthy by itself.
   */
  private volatile Bulk oldestInFlight;

  private volatile Consumer<byte[], byte[]> consumer;

  /**
   * An indexer of {@code settings}' topics into {@code writer}; {@link #start()} runs it on its own
   * thread. An error it cannot recover from goes to {@code fatal}.
   */
  public Indexer(
      StreamsSettings settings,
      TimelineWriter<ConsumerRecord<byte[], byte[]>> writer,
      MeterRegistry registry,
      Fatal fatal) {
    this(settings, writer, registry, fatal, null, null);
  }

  /**
   * With the consumer and the dead-letter producers made by {@code consumers} and {@code producers}
   * (tests).
   */
  Indexer(
      StreamsSettings settings,
      TimelineWriter<ConsumerRecord<byte[], byte[]>> writer,
      MeterRegistry registry,
      Fatal fatal,
      Supplier<Consumer<byte[], byte[]>> consumers,
      Supplier<Producer<byte[], byte[]>> producers) {
    this.settings = settings;
    this.writer = writer;
    this.fatal = fatal;
    this.consumers =
        consumers != null
            ? consumers
            : () ->
                new KafkaConsumer<>(
                    consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.producers =
        producers != null
            ? producers
            : () ->
                new KafkaProducer<>(
                    producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::run, "correlate-indexer");
    this.metrics = new IndexerMetrics(registry);
  }

  public void start() {
    thread.start();
  }

  @Override
  public String name() {
    return "indexer";
  }

  /** Where the loop is now. */
  public State state() {
    return state;
  }

  @Override
  public CheckResult check() {
    if (!thread.isAlive() && running.get() && state != State.PREPARING) {
      return health.healthy() ? CheckResult.unhealthy("indexer thread stopped") : health;
    }
    String waiting = waitingFor;
    long waited = System.currentTimeMillis() - waitingSince;
    if (waiting != null && waited >= STALL.toMillis()) {
      return CheckResult.unhealthy("waiting " + waited / 1000 + " s for " + waiting);
    }
    Bulk oldest = oldestInFlight;
    if (oldest != null && !oldest.answer().isDone()) {
      long unanswered = System.currentTimeMillis() - oldest.sentAtMs();
      if (unanswered >= STALL.toMillis()) {
        return CheckResult.unhealthy(
            "waiting " + unanswered / 1000 + " s for OpenSearch to acknowledge a bulk");
      }
    }
    return health;
  }

  @Override
  public void close() {
    running.set(false);
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      prepare();
      ThreadPoolExecutor senders =
          new ThreadPoolExecutor(
              BULKS_IN_FLIGHT,
              BULKS_IN_FLIGHT,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              this::sender);
      // started now, not at the first bulk, so that a thread dump of an idle indexer shows them too
      senders.prestartAllCoreThreads();
      try (Consumer<byte[], byte[]> c = consumers.get();
          Quarantine deadLetters = new Quarantine()) {
        consumer = c;
        IndexerRecovery loop =
            new IndexerRecovery(c, new Writes(c, deadLetters, senders), new Status(), this::sleep);
        c.subscribe(List.of(settings.topics().events(), settings.topics().timelines()), loop);
        while (running.get()) {
          loop.step();
        }
      } finally {
        senders.shutdownNow();
      }
    } catch (WakeupException | org.apache.kafka.common.errors.InterruptException closing) {
      // close() woke the consumer up; uncommitted work is replayed by the next owner
    } catch (RuntimeException | Error e) {
      if (running.get()) {
        health = CheckResult.unhealthy("indexer stopped: " + e);
        LOG.error(
            "indexer stopped by an error it cannot recover from; ending the service so that it is restarted",
            e);
        fatal.failed(name(), e);
      }
    } finally {
      consumer = null;
      state = State.STOPPED;
    }
  }

  /** A thread that writes bulks for the indexer's thread. */
  private Thread sender(Runnable bulks) {
    Thread sender = new Thread(bulks, "correlate-indexer-bulk-" + senderThreads.incrementAndGet());
    sender.setDaemon(true);
    return sender;
  }

  /** {@link State#PREPARING}: until the store is ready or the indexer is closed. */
  private void prepare() {
    Duration pause = IndexerRecovery.MIN_PAUSE;
    while (running.get()) {
      try {
        writer.prepare();
        health = CheckResult.OK;
        state = State.INDEXING;
        return;
      } catch (StorageUnavailableException e) {
        health = CheckResult.unhealthy(e.getMessage());
        LOG.warn("storage not ready yet: {}", e.getMessage());
        sleep(pause);
        pause = IndexerRecovery.longer(pause);
      }
    }
  }

  /**
   * The write path: buffers what is polled, sends it as bulks, at most {@link #BULKS_IN_FLIGHT} at
   * once, quarantines what the store refuses and commits each bulk once it and every bulk before it
   * are acknowledged; {@link IndexerRecovery} drives it through outages.
   *
   * <p>Bulks in flight together may be stored in any order, and event documents are unversioned
   * (the last write wins): an event re-emitted with late links can sit in two consecutive bulks, so
   * a bulk that shares an event id with one in flight is sent only once that one is acknowledged
   * (see docs/decisions.md). Summaries are versioned by revision and need no such care.
   */
  private final class Writes implements IndexerRecovery.WritePath {
    private final Consumer<byte[], byte[]> consumer;
    private final Quarantine deadLetters;
    private final Executor senders;

    /** Bulks sent, oldest first: each is committed after every one before it. */
    private final Deque<Bulk> inFlight = new ArrayDeque<>();

    private Batch building = new Batch();

    Writes(Consumer<byte[], byte[]> consumer, Quarantine deadLetters, Executor senders) {
      this.consumer = consumer;
      this.deadLetters = deadLetters;
      this.senders = senders;
    }

    /**
     * Buffers what the consumer returned (unreadable records go to the dead-letter topic at once).
     */
    @Override
    public void buffer(ConsumerRecords<byte[], byte[]> records, long now) {
      metrics.consumed(records.count());
      for (ConsumerRecord<byte[], byte[]> record : records) {
        buffer(record, now);
        building.offsets.put(
            new TopicPartition(record.topic(), record.partition()),
            new OffsetAndMetadata(record.offset() + 1));
        if (building.firstAt < 0) {
          building.firstAt = now;
        }
      }
    }

    @Override
    public boolean uncommitted() {
      return !building.offsets.isEmpty() || !inFlight.isEmpty();
    }

    @Override
    public boolean sendDue(long now) {
      return writer.due(now)
          || (building.firstAt >= 0
              && now - building.firstAt >= settings.bulk().flushInterval().toMillis());
    }

    @Override
    public Duration untilDue(long now, Duration longest) {
      if (building.firstAt < 0) {
        return longest;
      }
      long left = building.firstAt + settings.bulk().flushInterval().toMillis() - now;
      return Duration.ofMillis(Math.max(0, Math.min(longest.toMillis(), left)));
    }

    @Override
    public void send() {
      boolean heldBack = false;
      while (inFlight.size() >= BULKS_IN_FLIGHT || sharesAnEvent()) {
        heldBack |= inFlight.size() < BULKS_IN_FLIGHT;
        commitOldest();
      }
      if (heldBack) {
        metrics.heldBack();
      }
      // the consumer's position is past the transaction markers that follow the records (the topics
      // are written by Kafka Streams in transactions): committing the last record's offset + 1
      // would leave a lag of one per partition forever, and an idle indexer would look behind. The
      // position is taken now, while nothing past this bulk is read.
      building.offsets.replaceAll(
          (tp, offset) -> new OffsetAndMetadata(Math.max(offset.offset(), consumer.position(tp))));
      int documents = writer.pending();
      inFlight.addLast(
          new Bulk(
              System.currentTimeMillis(),
              writer
                  .send(senders)
                  .thenApply(refused -> new Answer(refused, System.currentTimeMillis())),
              documents,
              building));
      building = new Batch();
      oldestInFlight = inFlight.peekFirst();
    }

    /** Whether the batch being built holds an event that a bulk in flight holds too. */
    private boolean sharesAnEvent() {
      for (Bulk bulk : inFlight) {
        for (String id : building.eventIds) {
          if (bulk.batch.eventIds.contains(id)) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public boolean commitAnswered() {
      boolean committed = false;
      while (!inFlight.isEmpty() && inFlight.peekFirst().answer.isDone()) {
        commitOldest();
        committed = true;
      }
      return committed;
    }

    @Override
    public void drain() {
      if (!building.offsets.isEmpty()) {
        send();
      }
      while (!inFlight.isEmpty()) {
        commitOldest();
      }
    }

    /**
     * Waits for the oldest bulk, quarantines what the store refused, waits for every dead letter of
     * the bulk, then commits: nothing is committed unwritten, and no offset moves past a record
     * whose dead letter was not acknowledged.
     */
    private void commitOldest() {
      Bulk bulk = inFlight.peekFirst();
      Answer answer = waiting("OpenSearch to acknowledge a bulk", () -> answer(bulk));
      List<Quarantine.Sent> letters = new ArrayList<>(bulk.batch.deadLetters);
      List<ConsumerRecord<byte[], byte[]>> refused = new ArrayList<>();
      for (TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>> r : answer.refused()) {
        refused.add(r.write().context());
        letters.add(
            deadLetters.send(
                r.write().context(), OPENSEARCH_REJECTED, r.status() + " " + r.reason()));
      }
      waiting(
          "the dead-letter topic " + settings.topics().deadLetter() + " to acknowledge",
          () -> {
            deadLetters.awaitAll(letters);
            return null;
          });
      waiting(
          "Kafka to commit offsets",
          () -> {
            consumer.commitSync(bulk.batch.offsets);
            return null;
          });
      metrics.acknowledged(bulk.batch.receivedAt, bulk.documents, refused, answer.atMs());
      inFlight.removeFirst();
      oldestInFlight = inFlight.peekFirst();
    }

    /** The store's answer to {@code bulk}, waited for; its failure thrown as it is. */
    private Answer answer(Bulk bulk) {
      try {
        return bulk.answer.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        if (e.getCause() instanceof Error cause) {
          throw cause;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.common.errors.InterruptException(e);
      }
    }

    /**
     * Drops the buffer and the bulks in flight, once none of them is still being written: a bulk
     * stored after the rewind could overwrite a newer copy of an event written again since.
     */
    @Override
    public void forget() {
      writer.clear();
      building = new Batch();
      waiting(
          "OpenSearch to answer the bulks sent before a rewind",
          () -> {
            for (Bulk bulk : inFlight) {
              try {
                bulk.answer.get();
              } catch (ExecutionException whateverItSays) {
                // the bulk is read and written again
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(e);
              }
            }
            return null;
          });
      inFlight.clear();
      oldestInFlight = null;
    }

    private void buffer(ConsumerRecord<byte[], byte[]> record, long now) {
      if (record.value() == null) {
        return;
      }
      try {
        if (record.topic().equals(settings.topics().events())) {
          IndexerScan.EventHead event = IndexerScan.event(record.value());
          writer.add(
              new TimelineWrite.EventBytes<>(
                  event.eventId(), event.timestamp(), record.value(), record),
              now);
          building.eventIds.add(event.eventId());
          building.receivedAt.put(record, event.receivedAt());
        } else {
          writer.add(
              new TimelineWrite.Summary<>(Json.read(record.value(), TimelineSummary.class), record),
              now);
        }
      } catch (RuntimeException e) {
        building.deadLetters.add(
            deadLetters.send(record, UNREADABLE_RECORD, String.valueOf(e.getMessage())));
      }
    }
  }

  /**
   * What was read since the last bulk was sent, beside the documents in the writer's buffer: the
   * offsets to commit once they are written, the ids of the unversioned documents (events), when
   * ingest received each event (for the freshness), and the dead letters of unreadable records.
   */
  private static final class Batch {
    final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    final Set<String> eventIds = new HashSet<>();
    final Map<ConsumerRecord<byte[], byte[]>, Long> receivedAt = new IdentityHashMap<>();
    final List<Quarantine.Sent> deadLetters = new ArrayList<>();
    long firstAt = -1;
  }

  /** A batch sent as a bulk of {@code documents}: {@code answer} completes when it is written. */
  private record Bulk(
      long sentAtMs, CompletableFuture<Answer> answer, int documents, Batch batch) {}

  /** The documents of a bulk the store refused, and when it acknowledged the others. */
  private record Answer(
      List<TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>>> refused, long atMs) {}

  /** What {@link IndexerRecovery} says about the loop, as the indexer's state and health. */
  private final class Status implements IndexerRecovery.Status {
    @Override
    public void indexing() {
      if (state != State.INDEXING) {
        LOG.info("indexing again");
      }
      state = State.INDEXING;
      health = CheckResult.OK;
    }

    @Override
    public void backingOff(String reason) {
      state = State.BACKING_OFF;
      health = CheckResult.unhealthy(reason);
    }
  }

  /**
   * A step that may block: while it runs longer than {@link #STALL}, {@link #check()} says what it
   * waits for.
   */
  private <T> T waiting(String what, Supplier<T> step) {
    waitingFor = what;
    waitingSince = System.currentTimeMillis();
    try {
      return step.get();
    } finally {
      waitingFor = null;
    }
  }

  /**
   * The indexer's dead-letter producer: each dead letter is acknowledged before the commit of the
   * bulk it belongs to. A producer that failed is replaced at the next send, so a producer broken
   * for good heals with its replacement. Dead letters are counted when acknowledged, not when sent:
   * one the topic refuses is not counted however often it is retried.
   */
  private final class Quarantine implements AutoCloseable {
    private Producer<byte[], byte[]> producer;

    Sent send(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
      RecordBudget.DeadLetter fitted =
          RecordBudget.deadLetter(
              record.value(),
              detail
                  + " (from "
                  + record.topic()
                  + "-"
                  + record.partition()
                  + "@"
                  + record.offset()
                  + ")",
              settings.maxRecordBytes());
      try {
        return new Sent(
            reason,
            producer()
                .send(
                    new ProducerRecord<>(
                        settings.topics().deadLetter(),
                        null,
                        record.key(),
                        fitted.value(),
                        DeadLetters.headers(
                            record.headers(),
                            DeadLetters.INDEXER,
                            reason,
                            fitted.detail(),
                            System.currentTimeMillis()))));
      } catch (KafkaException e) {
        throw failed(e);
      }
    }

    /** Waits for every dead letter of {@code sent}. */
    void awaitAll(List<Sent> sent) {
      try {
        for (Sent letter : sent) {
          // past the producer's own delivery timeout, so every send has an outcome: written or not,
          // never unknown
          letter.ack().get(DEAD_LETTER_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        }
        sent.forEach(letter -> metrics.deadLettered(letter.reason()));
      } catch (ExecutionException e) {
        throw failed(e.getCause());
      } catch (TimeoutException e) {
        throw failed(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.common.errors.InterruptException(e);
      }
    }

    private IndexerRecovery.Outage failed(Throwable cause) {
      close();
      return new IndexerRecovery.Outage(
          "the dead-letter topic " + settings.topics().deadLetter() + " does not take records",
          cause);
    }

    private Producer<byte[], byte[]> producer() {
      if (producer == null) {
        producer = producers.get();
      }
      return producer;
    }

    /** A dead letter sent for {@code reason}, acknowledged when {@code ack} completes. */
    record Sent(String reason, Future<RecordMetadata> ack) {}

    @Override
    public void close() {
      if (producer != null) {
        producer.close(Duration.ZERO);
        producer = null;
      }
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.indexerGroup());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.bulk().maxOperations());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.indexerGroup());
    return p;
  }

  private Properties producerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.indexerGroup() + "-dlq");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.maxRecordBytes());
    // a dead letter that cannot be written fails the step within the wait above, not after Kafka's
    // default 2 min
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DEAD_LETTER_TIMEOUT.toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEAD_LETTER_TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DEAD_LETTER_TIMEOUT.toMillis() / 2);
    return p;
  }
}

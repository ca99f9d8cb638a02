package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.core.store.TimelineWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the events and timelines topics into storage: a plain consumer in its own group
 * ({@code isolation.level=read_committed}, so aborted exactly-once output is never indexed), writing through a
 * {@link TimelineWriter}. Offsets are committed only after the store acknowledged every document up to them (and
 * after the dead-letter topic acknowledged the refused ones), so a crash replays, and idempotent ids make the
 * replay harmless: at-least-once delivery, exactly-once effect.
 *
 * <p>Tombstones on the timelines topic (a timeline purged from streams state) are skipped: the document stays until
 * retention. A document the store refuses for good, or a record that cannot be read, goes to the dead-letter topic
 * (stage {@code indexer}) with the reason. When the store is down, the indexer reports itself unhealthy, rewinds to
 * the last committed offsets and retries with backoff; its {@link State} says which of these it is doing.
 *
 * <p>Metrics ({@link IndexerMetrics}): records consumed and documents acknowledged (step {@code indexer}), dead
 * letters by reason, and each event's freshness from ingest's receipt to the store's acknowledgement.
 */
public final class Indexer implements Component {
  /** Where the indexer's loop is. */
  public enum State {
    /** Installing the index templates; retried with backoff until the store takes them. */
    PREPARING,
    /** Polling, buffering and flushing. */
    INDEXING,
    /** The store did not acknowledge a flush: rewound to the committed offsets, waiting before the next poll. */
    BACKING_OFF,
    /** Closed, or stopped by an error it cannot recover from (see {@link #check()}). */
    STOPPED
  }

  /** Dead-letter reasons of the indexer. */
  static final String OPENSEARCH_REJECTED = "opensearch_rejected";
  static final String UNREADABLE_RECORD = "unreadable_record";

  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration MIN_PAUSE = Duration.ofMillis(200);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private final StreamsSettings settings;
  private final TimelineWriter<ConsumerRecord<byte[], byte[]>> writer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final IndexerMetrics metrics;
  private final Thread thread;
  private volatile State state = State.PREPARING;
  private volatile CheckResult health = CheckResult.degraded("starting");
  private volatile Consumer<byte[], byte[]> consumer;

  /** An indexer of {@code settings}' topics into {@code writer}; {@link #start()} runs it on its own thread. */
  public Indexer(StreamsSettings settings, TimelineWriter<ConsumerRecord<byte[], byte[]>> writer,
                 MeterRegistry registry) {
    this.settings = settings;
    this.writer = writer;
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
    return thread.isAlive() || !running.get() ? health : CheckResult.unhealthy("indexer thread stopped");
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
      try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
           Producer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerProperties(),
               new ByteArraySerializer(), new ByteArraySerializer())) {
        consumer = c;
        Loop loop = new Loop(c, deadLetters);
        c.subscribe(List.of(settings.topics().events(), settings.topics().timelines()), loop);
        while (running.get()) {
          loop.step();
        }
      }
    } catch (WakeupException closing) {
      // close() woke the consumer up; uncommitted work is replayed by the next owner
    } catch (RuntimeException e) {
      health = CheckResult.unhealthy("indexer stopped: " + e);
      LOG.error("indexer stopped", e);
    } finally {
      consumer = null;
      state = State.STOPPED;
    }
  }

  /** {@link State#PREPARING}: until the store is ready or the indexer is closed. */
  private void prepare() {
    Duration pause = MIN_PAUSE;
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
        pause = longer(pause);
      }
    }
  }

  /**
   * The consumer loop's state: what is buffered and not yet committed, since when, and how long to wait after an
   * outage. One {@link #step()} polls, buffers, and flushes and commits when due; an outage rewinds.
   */
  private final class Loop implements ConsumerRebalanceListener {
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetters;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long oldestUncommittedAt = -1;
    private Duration pause = MIN_PAUSE;

    Loop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetters) {
      this.consumer = consumer;
      this.deadLetters = deadLetters;
    }

    void step() {
      long now = poll();
      if (!flushDue(now)) {
        return;
      }
      try {
        flushAndCommit();
        recovered();
      } catch (StorageUnavailableException e) {
        outage(e);
      }
    }

    /** Buffers what the consumer returns (unreadable records go to the dead-letter topic at once); returns now. */
    private long poll() {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      long now = System.currentTimeMillis();
      metrics.consumed(records.count());
      for (ConsumerRecord<byte[], byte[]> record : records) {
        buffer(record, now);
        uncommitted.put(new TopicPartition(record.topic(), record.partition()),
            new OffsetAndMetadata(record.offset() + 1));
        if (oldestUncommittedAt < 0) {
          oldestUncommittedAt = now;
        }
      }
      return now;
    }

    private boolean flushDue(long now) {
      return writer.due(now) || (oldestUncommittedAt >= 0
          && now - oldestUncommittedAt >= settings.bulk().flushInterval().toMillis());
    }

    /** Writes the buffer, quarantines what the store refused, then commits: nothing is committed unwritten. */
    private void flushAndCommit() {
      int documents = writer.pending();
      List<TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>>> refused = writer.flush();
      for (TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>> r : refused) {
        deadLetter(deadLetters, r.write().context(), OPENSEARCH_REJECTED, r.status() + " " + r.reason());
      }
      deadLetters.flush();
      // the consumer's position is past the transaction markers that follow the records (the topics are written by
      // Kafka Streams in transactions): committing the last record's offset + 1 would leave a lag of one per
      // partition forever, and an idle indexer would look behind
      uncommitted.replaceAll((tp, offset) -> new OffsetAndMetadata(Math.max(offset.offset(), consumer.position(tp))));
      consumer.commitSync(uncommitted);
      metrics.acknowledged(documents, refused.stream().map(r -> r.write().context()).toList(),
          System.currentTimeMillis());
      uncommitted.clear();
      oldestUncommittedAt = -1;
    }

    private void recovered() {
      state = State.INDEXING;
      health = CheckResult.OK;
      pause = MIN_PAUSE;
    }

    /** {@link State#BACKING_OFF}: drop the buffer, go back to the committed offsets, wait longer each time. */
    private void outage(StorageUnavailableException e) {
      state = State.BACKING_OFF;
      health = CheckResult.unhealthy("OpenSearch: " + e.getMessage());
      LOG.warn("indexing failed, rewinding to the last committed offsets: {}", e.getMessage());
      forget();
      rewind();
      sleep(pause);
      pause = longer(pause);
    }

    /** Drops what is buffered but uncommitted: it will be read again. */
    private void forget() {
      writer.clear();
      metrics.forgotten();
      uncommitted.clear();
      oldestUncommittedAt = -1;
    }

    private void rewind() {
      var assignment = consumer.assignment();
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment);
      for (TopicPartition tp : assignment) {
        OffsetAndMetadata offset = committed.get(tp);
        if (offset != null) {
          consumer.seek(tp, offset);
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // what is buffered but uncommitted will be re-read by the new owner
      forget();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    private void buffer(ConsumerRecord<byte[], byte[]> record, long now) {
      if (record.value() == null) {
        return;
      }
      try {
        if (record.topic().equals(settings.topics().events())) {
          LogEvent event = Json.read(record.value(), LogEvent.class);
          writer.add(new TimelineWrite.Event<>(event, record), now);
          metrics.buffered(record, event.receivedAt());
        } else {
          writer.add(new TimelineWrite.Summary<>(Json.read(record.value(), TimelineSummary.class), record), now);
        }
      } catch (RuntimeException e) {
        deadLetter(deadLetters, record, UNREADABLE_RECORD, String.valueOf(e.getMessage()));
      }
    }
  }

  private void deadLetter(Producer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record, String reason,
                          String detail) {
    metrics.deadLettered(reason);
    producer.send(new ProducerRecord<>(settings.topics().deadLetter(), null, record.key(), record.value(),
        DeadLetters.headers(record.headers(), DeadLetters.INDEXER, reason,
            detail + " (from " + record.topic() + "-" + record.partition() + "@" + record.offset() + ")",
            System.currentTimeMillis())));
  }

  private static Duration longer(Duration pause) {
    Duration doubled = pause.multipliedBy(2);
    return doubled.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : doubled;
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
    return p;
  }
}

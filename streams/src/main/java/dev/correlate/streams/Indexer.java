package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.Documents;
import dev.correlate.storage.IndexTemplates;
import dev.correlate.storage.Indices;
import dev.correlate.storage.StorageException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the events and timelines topics into OpenSearch: a plain consumer in its own group
 * ({@code isolation.level=read_committed}, so aborted exactly-once output is never indexed), writing through a
 * {@link BulkWriter}. Offsets are committed only after OpenSearch acknowledged every document up to them (and
 * after the dead-letter topic acknowledged the refused ones), so a crash replays, and idempotent ids make the
 * replay harmless: at-least-once delivery, exactly-once effect.
 *
 * <p>Events go to the daily index of their event time, id = event id; summaries to the timelines index, id =
 * timeline id, version = revision (external). Tombstones on the timelines topic (a timeline purged from streams
 * state) are skipped: the document stays until retention. A document OpenSearch refuses for good, or a record that
 * cannot be read, goes to the dead-letter topic (stage {@code indexer}) with the reason. When OpenSearch is down,
 * the indexer reports itself unhealthy, rewinds to the last committed offsets and retries with backoff.
 */
final class Indexer implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private final StreamsSettings settings;
  private final OpenSearchClient client;
  private final Indices indices;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile CheckResult health = CheckResult.degraded("starting");
  private final Thread thread;
  private Consumer<byte[], byte[]> consumer;

  Indexer(StreamsSettings settings, OpenSearchClient client) {
    this.settings = settings;
    this.client = client;
    this.indices = settings.openSearch().indices();
    this.thread = new Thread(this::run, "correlate-indexer");
  }

  void start() {
    thread.start();
  }

  @Override
  public String name() {
    return "indexer";
  }

  @Override
  public CheckResult check() {
    return thread.isAlive() || !running.get() ? health : CheckResult.unhealthy("indexer thread stopped");
  }

  /** Documents acknowledged by OpenSearch since start. */
  long indexed() {
    return indexed.get();
  }

  /** Records sent to the dead-letter topic since start. */
  long deadLettered() {
    return deadLettered.get();
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
    installTemplates();
    BulkWriter<ConsumerRecord<byte[], byte[]>> writer = new BulkWriter<>(client, settings.bulk());
    Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
         Producer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(),
             new ByteArraySerializer())) {
      consumer = c;
      c.subscribe(List.of(settings.topics().events(), settings.topics().timelines()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          // what is buffered but uncommitted will be re-read by the new owner
          writer.clear();
          uncommitted.clear();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
      });
      long oldestUncommittedAt = -1;
      Duration pause = Duration.ofMillis(200);
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          add(record, writer, deadLetters, now);
          uncommitted.put(new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
          if (oldestUncommittedAt < 0) {
            oldestUncommittedAt = now;
          }
        }
        boolean due = writer.due(now) || (oldestUncommittedAt >= 0
            && now - oldestUncommittedAt >= settings.bulk().flushInterval().toMillis());
        if (!due) {
          continue;
        }
        try {
          int documents = writer.pending();
          List<BulkWriter.Rejected<ConsumerRecord<byte[], byte[]>>> refused = writer.flush();
          for (BulkWriter.Rejected<ConsumerRecord<byte[], byte[]>> rejected : refused) {
            deadLetter(deadLetters, rejected.doc().context(), "opensearch_rejected",
                rejected.status() + " " + rejected.reason());
          }
          deadLetters.flush();
          c.commitSync(uncommitted);
          indexed.addAndGet(documents - refused.size());
          uncommitted.clear();
          oldestUncommittedAt = -1;
          health = CheckResult.OK;
          pause = Duration.ofMillis(200);
        } catch (StorageException e) {
          health = CheckResult.unhealthy("OpenSearch: " + e.getMessage());
          LOG.warn("indexing failed, rewinding to the last committed offsets: {}", e.getMessage());
          writer.clear();
          uncommitted.clear();
          oldestUncommittedAt = -1;
          rewind(c);
          sleep(pause);
          pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
      }
    } catch (WakeupException closing) {
      // close() woke the consumer up; uncommitted work is replayed by the next owner
    } catch (RuntimeException e) {
      health = CheckResult.unhealthy("indexer stopped: " + e);
      LOG.error("indexer stopped", e);
    } finally {
      consumer = null;
    }
  }

  private void add(ConsumerRecord<byte[], byte[]> record, BulkWriter<ConsumerRecord<byte[], byte[]>> writer,
                   Producer<byte[], byte[]> deadLetters, long now) {
    if (record.value() == null) {
      return;
    }
    try {
      if (record.topic().equals(settings.topics().events())) {
        LogEvent event = Json.read(record.value(), LogEvent.class);
        writer.add(new BulkWriter.Doc<>(indices.eventsIndex(event.timestamp()), event.eventId(),
            Documents.event(event), 0, record), now);
      } else {
        TimelineSummary summary = Json.read(record.value(), TimelineSummary.class);
        writer.add(new BulkWriter.Doc<>(indices.timelines(), summary.timelineId(), Documents.timeline(summary),
            summary.revision(), record), now);
      }
    } catch (RuntimeException e) {
      deadLetter(deadLetters, record, "unreadable_record", String.valueOf(e.getMessage()));
    }
  }

  private void deadLetter(Producer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record, String reason,
                          String detail) {
    deadLettered.incrementAndGet();
    producer.send(new ProducerRecord<>(settings.topics().deadLetter(), null, record.key(), record.value(),
        DeadLetters.headers(record.headers(), DeadLetters.INDEXER, reason,
            detail + " (from " + record.topic() + "-" + record.partition() + "@" + record.offset() + ")",
            System.currentTimeMillis())));
  }

  private void rewind(Consumer<byte[], byte[]> c) {
    var assignment = c.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = c.committed(assignment);
    for (TopicPartition tp : assignment) {
      OffsetAndMetadata offset = committed.get(tp);
      if (offset != null) {
        c.seek(tp, offset);
      } else {
        c.seekToBeginning(List.of(tp));
      }
    }
  }

  private void installTemplates() {
    Duration pause = Duration.ofMillis(500);
    while (running.get()) {
      try {
        new IndexTemplates(client, settings.openSearch()).install();
        health = CheckResult.OK;
        return;
      } catch (StorageException e) {
        health = CheckResult.unhealthy("cannot install index templates: " + e.getMessage());
        LOG.warn("cannot install index templates yet: {}", e.getMessage());
        sleep(pause);
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
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
    return p;
  }
}

package dev.correlate.streams;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.core.store.TimelineWriter;
import dev.correlate.core.topics.DeadLetterHeaders;
import dev.correlate.testkit.InMemoryTimelineQueries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The indexer's loop on a mock consumer and producer: what it commits, and when, through outages of
 * the store, of Kafka and of the dead-letter topic, through rebalances, and what it does with an
 * error no retry heals.
 */
class IndexerTest {
  /**
   * A flush is due when the writer says so (anything buffered), never merely because time passed.
   */
  private static final StreamsSettings SETTINGS =
      StreamsMain.settings(
          Map.of("CORRELATE_TOPIC_PREFIX", "t", "CORRELATE_BULK_FLUSH_INTERVAL", "1h"));

  private static final TopicPartition EVENTS_0 = new TopicPartition("t.events", 0);
  private static final TopicPartition EVENTS_1 = new TopicPartition("t.events", 1);

  private final Writer writer = new Writer(new InMemoryTimelineQueries().writer());
  private final Bulks bulks = new Bulks();
  private final Consumer consumer = new Consumer();
  private final List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();

  /** Producers handed out before any new one is made. */
  private final java.util.Deque<MockProducer<byte[], byte[]>> scripted =
      new java.util.concurrent.LinkedBlockingDeque<>();

  private final AtomicBoolean deadLetterTopicDown = new AtomicBoolean();
  private final List<String> fatal = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Indexer indexer;

  @AfterEach
  void stop() {
    if (indexer != null) {
      indexer.close();
    }
  }

  private void start(TopicPartition... assigned) {
    start(writer, assigned);
  }

  private void start(
      TimelineWriter<ConsumerRecord<byte[], byte[]>> storeWriter, TopicPartition... assigned) {
    start(SETTINGS, storeWriter, assigned);
  }

  private void start(
      StreamsSettings settings,
      TimelineWriter<ConsumerRecord<byte[], byte[]>> storeWriter,
      TopicPartition... assigned) {
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(assigned));
          Map<TopicPartition, Long> beginning = new HashMap<>();
          for (TopicPartition tp : assigned) {
            beginning.put(tp, 0L);
          }
          consumer.updateBeginningOffsets(beginning);
        });
    indexer =
        new Indexer(
            settings,
            storeWriter,
            registry,
            (part, cause) -> fatal.add(part),
            () -> consumer,
            () -> {
              MockProducer<byte[], byte[]> next = scripted.poll();
              MockProducer<byte[], byte[]> producer =
                  next != null
                      ? next
                      : new MockProducer<>(
                          true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                        @Override
                        public synchronized java.util.concurrent.Future<
                                org.apache.kafka.clients.producer.RecordMetadata>
                            send(
                                org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>
                                    record) {
                          if (deadLetterTopicDown.get()) {
                            throw new TimeoutException(
                                "Topic t.deadletter not present in metadata after 30000 ms.");
                          }
                          return super.send(record);
                        }
                      };
              producers.add(producer);
              return producer;
            });
    indexer.start();
  }

  /**
   * Appends {@code values} to {@code tp} from offset {@code first} on, all readable by the same
   * poll.
   */
  private void add(TopicPartition tp, long first, String... values) {
    consumer.schedulePollTask(
        () -> {
          for (int i = 0; i < values.length; i++) {
            consumer.addRecord(
                new ConsumerRecord<>(
                    tp.topic(),
                    tp.partition(),
                    first + i,
                    ("k" + (first + i)).getBytes(StandardCharsets.UTF_8),
                    values[i].getBytes(StandardCharsets.UTF_8)));
          }
        });
  }

  private static String event(String id) {
    return "{\"event_id\":\""
        + id
        + "\",\"log_group\":\"g\",\"log_stream\":\"s\",\"message\":\"m\",\"timestamp\":1}";
  }

  private long committed(TopicPartition tp) {
    return consumer.commits.getOrDefault(tp, -1L);
  }

  private List<String> deadLetterReasons() {
    List<String> reasons = new ArrayList<>();
    producers.forEach(
        p ->
            p.history()
                .forEach(
                    r ->
                        reasons.add(
                            new String(
                                r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                                StandardCharsets.UTF_8))));
    return reasons;
  }

  @Test
  void records_areCommittedOnceTheStoreHasThem() throws Exception {
    start(EVENTS_0);
    add(EVENTS_0, 0, event("a"), event("b"));

    await(() -> committed(EVENTS_0) == 2);
    assertThat(writer.written).contains("a");
    assertThat(writer.written).contains("b");
    assertThat(indexer.check()).isEqualTo(CheckResult.OK);
    assertThat(indexer.state()).isEqualTo(Indexer.State.INDEXING);
  }

  /**
   * The store is away: nothing is committed, the indexer says why, and once the store is back
   * everything is in.
   */
  @Test
  void storeOutage_commitsNothingUntilTheStoreHasEverything() throws Exception {
    writer.down.set(true);
    start(EVENTS_0);
    add(EVENTS_0, 0, event("a"));

    await(() -> writer.refusals.get() >= 2);
    assertThat(indexer.state()).isEqualTo(Indexer.State.BACKING_OFF);
    assertThat(indexer.check().detail()).startsWith("OpenSearch: cannot reach OpenSearch");
    assertThat(committed(EVENTS_0)).isEqualTo(-1);

    writer.down.set(false);
    await(() -> committed(EVENTS_0) == 1);
    assertThat(writer.written).contains("a");
    // the commit is seen before the loop marks itself recovered
    await(() -> indexer.check().equals(CheckResult.OK));
  }

  /**
   * A record the dead-letter topic does not take is not passed: the offset stays before it, and
   * once the topic takes records again the dead letter is written and the offset moves.
   */
  @Test
  void deadLetterTopicRefusingWrites_movesNoOffsetPastTheFailedRecord() throws Exception {
    deadLetterTopicDown.set(true);
    start(EVENTS_0);
    add(EVENTS_0, 0, event("a"), "not an event", event("c"));

    await(() -> indexer.state() == Indexer.State.BACKING_OFF);
    assertThat(indexer.check().detail())
        .startsWith("the dead-letter topic t.deadletter does not take records");
    assertThat(committed(EVENTS_0)).isEqualTo(-1);

    deadLetterTopicDown.set(false);
    await(() -> committed(EVENTS_0) == 3);
    assertThat(deadLetterReasons()).containsExactly("unreadable_record");
    assertThat(writer.written).contains("c");
    assertThat(fatal).isEmpty();
    await(
        () ->
            indexer
                .check()
                .equals(CheckResult.OK)); // counted before the loop marks itself recovered
    assertThat(
            registry
                .get("correlate.streams.dead.letters")
                .tag("stage", "indexer")
                .tag("reason", "unreadable_record")
                .counter()
                .count())
        .as("counted once acknowledged, not at every attempt during the outage")
        .isEqualTo(1);
    assertThat(documentsOut()).isEqualTo(2);
  }

  /**
   * A dead letter sent but not acknowledged (the topic lacks replicas): no commit; the record is
   * read again.
   */
  @Test
  void deadLetterNotAcknowledged_stopsTheCommit_andIsSentAgain() throws Exception {
    MockProducer<byte[], byte[]> refusing =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    scripted.add(refusing);
    start(EVENTS_0);
    add(EVENTS_0, 0, "not an event", event("b"));
    await(() -> refusing.history().size() == 1);
    assertThat(committed(EVENTS_0)).isEqualTo(-1);

    assertThat(refusing.errorNext(new NotEnoughReplicasException("1 of 2 replicas in sync")))
        .isTrue();

    await(() -> committed(EVENTS_0) == 2);
    assertThat(producers).as("the failed producer is replaced").hasSize(2);
    assertThat(producers.get(1).history()).hasSize(1);
    await(() -> indexer.check().equals(CheckResult.OK));
  }

  /**
   * Kafka does not answer the commit: the buffer is read again and written again, then committed.
   */
  @Test
  void commitTimingOut_rewindsAndCommitsOnceKafkaAnswers() throws Exception {
    consumer.failCommits.set(2);
    start(EVENTS_0);
    add(EVENTS_0, 0, event("a"), event("b"));

    await(() -> committed(EVENTS_0) == 2);
    assertThat(consumer.failCommits.get()).isZero();
    assertThat(writer.flushed.get())
        .as("written again after each failed commit")
        .isGreaterThanOrEqualTo(3);
    assertThat(fatal).isEmpty();
    await(
        () ->
            indexer
                .check()
                .equals(CheckResult.OK)); // counted before the loop marks itself recovered
    assertThat(documentsOut()).as("counted when committed, not at every write").isEqualTo(2);
  }

  private double documentsOut() {
    return registry.get("correlate.streams.records.out").tag("step", "indexer").counter().count();
  }

  /**
   * A cooperative rebalance takes one partition: what was read of both is written and committed
   * before it goes.
   */
  @Test
  void revokedPartitions_areFlushedAndCommittedBeforeTheyGo() throws Exception {
    writer.holdFlushes.set(true);
    start(EVENTS_0, EVENTS_1);
    add(EVENTS_0, 0, event("a"));
    add(EVENTS_1, 0, event("b"));
    await(() -> writer.pending() == 2);

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(EVENTS_0)));
    await(() -> committed(EVENTS_1) == 1);

    assertThat(committed(EVENTS_0)).isEqualTo(1);
    assertThat(writer.written).contains("a");
    assertThat(writer.written).contains("b");
  }

  /**
   * The store is away when partitions are revoked: the buffer is forgotten, and the partition kept
   * is read again from its committed offset, so its buffered record is not skipped.
   */
  @Test
  void revocationWhileTheStoreIsAway_rewindsThePartitionsKept() throws Exception {
    writer.holdFlushes.set(true);
    start(EVENTS_0, EVENTS_1);
    add(EVENTS_0, 0, event("a"));
    add(EVENTS_1, 0, event("b"));
    await(() -> writer.pending() == 2);

    writer.down.set(true);
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(EVENTS_0)));
    await(
        () ->
            writer.refusals.get() >= 1 && consumer.assignment().equals(java.util.Set.of(EVENTS_0)));
    writer.down.set(false);
    writer.holdFlushes.set(false);

    await(() -> committed(EVENTS_0) == 1);
    assertThat(writer.written).contains("a");
    assertThat(committed(EVENTS_1)).as("the revoked partition is its new owner's").isEqualTo(-1);
  }

  /**
   * The next bulk is sent while the first is in flight; the second, acknowledged first, is not
   * committed before the first.
   */
  @Test
  void nextBulk_isSentWhileOneIsInFlight_andCommittedOnlyAfterIt() throws Exception {
    start(bulks, EVENTS_0);
    add(EVENTS_0, 0, event("a"), event("b"));
    await(() -> bulks.sent.size() == 1);
    add(EVENTS_0, 2, event("c"));
    await(() -> bulks.sent.size() == 2);
    assertThat(bulks.sent.get(1).inFlightWhenSent()).isEqualTo(1);

    bulks.acknowledge(1);
    int polls = consumer.polls.get();
    await(() -> consumer.polls.get() > polls + 3);
    assertThat(committed(EVENTS_0)).as("the first bulk is not acknowledged yet").isEqualTo(-1);

    bulks.acknowledge(0);
    await(() -> committed(EVENTS_0) == 3);
    assertThat(documentsOut()).isEqualTo(3);
  }

  /**
   * Under exactly-once the records arrive in bursts, one per commit upstream: a poll that waited
   * for the next burst would send a buffer that is due by its age late.
   */
  @Test
  void bufferedRecords_areNotPolledPastTheirFlushInterval() throws Exception {
    StreamsSettings settings =
        StreamsMain.settings(
            Map.of("CORRELATE_TOPIC_PREFIX", "t", "CORRELATE_BULK_FLUSH_INTERVAL", "50ms"));
    writer.holdFlushes.set(true); // never due by its size: only by the buffer's age
    start(settings, writer, EVENTS_0);
    await(() -> consumer.polls.get() > 3);
    assertThat(consumer.shortestPoll).as("nothing buffered yet").isGreaterThan(ofMillis(50));

    add(EVENTS_0, 0, event("a"));
    await(() -> writer.flushed.get() == 1);
    assertThat(consumer.shortestPoll).isLessThanOrEqualTo(ofMillis(50));
    await(() -> committed(EVENTS_0) == 1);
  }

  /** With two bulks in flight, the third waits until the oldest is acknowledged. */
  @Test
  void thirdBulk_waitsUntilTheOldestInFlightIsAcknowledged() throws Exception {
    start(bulks, EVENTS_0);
    add(EVENTS_0, 0, event("a"));
    await(() -> bulks.sent.size() == 1);
    add(EVENTS_0, 1, event("b"));
    await(() -> bulks.sent.size() == 2);
    add(EVENTS_0, 2, event("c"));

    await(this::indexerWaitsForABulk);
    assertThat(bulks.sent).hasSize(2);
    bulks.acknowledge(0);
    await(() -> bulks.sent.size() == 3);
    assertThat(bulks.sent.get(2).inFlightWhenSent()).isEqualTo(1);
    assertThat(committed(EVENTS_0)).isEqualTo(1);

    bulks.acknowledge(1);
    bulks.acknowledge(2);
    await(() -> committed(EVENTS_0) == 3);
  }

  /**
   * An event re-emitted (with late links) while its first copy is in flight: the bulk holding the
   * newer copy is sent only once the older is stored, so the newer copy is stored last.
   */
  @Test
  void eventReEmittedWhileItsFirstCopyIsInFlight_waitsForTheFirstCopyToBeStored() throws Exception {
    start(bulks, EVENTS_0);
    add(EVENTS_0, 0, event("a"));
    await(() -> bulks.sent.size() == 1);
    add(EVENTS_0, 1, event("b"), event("a"));

    await(this::indexerWaitsForABulk);
    assertThat(bulks.sent).hasSize(1);
    bulks.acknowledge(0);
    await(() -> bulks.sent.size() == 2);
    assertThat(bulks.sent.get(1).ids()).containsExactly("b", "a");
    assertThat(bulks.sent.get(1).inFlightWhenSent()).isZero();
    assertThat(registry.get("correlate.indexer.bulks.held.back").counter().count()).isEqualTo(1);

    bulks.acknowledge(1);
    await(() -> committed(EVENTS_0) == 3);
  }

  /**
   * A bulk fails while a later one is in flight: both are forgotten, the later one is waited for
   * (so that nothing sent before the rewind is stored after what is sent again), and everything
   * past the last commit is read and sent again.
   */
  @Test
  void bulkFailingWhileAnotherIsInFlight_forgetsBoth_andRewindsToTheLastCommit() throws Exception {
    start(bulks, EVENTS_0);
    add(EVENTS_0, 0, event("a"));
    await(() -> bulks.sent.size() == 1);
    bulks.acknowledge(0);
    await(() -> committed(EVENTS_0) == 1);
    add(EVENTS_0, 1, event("b"));
    await(() -> bulks.sent.size() == 2);
    add(EVENTS_0, 2, event("c"));
    await(() -> bulks.sent.size() == 3);

    bulks.fail(1);
    await(this::indexerWaitsForABulk);
    assertThat(bulks.sent).as("nothing is sent again while a bulk is in flight").hasSize(3);
    bulks.acknowledge(2);

    await(() -> bulks.sent.size() == 4);
    assertThat(bulks.sent.get(3).ids()).containsExactly("b", "c");
    assertThat(bulks.sent.get(3).inFlightWhenSent()).isZero();
    assertThat(committed(EVENTS_0))
        .as("the acknowledged bulk after the failed one is not committed")
        .isEqualTo(1);
    bulks.acknowledge(3);
    await(() -> committed(EVENTS_0) == 3);
    await(() -> indexer.check().equals(CheckResult.OK));
  }

  /** Partitions revoked with two bulks in flight: both are acknowledged and committed first. */
  @Test
  void revocationWithTwoBulksInFlight_commitsBothBeforeThePartitionGoes() throws Exception {
    start(bulks, EVENTS_0, EVENTS_1);
    add(EVENTS_0, 0, event("a"));
    await(() -> bulks.sent.size() == 1);
    add(EVENTS_1, 0, event("b"));
    await(() -> bulks.sent.size() == 2);

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(EVENTS_0)));
    await(this::indexerWaitsForABulk);
    bulks.acknowledge(0);
    bulks.acknowledge(1);

    await(() -> committed(EVENTS_1) == 1);
    assertThat(committed(EVENTS_0)).isEqualTo(1);
    assertThat(consumer.unassignedCommits).as("committed while still assigned").isEmpty();
  }

  /** Whether the indexer's thread is blocked on the answer to a bulk. */
  private boolean indexerWaitsForABulk() {
    return Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(
            thread ->
                thread.getKey().getName().equals("correlate-indexer")
                    && thread.getKey().getState() == Thread.State.WAITING
                    && Arrays.stream(thread.getValue())
                        .anyMatch(
                            frame ->
                                frame.getClassName().equals(CompletableFuture.class.getName())
                                    && frame.getMethodName().equals("get")));
  }

  @Test
  void errorThatNoRetryHeals_stopsTheIndexerAndIsReportedFatal() throws Exception {
    start(EVENTS_0);
    consumer.schedulePollTask(
        () -> consumer.setPollException(new ClusterAuthorizationException("not allowed")));

    await(() -> indexer.state() == Indexer.State.STOPPED);
    assertThat(fatal).containsExactly("indexer");
    assertThat(indexer.check().status()).isEqualTo(CheckResult.Status.UNHEALTHY);
    assertThat(indexer.check().detail()).contains("not allowed");
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 60 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /**
   * A consumer over a log: records stay and are read again from wherever the consumer seeks (a
   * plain {@link MockConsumer} hands each record out once). It remembers every commit, and its next
   * commits can time out as they do while Kafka is frozen.
   */
  private static final class Consumer extends MockConsumer<byte[], byte[]> {
    final AtomicInteger failCommits = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();

    /** The shortest time any poll was allowed to wait. */
    volatile Duration shortestPoll = Duration.ofDays(1);

    final List<TopicPartition> unassignedCommits = new CopyOnWriteArrayList<>();
    final Map<TopicPartition, Long> commits = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();

    Consumer() {
      super("earliest");
    }

    @Override
    public synchronized void addRecord(ConsumerRecord<byte[], byte[]> record) {
      log.computeIfAbsent(
              new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>())
          .add(record);
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      polls.incrementAndGet();
      if (timeout.compareTo(shortestPoll) < 0) {
        shortestPoll = timeout;
      }
      super.poll(timeout); // scheduled tasks, exceptions, wake-ups; it holds no records of its own
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> read = new HashMap<>();
      for (TopicPartition tp : assignment()) {
        long position = position(tp);
        List<ConsumerRecord<byte[], byte[]>> next =
            log.getOrDefault(tp, List.of()).stream().filter(r -> r.offset() >= position).toList();
        if (!next.isEmpty()) {
          read.put(tp, next);
          seek(tp, next.get(next.size() - 1).offset() + 1);
        }
      }
      return new ConsumerRecords<>(read, Map.of());
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new TimeoutException(
            "Timeout of 60000ms expired before successfully committing offsets");
      }
      offsets.keySet().stream()
          .filter(tp -> !assignment().contains(tp))
          .forEach(unassignedCommits::add);
      super.commitSync(offsets);
      offsets.forEach((tp, offset) -> commits.put(tp, offset.offset()));
    }
  }

  /**
   * The in-memory store's writer, which can be made unreachable and can hold flushes back until
   * told; it remembers the event ids acknowledged.
   */
  private static final class Writer implements TimelineWriter<ConsumerRecord<byte[], byte[]>> {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicBoolean holdFlushes = new AtomicBoolean();
    final AtomicInteger refusals = new AtomicInteger();
    final AtomicInteger flushed = new AtomicInteger();
    final java.util.Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> buffered = new CopyOnWriteArrayList<>();
    private final TimelineWriter<ConsumerRecord<byte[], byte[]>> delegate;

    Writer(TimelineWriter<ConsumerRecord<byte[], byte[]>> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void prepare() {}

    @Override
    public void add(TimelineWrite<ConsumerRecord<byte[], byte[]>> write, long nowMs) {
      buffered.add(write.id());
      delegate.add(write, nowMs);
    }

    @Override
    public boolean due(long nowMs) {
      return !holdFlushes.get() && delegate.due(nowMs);
    }

    @Override
    public int pending() {
      return delegate.pending();
    }

    @Override
    public void clear() {
      buffered.clear();
      delegate.clear();
    }

    @Override
    public List<TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>>> flush() {
      if (down.get()) {
        refusals.incrementAndGet();
        throw new StorageUnavailableException("cannot reach OpenSearch: Connection refused", null);
      }
      flushed.incrementAndGet();
      written.addAll(buffered);
      buffered.clear();
      return delegate.flush();
    }

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }
  }

  /**
   * A writer whose bulks are answered when the test says so: it remembers the ids of each bulk sent
   * and how many bulks were in flight when it was.
   */
  private static final class Bulks implements TimelineWriter<ConsumerRecord<byte[], byte[]>> {
    /** A bulk sent, answered by completing {@code answer}. */
    record Sent(
        List<String> ids,
        int inFlightWhenSent,
        CompletableFuture<List<TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>>>> answer) {}

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> buffered = new ArrayList<>();

    void acknowledge(int bulk) {
      sent.get(bulk).answer().complete(List.of());
    }

    void fail(int bulk) {
      sent.get(bulk)
          .answer()
          .completeExceptionally(
              new StorageUnavailableException("cannot reach OpenSearch: Connection refused", null));
    }

    @Override
    public void prepare() {}

    @Override
    public void add(TimelineWrite<ConsumerRecord<byte[], byte[]>> write, long nowMs) {
      buffered.add(write.id());
    }

    @Override
    public boolean due(long nowMs) {
      return !buffered.isEmpty();
    }

    @Override
    public int pending() {
      return buffered.size();
    }

    @Override
    public void clear() {
      buffered.clear();
    }

    @Override
    public List<TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>>> flush() {
      throw new UnsupportedOperationException("the indexer sends its bulks");
    }

    @Override
    public CompletableFuture<List<TimelineWrite.Refused<ConsumerRecord<byte[], byte[]>>>> send(
        Executor sender) {
      int inFlight = (int) sent.stream().filter(s -> !s.answer().isDone()).count();
      Sent bulk = new Sent(List.copyOf(buffered), inFlight, new CompletableFuture<>());
      sent.add(bulk);
      buffered.clear();
      return bulk.answer();
    }

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }
  }
}

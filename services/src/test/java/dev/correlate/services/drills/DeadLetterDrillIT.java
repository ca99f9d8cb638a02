package dev.correlate.services.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.topics.DeadLetterHeaders;
import dev.correlate.core.topics.RecordBudget;
import dev.correlate.testkit.RawTopic;
import dev.correlate.testkit.Reconciliation;
import dev.correlate.testkit.SharedStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Fault drill: the dead-letter topic refuses writes (it is gone, deleted by mistake, and topics are
 * never created implicitly) while Kafka Streams and the indexer each meet a record to quarantine.
 * Neither commits an offset past that record meanwhile, and the indexer says why; once the topic is
 * back both dead letters arrive with their reasons, the records behind them are processed, and
 * nothing ended the process.
 */
class DeadLetterDrillIT {
  private static final String PREFIX = "dlq";

  /** Longer than a dead letter may wait for its topic before the write counts as failed. */
  private static final Duration REFUSING = Duration.ofSeconds(45);

  private static final String DEAD_LETTERS = PREFIX + ".deadletter";

  @Test
  void deadLetterTopicRefusingWrites_movesNoOffsetPastTheFailedRecord() throws Exception {
    String kafka = SharedStack.kafka().bootstrapServers();
    try (Drill drill = Drill.on(PREFIX, kafka, SharedStack.openSearch().url()).withStreams();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      Reconciliation.await(
          () -> "healthy".equals(drill.dependency("kafka-streams")), Drill.PATIENCE);
      refuseWrites(admin, true);
      long now = System.currentTimeMillis();

      // the indexer first: while Kafka Streams cannot commit either, its open transaction holds
      // back what the
      // indexer (read_committed) may read of the events topic
      RecordMetadata badEvent = send(kafka, PREFIX + ".events", "e", "not an event");
      send(
          kafka,
          PREFIX + ".events",
          "e",
          "{\"event_id\":\"direct-after\",\"log_group\":\"g\",\"log_stream\":\"s\","
              + "\"message\":\"m\",\"timestamp\":"
              + now
              + "}");
      long back = System.nanoTime() + REFUSING.toNanos();
      Reconciliation.await(
          () ->
              drill
                  .health()
                  .path("dependencies")
                  .path("indexer")
                  .path("detail")
                  .asText()
                  .contains("dead-letter topic " + DEAD_LETTERS),
          REFUSING);
      Thread.sleep(Math.max(0, (back - System.nanoTime()) / 1_000_000));
      assertThat(committed(admin, PREFIX + "-indexer", badEvent))
          .as("the indexer's offset on the events topic")
          .isLessThanOrEqualTo(badEvent.offset());

      RawTopic.produce(kafka, PREFIX + ".raw", List.of(raw("before", now)));
      RecordMetadata badRaw = send(kafka, PREFIX + ".raw", "g|s", "not a raw event");
      RawTopic.produce(kafka, PREFIX + ".raw", List.of(raw("after", now + 1)));
      Thread.sleep(REFUSING.toMillis());
      assertThat(committed(admin, PREFIX + "-streams", badRaw))
          .as("streams' offset on the raw topic")
          .isLessThanOrEqualTo(badRaw.offset());
      assertThat(committed(admin, PREFIX + "-indexer", badEvent))
          .isLessThanOrEqualTo(badEvent.offset());
      assertThat(drill.fatal).isEmpty();

      refuseWrites(admin, false);
      Reconciliation await = drill.reconciliation();
      Reconciliation.await(
          () -> await.event("direct-after") != null && await.event("after") != null,
          Drill.PATIENCE);
      // at least once: a dead letter whose acknowledgement was lost may be written again, never not
      // at all
      assertThat(deadLetters(kafka))
          .containsOnly("streams/bad_raw_event", "indexer/unreadable_record");
      Reconciliation.await(
          () ->
              committed(admin, PREFIX + "-streams", badRaw) > badRaw.offset()
                  && committed(admin, PREFIX + "-indexer", badEvent) > badEvent.offset(),
          Drill.PATIENCE);
      drill.awaitHealthy();
      assertThat(drill.fatal).as("no part ended the process").isEmpty();
    }
  }

  private static RawLogEvent raw(String id, long at) {
    return new RawLogEvent(
        "123456789012",
        "g",
        "s",
        List.of(),
        null,
        Map.of(),
        id,
        at,
        "line " + id,
        at,
        RawLogEvent.Intake.CLOUDWATCH,
        null,
        Map.of());
  }

  /**
   * Makes the dead-letter topic refuse every write (deletes it), or creates it again as the
   * services do.
   */
  private static void refuseWrites(Admin admin, boolean refuse) throws Exception {
    if (refuse) {
      admin.deleteTopics(List.of(DEAD_LETTERS)).all().get(30, TimeUnit.SECONDS);
      Reconciliation.await(() -> !topics(admin).contains(DEAD_LETTERS), Drill.PATIENCE);
    } else {
      admin
          .createTopics(
              List.of(
                  new NewTopic(DEAD_LETTERS, 3, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                              Integer.toString(RecordBudget.DEFAULT_MAX_RECORD_BYTES)))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Set<String> topics(Admin admin) {
    try {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot list topics", e);
    }
  }

  private static RecordMetadata send(String kafka, String topic, String key, String value)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer())) {
      return producer
          .send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)))
          .get();
    }
  }

  /**
   * The group's committed offset on the record's partition; -1 when it has committed none there.
   */
  private static long committed(Admin admin, String group, RecordMetadata record) {
    try {
      OffsetAndMetadata offset =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS)
              .get(new TopicPartition(record.topic(), record.partition()));
      return offset == null ? -1 : offset.offset();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the offsets of " + group, e);
    }
  }

  /** {@code stage/reason} of every record on the dead-letter topic. */
  private static List<String> deadLetters(String kafka) {
    List<String> found = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ConsumerConfig.GROUP_ID_CONFIG,
                PREFIX + "-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(DEAD_LETTERS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (Set.copyOf(found).size() < 2 && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(
                r ->
                    found.add(
                        header(r.headers().lastHeader(DeadLetterHeaders.STAGE).value())
                            + "/"
                            + header(r.headers().lastHeader(DeadLetterHeaders.REASON).value())));
      }
    }
    return found;
  }

  private static String header(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}

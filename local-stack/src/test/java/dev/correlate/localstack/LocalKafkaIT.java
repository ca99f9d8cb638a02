package dev.correlate.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalKafkaIT {
  private static LocalKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = LocalKafka.onFreePorts(ScratchDir.create("local-kafka-it-")).start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void producedRecords_areConsumed_andSurviveARestartOnTheSamePort() throws Exception {
    String topic = "it-" + UUID.randomUUID();
    createTopic(topic, Map.of());
    String bootstrap = kafka.bootstrapServers();
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "k1", "first")).get();
      producer.send(new ProducerRecord<>(topic, "k2", "second")).get();
    }
    assertThat(consumeAll(topic, 2)).containsExactly("first", "second");

    long before = kafka.pid();
    kafka.stop();
    assertThat(kafka.isRunning()).isFalse();
    assertThat(Ports.listening("127.0.0.1", Integer.parseInt(bootstrap.split(":")[1]))).isFalse();
    kafka.start();

    assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
    assertThat(kafka.pid()).isNotEqualTo(before);
    assertThat(consumeAll(topic, 2)).containsExactly("first", "second");
  }

  @Test
  void frozenBroker_answersNothingUntilThawed() throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("request.timeout.ms", "2000");
    props.put("default.api.timeout.ms", "2000");
    try (Admin admin = Admin.create(props)) {
      assertThat(admin.describeCluster().nodes().get(10, java.util.concurrent.TimeUnit.SECONDS))
          .hasSize(1);
      kafka.freeze();
      try {
        assertThatThrownBy(
                () ->
                    admin.describeCluster().nodes().get(10, java.util.concurrent.TimeUnit.SECONDS))
            .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        assertThat(kafka.isRunning()).isTrue();
      } finally {
        kafka.thaw();
      }
      assertThat(admin.describeCluster().nodes().get(30, java.util.concurrent.TimeUnit.SECONDS))
          .hasSize(1);
    }
  }

  @Test
  void topicsAreNotCreatedImplicitly() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        KafkaConsumer<String, String> consumer = consumer()) {
      String topic = "never-created-" + UUID.randomUUID();
      consumer.partitionsFor(topic, Duration.ofSeconds(2));
      assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }
  }

  /**
   * The broker keeps Kafka's default record size, as a managed cluster does: a topic takes a large
   * record only when it says so itself, as Correlate's topics do. A consumer reads it whatever its
   * fetch sizes (they are soft limits).
   */
  @Test
  void aRecordOfTwoMebibytes_isRefusedByDefault_andTakenByATopicThatSaysSo() throws Exception {
    String plain = "plain-" + UUID.randomUUID();
    String budgeted = "budgeted-" + UUID.randomUUID();
    createTopic(plain, Map.of());
    createTopic(budgeted, Map.of("max.message.bytes", Integer.toString(8 << 20)));
    String big = "x".repeat(2 * 1024 * 1024);
    Properties props = producerProps();
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(plain, "k", big)).get())
          .hasCauseInstanceOf(RecordTooLargeException.class);
      producer.send(new ProducerRecord<>(budgeted, "k", big)).get();
    }
    assertThat(consumeAll(budgeted, 1)).singleElement().isEqualTo(big);
  }

  private static void createTopic(String topic, Map<String, String> configs) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get();
    }
  }

  private static List<String> consumeAll(String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(producerProps());
  }

  private static KafkaConsumer<String, String> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }
}

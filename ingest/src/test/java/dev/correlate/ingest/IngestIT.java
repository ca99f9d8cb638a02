package dev.correlate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.cloudwatch.CloudWatchFixtures;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.topics.DeadLetterHeaders;
import dev.correlate.core.topics.Topics;
import dev.correlate.localstack.LocalKafka;
import dev.correlate.testkit.ContractedMetrics;
import dev.correlate.testkit.SharedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingest on a real broker of its own (this test stops and restarts it): records read back exactly,
 * bad records in the dead-letter topic with their reasons, and a broker outage answered 503 then
 * recovered by the same request retried.
 */
class IngestIT {
  private static final String REQUEST_ID = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f";
  private static final Set<String> TV5_IDS =
      Set.of(
          "38221495723156384728470182836419234715672384015938912256",
          "38221495723156384728470182836419234715672384015938912257",
          "38221495723156384728470182836419234715672384015938912258",
          "38221495723156384728470182836419234715672384015938912259");
  private static LocalKafka kafka;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void broker() {
    kafka = LocalKafka.onFreePorts(SharedStack.scratchDir("ingest-it-kafka-")).start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static IngestService ingest(String prefix) {
    return ingest(prefix, Map.of());
  }

  private static IngestService ingest(String prefix, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("CORRELATE_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("CORRELATE_TOPIC_PREFIX", prefix);
    env.put("CORRELATE_INGEST_PORT", "0");
    // a deadline that only an outage misses, not a first send on a loaded machine (CI saw a 503
    // after 5 s); the outage test shortens it
    env.putIfAbsent("CORRELATE_INGEST_SEND_TIMEOUT_MS", "30000");
    env.put("CORRELATE_FIREHOSE_ACCESS_KEYS", "test-key");
    // the fixtures are AWS's documented samples, from June 2025: older than CloudWatch's 14-day
    // window
    env.putIfAbsent("CORRELATE_INGEST_MAX_EVENT_AGE", "7300d");
    return IngestMain.start(
        IngestMain.settings(env),
        (part, cause) -> {
          throw new AssertionError(part + " reported a fatal error", cause);
        });
  }

  private HttpResponse<String> postFirehose(IngestService ingest, String fixture) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/ingest/firehose"))
            .header("Content-Type", "application/json")
            .header("X-Amz-Firehose-Protocol-Version", "1.0")
            .header("X-Amz-Firehose-Request-Id", REQUEST_ID)
            .header("X-Amz-Firehose-Access-Key", "test-key")
            .timeout(Duration.ofMinutes(3))
            .POST(HttpRequest.BodyPublishers.ofByteArray(CloudWatchFixtures.bytes(fixture)))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postFirehose(IngestService ingest, String requestId, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/ingest/firehose"))
            .header("Content-Type", "application/json")
            .header("X-Amz-Firehose-Protocol-Version", "1.0")
            .header("X-Amz-Firehose-Request-Id", requestId)
            .header("X-Amz-Firehose-Access-Key", "test-key")
            // the drill's bound: a request not answered by then fails the test
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] firehoseBody(String requestId, List<byte[]> records) {
    String data =
        records.stream()
            .map(r -> "{\"data\":\"" + java.util.Base64.getEncoder().encodeToString(r) + "\"}")
            .collect(Collectors.joining(","));
    return ("{\"requestId\":\"" + requestId + "\",\"timestamp\":1,\"records\":[" + data + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The hostile requests of issue 16, on the real broker: each answered within the drill's bound,
   * refused (400) or taken with its bad parts quarantined under their reasons, and ingest healthy
   * afterwards.
   */
  @Test
  void hostileRequests_areRefusedOrQuarantinedWithTheirReasons_andIngestStaysHealthy()
      throws Exception {
    try (IngestService ingest =
        ingest(
            "it-hostile",
            Map.of(
                "CORRELATE_INGEST_MAX_EVENT_AGE",
                "14d",
                "CORRELATE_INGEST_MAX_REQUEST_DECOMPRESSED_BYTES",
                "64MiB"))) {
      // twenty records of 10 MiB each: the request's 64 MiB are spent after six, the rest is not
      // inflated
      byte[] bomb =
          CloudWatchFixtures.gzip(
              ("{\"messageType\":\"CONTROL_MESSAGE\",\"pad\":\"" + " ".repeat(10 << 20) + "\"}")
                  .getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> bombs =
          postFirehose(
              ingest, "bombs", firehoseBody("bombs", java.util.Collections.nCopies(20, bomb)));
      long ahead = System.currentTimeMillis() + Duration.ofHours(3).toMillis();
      byte[] future =
          CloudWatchFixtures.gzip(
              ("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\","
                      + "\"logStream\":\"s\",\"logEvents\":[{\"id\":\"f1\",\"timestamp\":"
                      + ahead
                      + ",\"message\":\"later\"}]}")
                  .getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> late =
          postFirehose(ingest, "future", firehoseBody("future", List.of(future)));
      String longId = "r".repeat(300);
      HttpResponse<String> named =
          postFirehose(ingest, "short", firehoseBody(longId, List.of(future)));

      assertThat(bombs.statusCode()).as(bombs.body()).isEqualTo(200);
      assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
      assertThat(named.statusCode()).isEqualTo(400);
      assertThat(named.body()).doesNotContain(longId);
      assertThat(ingest.check().healthy()).isTrue();
    }
    List<ConsumerRecord<byte[], byte[]>> dead =
        readAll(Topics.withPrefix("it-hostile").deadLetter(), 15);
    Map<String, Long> reasons =
        dead.stream()
            .collect(
                Collectors.groupingBy(
                    r -> header(r, DeadLetterHeaders.REASON), Collectors.counting()));
    assertThat(reasons)
        .containsEntry("timestamp_out_of_range", 1L)
        .containsKey("payload_too_large");
    assertThat(reasons.get("payload_too_large")).isBetween(13L, 14L);
    assertThat(readAll(Topics.withPrefix("it-hostile").raw(), 0)).isEmpty();
  }

  /** Everything on {@code topic} once {@code expected} records arrived (or 30 s passed). */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      // A little longer, to see anything beyond what was expected.
      consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
    }
    return records;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void firehoseRequest_isReadBackExactly() throws Exception {
    try (IngestService ingest = ingest("it-exact")) {
      assertThat(ingest.check().healthy()).isTrue();
      HttpResponse<String> response = postFirehose(ingest, "firehose_request.json");
      assertThat(response.statusCode()).isEqualTo(200);
    }
    List<ConsumerRecord<byte[], byte[]>> records = readAll(Topics.withPrefix("it-exact").raw(), 4);

    assertThat(records).hasSize(4);
    List<RawLogEvent> events =
        records.stream().map(r -> Json.read(r.value(), RawLogEvent.class)).toList();
    assertThat(events)
        .extracting(RawLogEvent::eventId)
        .containsExactlyElementsOf(TV5_IDS.stream().sorted().toList());
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.logGroup()).isEqualTo("/aws/lambda/backtest-runner");
              assertThat(e.firehoseRequestId()).isEqualTo(REQUEST_ID);
            });
    assertThat(records)
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsOnly(
            "/aws/lambda/backtest-runner|2025/06/12/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f");
    assertThat(records)
        .extracting(ConsumerRecord::partition)
        .containsOnly(records.get(0).partition());
    assertThat(readAll(Topics.withPrefix("it-exact").deadLetter(), 0)).isEmpty();
  }

  @Test
  void metrics_areTheContractsFamilies() throws Exception {
    try (IngestService ingest = ingest("it-metrics")) {
      assertThat(postFirehose(ingest, "firehose_request.json").statusCode()).isEqualTo(200);
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + ingest.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(ContractedMetrics.scraped(metrics))
          .as("families on /metrics vs deploy/prometheus/metrics.json")
          .isEqualTo(ContractedMetrics.exportedBy("ingest"));
    }
  }

  @Test
  void malformedRecords_areInTheDeadLetterTopicWithTheirReasons() throws Exception {
    try (IngestService ingest = ingest("it-dead")) {
      assertThat(postFirehose(ingest, "firehose_request_with_bad_records.json").statusCode())
          .isEqualTo(200);
    }
    List<ConsumerRecord<byte[], byte[]>> dead =
        readAll(Topics.withPrefix("it-dead").deadLetter(), 2);

    assertThat(dead)
        .extracting(r -> header(r, DeadLetterHeaders.REASON))
        .containsExactlyInAnyOrder("bad_gzip", "bad_base64");
    assertThat(dead)
        .allSatisfy(
            r -> {
              assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("ingest");
              assertThat(header(r, DeadLetterHeaders.REQUEST_ID)).isEqualTo(REQUEST_ID);
            });
    assertThat(dead)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder(
            CloudWatchFixtures.text("truncated_gzip.b64"),
            CloudWatchFixtures.text("bad_base64.txt"));
    assertThat(readAll(Topics.withPrefix("it-dead").raw(), 4)).hasSize(4);
  }

  @Test
  void brokerOutage_is503AndTheRetriedRequestDeliversEveryEvent() throws Exception {
    try (IngestService ingest =
        ingest("it-outage", Map.of("CORRELATE_INGEST_SEND_TIMEOUT_MS", "5000"))) {
      assertThat(postFirehose(ingest, "firehose_request.json").statusCode()).isEqualTo(200);

      kafka.stop();
      HttpResponse<String> during = postFirehose(ingest, "firehose_request.json");
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(Json.mapper().readTree(during.body()).get("requestId").asText())
          .isEqualTo(REQUEST_ID);
      assertThat(ingest.check().healthy()).isFalse();

      kafka.start();
      HttpResponse<String> retried = postFirehose(ingest, "firehose_request.json");
      assertThat(retried.statusCode()).isEqualTo(200);
      assertThat(ingest.check().healthy()).isTrue();
    }
    List<ConsumerRecord<byte[], byte[]>> records = readAll(Topics.withPrefix("it-outage").raw(), 8);

    // At least once on the wire; exactly once by event id, which is how streams and OpenSearch
    // dedupe.
    Map<String, Long> perId =
        records.stream()
            .map(r -> Json.read(r.value(), RawLogEvent.class))
            .collect(Collectors.groupingBy(RawLogEvent::eventId, Collectors.counting()));
    assertThat(perId.keySet()).isEqualTo(TV5_IDS);
    assertThat(records.size()).isGreaterThanOrEqualTo(8);
  }
}

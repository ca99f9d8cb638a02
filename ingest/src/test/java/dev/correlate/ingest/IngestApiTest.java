package dev.correlate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.cloudwatch.CloudWatchFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.config.Secret;
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.topics.DeadLetterHeaders;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every status of the ingest routes, on a real Javalin server and a mock producer. */
class IngestApiTest {
  private static final String REQUEST_ID = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f";
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<CheckResult> health = new AtomicReference<>(CheckResult.OK);
  private MockProducer<byte[], byte[]> producer = Fixtures.producer(true);
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private void start(IngestSettings settings, Duration sendTimeout) {
    Intake intake = Fixtures.intake(producer, registry, sendTimeout);
    Component component = new Component() {
      @Override
      public String name() {
        return "kafka";
      }

      @Override
      public CheckResult check() {
        return health.get();
      }

      @Override
      public void close() {}
    };
    app = IngestApi.create(intake, settings, registry, component).start("127.0.0.1", 0);
  }

  private void start() {
    start(IngestSettings.defaults().withPort(0), Duration.ofSeconds(5));
  }

  private HttpRequest.Builder post(String path, byte[] body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static HttpRequest.Builder firehoseHeaders(HttpRequest.Builder builder) {
    return builder.header("X-Amz-Firehose-Protocol-Version", "1.0")
        .header("X-Amz-Firehose-Request-Id", REQUEST_ID)
        .header("X-Amz-Firehose-Access-Key", "test-key");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<RawLogEvent> rawEvents() {
    return producer.history().stream().filter(r -> r.topic().equals(Fixtures.TOPICS.raw()))
        .map(r -> Json.read(r.value(), RawLogEvent.class)).toList();
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetters() {
    return producer.history().stream().filter(r -> r.topic().equals(Fixtures.TOPICS.deadLetter())).toList();
  }

  private static List<Secret> secrets(String... keys) {
    return Arrays.stream(keys).map(Secret::new).toList();
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.mapper().readTree(response.body());
  }

  @Test
  void firehose_tv5Request_writesFourEventsDropsTheControlMessageAndAnswers200() throws Exception {
    start();
    long before = System.currentTimeMillis();
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    JsonNode body = json(response);
    assertThat(body.size()).isEqualTo(2);
    assertThat(body.get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(body.get("timestamp").isIntegralNumber()).isTrue();
    assertThat(body.get("timestamp").asLong()).isGreaterThanOrEqualTo(before);

    List<RawLogEvent> events = rawEvents();
    assertThat(events).hasSize(4).allSatisfy(e -> {
      assertThat(e.intake()).isEqualTo(RawLogEvent.Intake.FIREHOSE);
      assertThat(e.firehoseRequestId()).isEqualTo(REQUEST_ID);
      assertThat(e.receivedAt()).isGreaterThanOrEqualTo(before);
    });
    assertThat(producer.history()).filteredOn(r -> r.topic().equals(Fixtures.TOPICS.raw()))
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsOnly("/aws/lambda/backtest-runner|2025/06/12/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f");
    assertThat(deadLetters()).isEmpty();
    assertThat(registry.get("correlate.ingest.control.messages").tag("intake", "firehose").counter().count()).isEqualTo(1);
    assertThat(registry.get("correlate.ingest.events").tag("intake", "firehose").counter().count()).isEqualTo(4);
    assertThat(registry.get("correlate.ingest.records").tag("intake", "firehose").counter().count()).isEqualTo(2);
    assertThat(registry.get("correlate.ingest.requests").tag("path", "/ingest/firehose").tag("status", "200")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("correlate.ingest.produce.latency").timer().count()).isEqualTo(1);
  }

  @Test
  void firehose_tv6GzipContentEncoding_givesTheSameResult() throws Exception {
    start();
    HttpResponse<String> response = send(firehoseHeaders(
        post("/ingest/firehose", CloudWatchFixtures.gzip(CloudWatchFixtures.bytes("firehose_request.json"))))
        .header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(rawEvents()).hasSize(4);
    assertThat(registry.get("correlate.ingest.bytes").tag("path", "/ingest/firehose").counter().count())
        .isEqualTo(CloudWatchFixtures.gzip(CloudWatchFixtures.bytes("firehose_request.json")).length);
  }

  @Test
  void firehose_commonAttributes_areCarriedOnEveryEvent() throws Exception {
    start();
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))
        .header("X-Amz-Firehose-Common-Attributes", "{\"commonAttributes\":{\"deployment-context\":\"pre-prod\",\"empty\":\"\"}}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rawEvents()).allSatisfy(e -> assertThat(e.commonAttributes())
        .isEqualTo(Map.of("deployment-context", "pre-prod", "empty", "")));
  }

  @Test
  void firehose_tv7WrongOrMissingAccessKey_is401EchoingTheRequestId() throws Exception {
    start(IngestSettings.defaults().withPort(0).withAccessKeys(secrets("old-key", "new-key")), Duration.ofSeconds(5));
    HttpResponse<String> wrong = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    HttpResponse<String> missing = send(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))
        .header("X-Amz-Firehose-Request-Id", REQUEST_ID));

    for (HttpResponse<String> response : List.of(wrong, missing)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode body = json(response);
      assertThat(body.get("requestId").asText()).isEqualTo(REQUEST_ID);
      assertThat(body.get("timestamp").isIntegralNumber()).isTrue();
      assertThat(body.get("errorMessage").asText()).containsIgnoringCase("access-key");
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void firehose_eitherKeyOfARotation_isAccepted() throws Exception {
    start(IngestSettings.defaults().withPort(0).withAccessKeys(secrets("old-key", "test-key")), Duration.ofSeconds(5));
    assertThat(send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void firehose_bodyOverTheLimit_is413() throws Exception {
    start(IngestSettings.defaults().withPort(0).withMaxBodyBytes(512), Duration.ofSeconds(5));
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("errorMessage").asText()).contains("512");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void firehose_gzipBodyInflatingOverTheLimit_is413() throws Exception {
    start(IngestSettings.defaults().withPort(0).withMaxBodyBytes(1024), Duration.ofSeconds(5));
    byte[] big = ("{\"requestId\":\"r\",\"records\":[],\"pad\":\"" + "a".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.gzip(big)))
        .header("Content-Encoding", "gzip"));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void firehose_malformedEnvelopes_are400WithProblemDetails() throws Exception {
    start();
    for (String fixture : List.of("firehose_envelope_records_not_array.json", "firehose_envelope_no_request_id.json",
        "firehose_envelope_not_json.json")) {
      HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes(fixture))));
      assertThat(response.statusCode()).as(fixture).isEqualTo(400);
      JsonNode body = json(response);
      assertThat(body.get("requestId").asText()).isEqualTo(REQUEST_ID);
      assertThat(body.get("errorMessage").asText()).isNotBlank();
      assertThat(body.get("status").asInt()).isEqualTo(400);
      assertThat(body.get("title").asText()).isEqualTo("Bad Request");
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void firehose_gzipContentEncodingThatIsNotGzip_is400() throws Exception {
    start();
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))
        .header("Content-Encoding", "gzip"));
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void firehose_tv8BadRecords_areQuarantinedWithReasonsAndTheRestIsAccepted() throws Exception {
    start();
    String requestId = "11111111-2222-3333-4444-555555555555";
    HttpResponse<String> response = send(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request_with_bad_records.json"))
        .header("X-Amz-Firehose-Request-Id", requestId));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rawEvents()).hasSize(4);
    List<ProducerRecord<byte[], byte[]>> dead = deadLetters();
    assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON)).containsExactly("bad_gzip", "bad_base64");
    assertThat(dead).allSatisfy(r -> {
      assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("ingest");
      assertThat(header(r, DeadLetterHeaders.REQUEST_ID)).isEqualTo(requestId);
      assertThat(header(r, DeadLetterHeaders.DETAIL)).isNotBlank();
      assertThat(Long.parseLong(header(r, DeadLetterHeaders.AT))).isPositive();
    });
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(CloudWatchFixtures.text("truncated_gzip.b64"));
    assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).isEqualTo(CloudWatchFixtures.text("bad_base64.txt"));
    assertThat(registry.get("correlate.ingest.quarantined").tag("reason", "bad_gzip").counter().count()).isEqualTo(1);
    assertThat(registry.get("correlate.ingest.quarantined").tag("reason", "bad_base64").counter().count()).isEqualTo(1);
  }

  @Test
  void firehose_kafkaNotAcknowledgingInTime_is503() throws Exception {
    producer = Fixtures.producer(false);
    start(IngestSettings.defaults().withPort(0), Duration.ofMillis(300));
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(body.get("errorMessage").asText()).contains("Kafka");
    assertThat(registry.get("correlate.ingest.kafka.unavailable").counter().count()).isEqualTo(1);
  }

  @Test
  void firehose_kafkaRejectingTheSend_is503() throws Exception {
    producer.sendException = new KafkaException("broker gone");
    start();
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    assertThat(response.statusCode()).isEqualTo(503);
  }

  @Test
  void firehose_kafkaFailingTheAcknowledgement_is503() throws Exception {
    producer = Fixtures.producer(false);
    start();
    Thread failer = new Thread(() -> {
      while (producer.history().isEmpty()) {
        Thread.onSpinWait();
      }
      producer.errorNext(new KafkaException("not enough replicas"));
    });
    failer.start();
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    failer.join();
    assertThat(response.statusCode()).isEqualTo(503);
  }

  @Test
  void firehose_tv9SameRequestTwice_writesTheSameKeysAndEventIdsForDedupe() throws Exception {
    start();
    send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    List<RawLogEvent> events = rawEvents();
    assertThat(events).hasSize(8);
    assertThat(events.subList(0, 4)).extracting(RawLogEvent::eventId, RawLogEvent::streamKey)
        .isEqualTo(events.subList(4, 8).stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.eventId(), e.streamKey())).toList());
  }

  private static byte[] subscriptionDocument(String... messages) {
    StringBuilder doc = new StringBuilder("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\","
        + "\"logStream\":\"s\",\"logEvents\":[");
    for (int i = 0; i < messages.length; i++) {
      doc.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"timestamp\":1,\"message\":\"")
          .append(messages[i]).append("\"}");
    }
    return CloudWatchFixtures.gzip(doc.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cloudwatch_tv18EventOfOneMegabyte_isWritten() throws Exception {
    start();
    HttpResponse<String> response = send(post("/ingest/cloudwatch", subscriptionDocument("x".repeat(1_048_000))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rawEvents()).singleElement().satisfies(e -> assertThat(e.message()).hasSize(1_048_000));
  }

  @Test
  void cloudwatch_eventOverOneMegabyte_isQuarantinedAndTheRestWritten() throws Exception {
    start();
    HttpResponse<String> response = send(post("/ingest/cloudwatch",
        subscriptionDocument("small", "y".repeat(1_048_577))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("events").asInt()).isEqualTo(1);
    assertThat(rawEvents()).extracting(RawLogEvent::message).containsExactly("small");
    assertThat(deadLetters()).singleElement().satisfies(r -> {
      assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("event_too_large");
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("g|s");
      assertThat(Json.read(r.value(), RawLogEvent.class).message()).hasSize(1_048_577);
    });
  }

  @Test
  void firehose_unexpectedFailure_is500InFirehoseShapeAndCounted() throws Exception {
    producer.sendException = new IllegalStateException("a defect");
    start();
    HttpResponse<String> response = send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response).get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(registry.get("correlate.ingest.requests").tag("path", "/ingest/firehose").tag("status", "500")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void cloudwatch_lambdaStyleBody_isDecoded() throws Exception {
    start();
    HttpResponse<String> response = send(post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json")));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("events").asInt()).isEqualTo(4);
    assertThat(body.get("control_messages").asInt()).isZero();
    assertThat(body.get("quarantined").asInt()).isZero();
    assertThat(rawEvents()).hasSize(4).allSatisfy(e -> {
      assertThat(e.intake()).isEqualTo(RawLogEvent.Intake.CLOUDWATCH);
      assertThat(e.firehoseRequestId()).isNull();
    });
  }

  @Test
  void cloudwatch_gzipSubscriptionDocument_isDecoded() throws Exception {
    start();
    HttpResponse<String> response = send(post("/ingest/cloudwatch", CloudWatchFixtures.bytes("tv11_concatenated.json.gz"))
        .header("Content-Type", "application/octet-stream"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("events").asInt()).isEqualTo(5);
  }

  @Test
  void cloudwatch_undecodableBody_isQuarantinedAndCounted() throws Exception {
    start();
    HttpResponse<String> response = send(post("/ingest/cloudwatch", "not a subscription".getBytes(StandardCharsets.UTF_8))
        .header("X-Request-Id", "replay-7"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("quarantined").asInt()).isEqualTo(1);
    assertThat(deadLetters()).singleElement().satisfies(r -> {
      assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("bad_json");
      assertThat(header(r, DeadLetterHeaders.REQUEST_ID)).isEqualTo("replay-7");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not a subscription");
    });
  }

  @Test
  void cloudwatch_lambdaStyleBodyWithoutData_is400Problem() throws Exception {
    start();
    HttpResponse<String> response = send(post("/ingest/cloudwatch", "{\"awslogs\":{\"data\":42}}".getBytes(StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(response).get("status").asInt()).isEqualTo(400);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void cloudwatch_wrongBearerKey_is401Problem() throws Exception {
    start(IngestSettings.defaults().withPort(0).withAccessKeys(secrets("k1")), Duration.ofSeconds(5));
    HttpResponse<String> wrong = send(post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json"))
        .header("Authorization", "Bearer k2"));
    HttpResponse<String> right = send(post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json"))
        .header("Authorization", "Bearer k1"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
  }

  @Test
  void cloudwatch_kafkaNotAcknowledging_is503Problem() throws Exception {
    producer = Fixtures.producer(false);
    start(IngestSettings.defaults().withPort(0), Duration.ofMillis(300));
    HttpResponse<String> response = send(post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json")));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
  }

  @Test
  void health_followsKafka_inTheSharedHealthShape() throws Exception {
    start();
    HttpRequest.Builder get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health"));
    HttpResponse<String> up = send(get);
    health.set(CheckResult.unhealthy("Kafka unreachable at 127.0.0.1:1"));
    HttpResponse<String> down = send(get);

    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(json(up).get("status").asText()).isEqualTo("healthy");
    assertThat(json(up).get("dependencies").get("kafka").get("status").asText()).isEqualTo("healthy");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(json(down).get("status").asText()).isEqualTo("unhealthy");
    assertThat(json(down).get("dependencies").get("kafka").get("detail").asText()).contains("Kafka unreachable");
  }

  @Test
  void metrics_exposeEveryCounterInPrometheusText() throws Exception {
    start();
    send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request_with_bad_records.json"))));
    HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics")));

    assertThat(metrics.statusCode()).isEqualTo(200);
    String names = metrics.body().lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
    assertThat(names).contains(
        "correlate_ingest_requests_total{path=\"/ingest/firehose\",status=\"200\"} 1.0",
        "correlate_ingest_records_total{intake=\"firehose\"} 4.0",
        "correlate_ingest_events_total{intake=\"firehose\"} 4.0",
        "correlate_ingest_control_messages_total{intake=\"firehose\"} 1.0",
        "correlate_ingest_quarantined_total{reason=\"bad_gzip\"} 1.0",
        "correlate_ingest_bytes_total{path=\"/ingest/firehose\"}",
        "correlate_ingest_produce_latency_seconds_count{intake=\"firehose\"} 1");
  }

  @Test
  void metrics_ofQuarantineAndKafkaUnavailability_existAtZeroBeforeTheFirstOne() throws Exception {
    start();
    HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics")));

    assertThat(metrics.body().lines()).contains(
        "correlate_ingest_quarantined_total{reason=\"bad_gzip\"} 0.0",
        "correlate_ingest_quarantined_total{reason=\"event_too_large\"} 0.0",
        "correlate_ingest_kafka_unavailable_total{intake=\"firehose\"} 0.0",
        "correlate_ingest_kafka_unavailable_total{intake=\"lambda\"} 0.0");
  }
}

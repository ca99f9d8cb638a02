package dev.correlate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.cloudwatch.CloudWatchFixtures;
import dev.correlate.core.cloudwatch.SubscriptionDecoder;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every status of the ingest routes, on a real Javalin server and a mock producer. */
class IngestApiTest {
  private static final String REQUEST_ID = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f";
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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
    start(settings, Fixtures.intake(producer, registry, sendTimeout));
  }

  private void start(IngestSettings settings, Intake intake) {
    Component component =
        new Component() {
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
    return builder
        .header("X-Amz-Firehose-Protocol-Version", "1.0")
        .header("X-Amz-Firehose-Request-Id", REQUEST_ID)
        .header("X-Amz-Firehose-Access-Key", "test-key");
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<RawLogEvent> rawEvents() {
    return producer.history().stream()
        .filter(r -> r.topic().equals(Fixtures.TOPICS.raw()))
        .map(r -> Json.read(r.value(), RawLogEvent.class))
        .toList();
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetters() {
    return producer.history().stream()
        .filter(r -> r.topic().equals(Fixtures.TOPICS.deadLetter()))
        .toList();
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
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    JsonNode body = json(response);
    assertThat(body.size()).isEqualTo(2);
    assertThat(body.get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(body.get("timestamp").isIntegralNumber()).isTrue();
    assertThat(body.get("timestamp").asLong()).isGreaterThanOrEqualTo(before);

    List<RawLogEvent> events = rawEvents();
    assertThat(events)
        .hasSize(4)
        .allSatisfy(
            e -> {
              assertThat(e.intake()).isEqualTo(RawLogEvent.Intake.FIREHOSE);
              assertThat(e.firehoseRequestId()).isEqualTo(REQUEST_ID);
              assertThat(e.receivedAt()).isGreaterThanOrEqualTo(before);
            });
    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals(Fixtures.TOPICS.raw()))
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsOnly(
            "/aws/lambda/backtest-runner|2025/06/12/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f");
    assertThat(deadLetters()).isEmpty();
    assertThat(
            registry
                .get("correlate.ingest.control.messages")
                .tag("intake", "firehose")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("correlate.ingest.events").tag("intake", "firehose").counter().count())
        .isEqualTo(4);
    assertThat(registry.get("correlate.ingest.records").tag("intake", "firehose").counter().count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("correlate.ingest.requests")
                .tag("path", "/ingest/firehose")
                .tag("status", "200")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("correlate.ingest.produce.latency").timer().count()).isEqualTo(1);
  }

  @Test
  void firehose_tv6GzipContentEncoding_givesTheSameResult() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                    post(
                        "/ingest/firehose",
                        CloudWatchFixtures.gzip(CloudWatchFixtures.bytes("firehose_request.json"))))
                .header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(rawEvents()).hasSize(4);
    assertThat(
            registry
                .get("correlate.ingest.bytes")
                .tag("path", "/ingest/firehose")
                .counter()
                .count())
        .isEqualTo(
            CloudWatchFixtures.gzip(CloudWatchFixtures.bytes("firehose_request.json")).length);
  }

  @Test
  void firehose_commonAttributes_areCarriedOnEveryEvent() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                    post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))
                .header(
                    "X-Amz-Firehose-Common-Attributes",
                    "{\"commonAttributes\":{\"deployment-context\":\"pre-prod\",\"empty\":\"\"}}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rawEvents())
        .allSatisfy(
            e ->
                assertThat(e.commonAttributes())
                    .isEqualTo(Map.of("deployment-context", "pre-prod", "empty", "")));
  }

  @Test
  void firehose_tv7WrongOrMissingAccessKey_is401EchoingTheRequestId() throws Exception {
    start(
        IngestSettings.defaults().withPort(0).withAccessKeys(secrets("old-key", "new-key")),
        Duration.ofSeconds(5));
    HttpResponse<String> wrong =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    HttpResponse<String> missing =
        send(
            post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))
                .header("X-Amz-Firehose-Request-Id", REQUEST_ID));

    for (HttpResponse<String> response : List.of(wrong, missing)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode body = json(response);
      assertThat(body.get("requestId").asText()).isEqualTo(REQUEST_ID);
      assertThat(body.get("timestamp").isIntegralNumber()).isTrue();
      assertThat(body.get("errorMessage").asText()).containsIgnoringCase("access-key");
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void firehose_eitherKeyOfARotation_isAccepted() throws Exception {
    start(
        IngestSettings.defaults().withPort(0).withAccessKeys(secrets("old-key", "test-key")),
        Duration.ofSeconds(5));
    assertThat(
            send(firehoseHeaders(
                    post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void firehose_bodyOverTheLimit_is413() throws Exception {
    start(IngestSettings.defaults().withPort(0).withMaxBodyBytes(512), Duration.ofSeconds(5));
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("errorMessage").asText()).contains("512");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void firehose_gzipBodyInflatingOverTheLimit_is413() throws Exception {
    start(IngestSettings.defaults().withPort(0).withMaxBodyBytes(1024), Duration.ofSeconds(5));
    byte[] big =
        ("{\"requestId\":\"r\",\"records\":[],\"pad\":\"" + "a".repeat(100_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        send(
            firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.gzip(big)))
                .header("Content-Encoding", "gzip"));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void firehose_malformedEnvelopes_are400WithProblemDetails() throws Exception {
    start();
    for (String fixture :
        List.of(
            "firehose_envelope_records_not_array.json",
            "firehose_envelope_no_request_id.json",
            "firehose_envelope_not_json.json")) {
      HttpResponse<String> response =
          send(firehoseHeaders(post("/ingest/firehose", CloudWatchFixtures.bytes(fixture))));
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
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                    post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))
                .header("Content-Encoding", "gzip"));
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void firehose_tv8BadRecords_areQuarantinedWithReasonsAndTheRestIsAccepted() throws Exception {
    start();
    String requestId = "11111111-2222-3333-4444-555555555555";
    HttpResponse<String> response =
        send(
            post(
                    "/ingest/firehose",
                    CloudWatchFixtures.bytes("firehose_request_with_bad_records.json"))
                .header("X-Amz-Firehose-Request-Id", requestId));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rawEvents()).hasSize(4);
    List<ProducerRecord<byte[], byte[]>> dead = deadLetters();
    assertThat(dead)
        .extracting(r -> header(r, DeadLetterHeaders.REASON))
        .containsExactly("bad_gzip", "bad_base64");
    assertThat(dead)
        .allSatisfy(
            r -> {
              assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("ingest");
              assertThat(header(r, DeadLetterHeaders.REQUEST_ID)).isEqualTo(requestId);
              assertThat(header(r, DeadLetterHeaders.DETAIL)).isNotBlank();
              assertThat(Long.parseLong(header(r, DeadLetterHeaders.AT))).isPositive();
            });
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo(CloudWatchFixtures.text("truncated_gzip.b64"));
    assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8))
        .isEqualTo(CloudWatchFixtures.text("bad_base64.txt"));
    assertThat(
            registry
                .get("correlate.ingest.quarantined")
                .tag("reason", "bad_gzip")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("correlate.ingest.quarantined")
                .tag("reason", "bad_base64")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void firehose_kafkaNotAcknowledgingInTime_is503() throws Exception {
    producer = Fixtures.producer(false);
    start(IngestSettings.defaults().withPort(0), Duration.ofMillis(300));
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(body.get("errorMessage").asText()).contains("Kafka");
    assertThat(registry.get("correlate.ingest.kafka.unavailable").counter().count()).isEqualTo(1);
  }

  @Test
  void firehose_kafkaRejectingTheSend_is503() throws Exception {
    producer.sendException =
        new TimeoutException("Topic test.raw not present in metadata after 10000 ms.");
    start();
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    assertThat(response.statusCode()).isEqualTo(503);
  }

  /**
   * A producer that has entered a state it never leaves: the request is 503, and the process is
   * told to end.
   */
  @Test
  void firehose_producerThatCannotRecover_is503AndReportedFatal() throws Exception {
    producer.sendException =
        new KafkaException(
            "Cannot perform send because at least one previous transactional or "
                + "idempotent request has failed with errors.",
            new ClusterAuthorizationException("not authorized"));
    List<String> fatal = new java.util.concurrent.CopyOnWriteArrayList<>();
    start(
        IngestSettings.defaults().withPort(0),
        Fixtures.intake(
            producer,
            registry,
            Duration.ofSeconds(5),
            SubscriptionDecoder.Limits.defaults(),
            Fixtures.SAMPLES_WINDOW,
            (part, cause) -> fatal.add(part)));

    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(fatal).containsExactly("ingest-producer");
  }

  /**
   * The first record already failed: the rest of the request is neither decoded nor quarantined nor
   * sent.
   */
  @Test
  void firehose_batchThatFailed_stopsWorkingOnTheRestOfItsRecords() throws Exception {
    producer.sendException =
        new TimeoutException("Topic test.raw not present in metadata after 10000 ms.");
    start();

    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post(
                    "/ingest/firehose",
                    CloudWatchFixtures.bytes("firehose_request_with_bad_records.json"))));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(producer.history()).isEmpty();
    assertThat(registry.get("correlate.ingest.quarantined").counters())
        .allSatisfy(c -> assertThat(c.count()).isZero());
  }

  @Test
  void firehose_kafkaFailingTheAcknowledgement_is503() throws Exception {
    producer = Fixtures.producer(false);
    start();
    Thread failer =
        new Thread(
            () -> {
              while (producer.history().isEmpty()) {
                Thread.onSpinWait();
              }
              producer.errorNext(new KafkaException("not enough replicas"));
            });
    failer.start();
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    failer.join();
    assertThat(response.statusCode()).isEqualTo(503);
  }

  @Test
  void firehose_tv9SameRequestTwice_writesTheSameKeysAndEventIdsForDedupe() throws Exception {
    start();
    send(
        firehoseHeaders(
            post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));
    send(
        firehoseHeaders(
            post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    List<RawLogEvent> events = rawEvents();
    assertThat(events).hasSize(8);
    assertThat(events.subList(0, 4))
        .extracting(RawLogEvent::eventId, RawLogEvent::streamKey)
        .isEqualTo(
            events.subList(4, 8).stream()
                .map(e -> org.assertj.core.groups.Tuple.tuple(e.eventId(), e.streamKey()))
                .toList());
  }

  private static byte[] subscriptionDocument(String... messages) {
    return subscriptionDocumentOf("s", messages);
  }

  private static byte[] subscriptionDocumentOf(String stream, String... messages) {
    StringBuilder doc =
        new StringBuilder(
            "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\","
                + "\"logStream\":\""
                + stream
                + "\",\"logEvents\":[");
    for (int i = 0; i < messages.length; i++) {
      doc.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(i)
          .append("\",\"timestamp\":")
          .append(System.currentTimeMillis())
          .append(",\"message\":\"")
          .append(messages[i])
          .append("\"}");
    }
    return CloudWatchFixtures.gzip(doc.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cloudwatch_ecsTaskStreams_areKeyedByTheirTask_otherStreamsByGroupAndStream()
      throws Exception {
    String task = "0123456789abcdef0123456789abcdef";
    start();
    send(post("/ingest/cloudwatch", subscriptionDocumentOf("ecs/strategy/" + task, "a")));
    send(post("/ingest/cloudwatch", subscriptionDocumentOf("ecs/log-router/" + task, "b")));
    send(post("/ingest/cloudwatch", subscriptionDocument("c")));

    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals(Fixtures.TOPICS.raw()))
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("task:" + task, "task:" + task, "g|s");
  }

  @Test
  void firehose_recordsOfSeveralStreamsInOneRequest_areEachKeyedByTheirOwnStream()
      throws Exception {
    String task = "0123456789abcdef0123456789abcdef";
    start();
    send(
        firehoseHeaders(
            post(
                "/ingest/firehose",
                firehoseBody(
                    REQUEST_ID,
                    subscriptionDocumentOf("a", "1", "2"),
                    subscriptionDocumentOf("ecs/app/" + task, "3"),
                    subscriptionDocumentOf("a", "4"),
                    subscriptionDocumentOf("b", "5")))));

    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals(Fixtures.TOPICS.raw()))
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("g|a", "g|a", "task:" + task, "g|a", "g|b");
  }

  @Test
  void cloudwatch_tv18EventOfOneMegabyte_isWritten() throws Exception {
    start();
    HttpResponse<String> response =
        send(post("/ingest/cloudwatch", subscriptionDocument("x".repeat(1_048_000))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rawEvents())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).hasSize(1_048_000));
  }

  @Test
  void cloudwatch_eventOverOneMegabyte_isQuarantinedAndTheRestWritten() throws Exception {
    start();
    HttpResponse<String> response =
        send(post("/ingest/cloudwatch", subscriptionDocument("small", "y".repeat(1_048_577))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("events").asInt()).isEqualTo(1);
    assertThat(rawEvents()).extracting(RawLogEvent::message).containsExactly("small");
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("event_too_large");
              assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("g|s");
              assertThat(Json.read(r.value(), RawLogEvent.class).message()).hasSize(1_048_577);
            });
  }

  @Test
  void firehose_unexpectedFailure_is500InFirehoseShapeAndCounted() throws Exception {
    producer.sendException = new IllegalStateException("a defect");
    start();
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response).get("requestId").asText()).isEqualTo(REQUEST_ID);
    assertThat(
            registry
                .get("correlate.ingest.requests")
                .tag("path", "/ingest/firehose")
                .tag("status", "500")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void cloudwatch_lambdaStyleBody_isDecoded() throws Exception {
    start();
    HttpResponse<String> response =
        send(post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json")));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("events").asInt()).isEqualTo(4);
    assertThat(body.get("control_messages").asInt()).isZero();
    assertThat(body.get("quarantined").asInt()).isZero();
    assertThat(rawEvents())
        .hasSize(4)
        .allSatisfy(
            e -> {
              assertThat(e.intake()).isEqualTo(RawLogEvent.Intake.CLOUDWATCH);
              assertThat(e.firehoseRequestId()).isNull();
            });
  }

  @Test
  void cloudwatch_gzipSubscriptionDocument_isDecoded() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            post("/ingest/cloudwatch", CloudWatchFixtures.bytes("tv11_concatenated.json.gz"))
                .header("Content-Type", "application/octet-stream"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("events").asInt()).isEqualTo(5);
  }

  @Test
  void cloudwatch_undecodableBody_isQuarantinedAndCounted() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            post("/ingest/cloudwatch", "not a subscription".getBytes(StandardCharsets.UTF_8))
                .header("X-Request-Id", "replay-7"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("quarantined").asInt()).isEqualTo(1);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("bad_json");
              assertThat(header(r, DeadLetterHeaders.REQUEST_ID)).isEqualTo("replay-7");
              assertThat(new String(r.value(), StandardCharsets.UTF_8))
                  .isEqualTo("not a subscription");
            });
  }

  @Test
  void cloudwatch_lambdaStyleBodyWithoutData_is400Problem() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            post(
                "/ingest/cloudwatch",
                "{\"awslogs\":{\"data\":42}}".getBytes(StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(response).get("status").asInt()).isEqualTo(400);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void cloudwatch_wrongBearerKey_is401Problem() throws Exception {
    start(
        IngestSettings.defaults().withPort(0).withAccessKeys(secrets("k1")), Duration.ofSeconds(5));
    HttpResponse<String> wrong =
        send(
            post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json"))
                .header("Authorization", "Bearer k2"));
    HttpResponse<String> right =
        send(
            post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json"))
                .header("Authorization", "Bearer k1"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
  }

  @Test
  void cloudwatch_kafkaNotAcknowledging_is503Problem() throws Exception {
    producer = Fixtures.producer(false);
    start(IngestSettings.defaults().withPort(0), Duration.ofMillis(300));
    HttpResponse<String> response =
        send(post("/ingest/cloudwatch", CloudWatchFixtures.bytes("lambda_style_body.json")));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
  }

  @Test
  void health_followsKafka_inTheSharedHealthShape() throws Exception {
    start();
    HttpRequest.Builder get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health"));
    HttpResponse<String> up = send(get);
    health.set(CheckResult.unhealthy("Kafka unreachable at 127.0.0.1:1"));
    HttpResponse<String> down = send(get);

    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(json(up).get("status").asText()).isEqualTo("healthy");
    assertThat(json(up).get("dependencies").get("kafka").get("status").asText())
        .isEqualTo("healthy");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(json(down).get("status").asText()).isEqualTo("unhealthy");
    assertThat(json(down).get("dependencies").get("kafka").get("detail").asText())
        .contains("Kafka unreachable");
  }

  @Test
  void metrics_exposeEveryCounterInPrometheusText() throws Exception {
    start();
    send(
        firehoseHeaders(
            post(
                "/ingest/firehose",
                CloudWatchFixtures.bytes("firehose_request_with_bad_records.json"))));
    HttpResponse<String> metrics =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics")));

    assertThat(metrics.statusCode()).isEqualTo(200);
    String names =
        metrics.body().lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
    assertThat(names)
        .contains(
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
    HttpResponse<String> metrics =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics")));

    assertThat(metrics.body().lines())
        .contains(
            "correlate_ingest_quarantined_total{reason=\"bad_gzip\"} 0.0",
            "correlate_ingest_quarantined_total{reason=\"event_too_large\"} 0.0",
            "correlate_ingest_kafka_unavailable_total{intake=\"firehose\"} 0.0",
            "correlate_ingest_kafka_unavailable_total{intake=\"lambda\"} 0.0");
  }

  /** A Firehose body of {@code records}, each a (gzip) subscription payload. */
  private static byte[] firehoseBody(String requestId, byte[]... records) {
    String data =
        Arrays.stream(records)
            .map(r -> "{\"data\":\"" + Base64.getEncoder().encodeToString(r) + "\"}")
            .collect(Collectors.joining(","));
    return ("{\"requestId\":\"" + requestId + "\",\"timestamp\":1,\"records\":[" + data + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] eventsAt(long... timestamps) {
    StringBuilder doc =
        new StringBuilder(
            "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\","
                + "\"logStream\":\"s\",\"logEvents\":[");
    for (int i = 0; i < timestamps.length; i++) {
      doc.append(i == 0 ? "" : ",")
          .append("{\"id\":\"e")
          .append(i)
          .append("\",\"timestamp\":")
          .append(timestamps[i])
          .append(",\"message\":\"line ")
          .append(i)
          .append("\"}");
    }
    return CloudWatchFixtures.gzip(doc.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void firehose_eventsOutsideCloudWatchsWindow_areQuarantinedWithTheirReasonAndTheRestWritten()
      throws Exception {
    start(
        IngestSettings.defaults().withPort(0),
        Fixtures.intake(
            producer,
            registry,
            Duration.ofSeconds(5),
            SubscriptionDecoder.Limits.defaults(),
            IngestSettings.EventWindow.CLOUDWATCH,
            (part, cause) -> {}));
    long now = System.currentTimeMillis();
    long day = Duration.ofDays(1).toMillis();

    HttpResponse<String> response =
        send(
            firehoseHeaders(
                post(
                    "/ingest/firehose",
                    firehoseBody(
                        REQUEST_ID,
                        eventsAt(
                            now - 13 * day,
                            now - 15 * day,
                            now + Duration.ofHours(3).toMillis(),
                            now,
                            0)))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rawEvents()).extracting(RawLogEvent::eventId).containsExactly("e0", "e3");
    assertThat(deadLetters())
        .extracting(r -> Json.read(r.value(), RawLogEvent.class).eventId())
        .containsExactly("e1", "e2", "e4");
    assertThat(deadLetters())
        .allSatisfy(
            r -> {
              assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("timestamp_out_of_range");
              assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("g|s");
            });
    assertThat(header(deadLetters().get(0), DeadLetterHeaders.DETAIL))
        .contains("more than PT336H before its receipt");
    assertThat(header(deadLetters().get(1), DeadLetterHeaders.DETAIL))
        .contains("more than PT2H after its receipt");
    assertThat(
            registry
                .get("correlate.ingest.quarantined")
                .tag("reason", "timestamp_out_of_range")
                .counter()
                .count())
        .isEqualTo(3);
  }

  /**
   * Each record alone inflates within its own cap; the request as a whole stops being inflated at
   * its allowance.
   */
  @Test
  void firehose_requestOfManySmallBombs_stopsInflatingAtTheRequestsAllowance() throws Exception {
    SubscriptionDecoder.Limits limits = new SubscriptionDecoder.Limits(1 << 20, 1 << 20, 3 << 20);
    start(
        IngestSettings.defaults().withPort(0),
        Fixtures.intake(
            producer,
            registry,
            Duration.ofSeconds(5),
            limits,
            Fixtures.SAMPLES_WINDOW,
            (part, cause) -> {}));
    byte[] bomb =
        CloudWatchFixtures.gzip(
            ("{\"messageType\":\"CONTROL_MESSAGE\",\"pad\":\"" + " ".repeat(900_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    byte[][] records = new byte[10][];
    Arrays.fill(records, bomb);

    HttpResponse<String> response =
        send(firehoseHeaders(post("/ingest/firehose", firehoseBody(REQUEST_ID, records))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(
            registry
                .get("correlate.ingest.control.messages")
                .tag("intake", "firehose")
                .counter()
                .count())
        .isEqualTo(3);
    assertThat(deadLetters())
        .hasSize(7)
        .allSatisfy(
            r -> assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("payload_too_large"));
    assertThat(header(deadLetters().get(6), DeadLetterHeaders.DETAIL))
        .isEqualTo("its request already inflated to its limit of 3145728 bytes");
  }

  @Test
  void firehose_requestIdsLongerThanTheCap_are400AndNotEchoed() throws Exception {
    start();
    String longId = "r".repeat(FirehoseRequest.MAX_REQUEST_ID_CHARS + 1);

    HttpResponse<String> inBody =
        send(
            post("/ingest/firehose", firehoseBody(longId, eventsAt(1)))
                .header("X-Amz-Firehose-Protocol-Version", "1.0"));
    HttpResponse<String> inHeader =
        send(
            post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))
                .header("X-Amz-Firehose-Request-Id", longId));

    assertThat(inBody.statusCode()).isEqualTo(400);
    assertThat(json(inBody).get("errorMessage").asText())
        .isEqualTo("requestId is longer than 256 characters");
    assertThat(inHeader.statusCode()).isEqualTo(400);
    assertThat(json(inHeader).get("requestId").asText()).isEmpty();
    assertThat(inBody.body() + inHeader.body()).doesNotContain(longId);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void cloudwatch_requestIdLongerThanTheCap_is400Problem() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            post("/ingest/cloudwatch", subscriptionDocument("a line"))
                .header("X-Request-Id", "r".repeat(FirehoseRequest.MAX_REQUEST_ID_CHARS + 1)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void firehose_commonAttributeBeyondFirehosesLimits_is400() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            firehoseHeaders(
                    post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))
                .header(
                    "X-Amz-Firehose-Common-Attributes",
                    "{\"commonAttributes\":{\"k\":\"" + "v".repeat(1025) + "\"}}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("errorMessage").asText()).contains("values at most 1024");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void firehose_unsupportedHeaderValues_areQuotedCut() throws Exception {
    start();
    HttpResponse<String> response =
        send(
            post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json"))
                .header("X-Amz-Firehose-Protocol-Version", "9".repeat(5_000)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("errorMessage").asText())
        .isEqualTo("unsupported X-Amz-Firehose-Protocol-Version: " + "9".repeat(64) + "…");
  }

  /**
   * One request is in Kafka's hands (not acknowledged yet) and the limit is one: the next waits for
   * its turn instead of running beside it, and health is answered meanwhile.
   */
  @Test
  void intake_beyondTheConcurrentRequests_waitsItsTurn_whileHealthIsAnswered() throws Exception {
    producer = Fixtures.producer(false);
    start(
        IngestSettings.defaults().withPort(0).withConcurrency(256L << 20, 1),
        Duration.ofSeconds(60));
    QoSHandler qos = app.jettyServer().server().getDescendant(QoSHandler.class);
    assertThat(qos.getMaxRequestCount()).isEqualTo(1);

    var first =
        http.sendAsync(
            firehoseHeaders(
                    post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    await(() -> producer.history().size() == 4);
    var second =
        http.sendAsync(
            firehoseHeaders(
                    post("/ingest/firehose", CloudWatchFixtures.bytes("firehose_request.json")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    await(() -> qos.getSuspendedRequestCount() == 1);
    assertThat(
            send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health")))
                .statusCode())
        .isEqualTo(200);
    assertThat(producer.history()).as("the waiting request has not been read").hasSize(4);

    await(
        () -> {
          while (producer.completeNext()) {
            // acknowledge whatever was sent so far
          }
          return first.isDone() && second.isDone();
        });
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(second.get().statusCode()).isEqualTo(200);
    assertThat(producer.history()).hasSize(8);
  }

  /**
   * One request holds its body while Kafka has not acknowledged it; the next one would pass the
   * budget.
   */
  @Test
  void intake_bodiesBeyondTheInflightBudget_are503AndTheBudgetIsReturned() throws Exception {
    producer = Fixtures.producer(false);
    start(
        IngestSettings.defaults()
            .withPort(0)
            .withMaxBodyBytes(100_000)
            .withConcurrency(100_000, 16),
        Duration.ofSeconds(60));
    byte[] padded =
        new String(
                firehoseBody(REQUEST_ID, eventsAt(System.currentTimeMillis())),
                StandardCharsets.UTF_8)
            .replace("\"timestamp\":1,", "\"timestamp\":1,\"pad\":\"" + " ".repeat(60_000) + "\",")
            .getBytes(StandardCharsets.UTF_8);

    var holding =
        http.sendAsync(
            firehoseHeaders(post("/ingest/firehose", padded)).build(),
            HttpResponse.BodyHandlers.ofString());
    await(() -> producer.history().size() == 1);
    HttpResponse<String> refused = send(firehoseHeaders(post("/ingest/firehose", padded)));
    await(
        () -> {
          while (producer.completeNext()) {
            // acknowledge the holding request
          }
          return holding.isDone();
        });
    producer = Fixtures.producer(true);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(json(refused).get("errorMessage").asText())
        .contains("bytes of request bodies (limit 100000); retry");
    assertThat(holding.get().statusCode()).isEqualTo(200);
    assertThat(
            registry
                .get("correlate.ingest.requests")
                .tag("path", "/ingest/firehose")
                .tag("status", "503")
                .counter()
                .count())
        .isEqualTo(1);
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}

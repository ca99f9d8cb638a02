package dev.correlate.core.cloudwatch;

import static dev.correlate.core.cloudwatch.CloudWatchFixtures.bytes;
import static dev.correlate.core.cloudwatch.CloudWatchFixtures.gzip;
import static dev.correlate.core.cloudwatch.CloudWatchFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.cloudwatch.DecodeFailure.Reason;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.RawLogEvent.Intake;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference vectors of docs/reference/ingest.md §7 and one fixture per failure mode. */
class SubscriptionDecoderTest {
  private static final Provenance FIREHOSE =
      new Provenance(
          Intake.FIREHOSE, "ed4acda5-034f-9f42-bba1-f29aea6d7d8f", 1_749_722_460_500L, Map.of());
  private final SubscriptionDecoder decoder =
      new SubscriptionDecoder(SubscriptionDecoder.Limits.defaults());

  private static DecodeResult.Decoded decoded(DecodeResult result) {
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return (DecodeResult.Decoded) result;
  }

  private static DecodeFailure rejected(DecodeResult result) {
    assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
    return ((DecodeResult.Rejected) result).failure();
  }

  @Test
  void decode_tv1AwsCanonicalLambdaEvent_yieldsTwoEventsWithNonNumericIds() throws Exception {
    JsonNode event = Json.mapper().readTree(bytes("tv1_awslogs_event.json"));
    DecodeResult.Decoded result =
        decoded(
            decoder.decodeBase64(
                event.path("awslogs").path("data").asText(), Provenance.of(Intake.LAMBDA, 7)));

    assertThat(result.events())
        .extracting(RawLogEvent::eventId)
        .containsExactly("eventId1", "eventId2");
    RawLogEvent first = result.events().get(0);
    assertThat(first.owner()).isEqualTo("123456789123");
    assertThat(first.logGroup()).isEqualTo("testLogGroup");
    assertThat(first.logStream()).isEqualTo("testLogStream");
    assertThat(first.subscriptionFilters()).containsExactly("testFilter");
    assertThat(first.timestamp()).isEqualTo(1440442987000L);
    assertThat(first.message()).isEqualTo("[ERROR] First test message");
    assertThat(first.intake()).isEqualTo(Intake.LAMBDA);
    assertThat(first.receivedAt()).isEqualTo(7);
    assertThat(first.streamKey()).isEqualTo("testLogGroup|testLogStream");
  }

  @Test
  void decode_tv2FirehoseControlMessage_isCountedWithoutEvents() {
    DecodeResult.Decoded result =
        decoded(decoder.decodeBase64(text("tv2_firehose_control.b64"), FIREHOSE));
    assertThat(result.events()).isEmpty();
    assertThat(result.controlMessages()).isEqualTo(1);
    assertThat(result.tooLarge()).isEmpty();
  }

  @Test
  void decode_tv3KinesisControlMessageAsRawGzip_isCountedWithoutEvents() {
    DecodeResult.Decoded result =
        decoded(decoder.decode(bytes("tv3_kinesis_control.json.gz"), FIREHOSE));
    assertThat(result.events()).isEmpty();
    assertThat(result.controlMessages()).isEqualTo(1);
  }

  @Test
  void decode_tv4LambdaBatch_keepsEnvelopeAndUntrimmedMessages() {
    DecodeResult.Decoded result =
        decoded(decoder.decodeBase64(text("lambda_data_message.b64"), FIREHOSE));

    assertThat(result.events()).hasSize(4);
    assertThat(result.events())
        .extracting(RawLogEvent::eventId)
        .containsExactly(
            "38221495723156384728470182836419234715672384015938912256",
            "38221495723156384728470182836419234715672384015938912257",
            "38221495723156384728470182836419234715672384015938912258",
            "38221495723156384728470182836419234715672384015938912259");
    RawLogEvent report = result.events().get(3);
    assertThat(report.owner()).isEqualTo("123456789012");
    assertThat(report.logGroup()).isEqualTo("/aws/lambda/backtest-runner");
    assertThat(report.logStream())
        .isEqualTo("2025/06/12/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f");
    assertThat(report.subscriptionFilters()).containsExactly("cwl-to-firehose");
    assertThat(report.timestamp()).isEqualTo(1749722402210L);
    assertThat(report.message())
        .startsWith("REPORT RequestId: 6b1e2c1a-7d0f-4f3b-9c2e-1a2b3c4d5e6f\t")
        .endsWith("\t\n");
    assertThat(report.firehoseRequestId()).isEqualTo("ed4acda5-034f-9f42-bba1-f29aea6d7d8f");
    assertThat(report.intake()).isEqualTo(Intake.FIREHOSE);
    assertThat(report.policyLevel()).isNull();
  }

  @Test
  void decode_tv4DecodedJsonSample_matchesTheBase64Sample() {
    DecodeResult.Decoded fromJson =
        decoded(decoder.decode(bytes("lambda_data_message.json"), FIREHOSE));
    DecodeResult.Decoded fromBase64 =
        decoded(decoder.decodeBase64(text("lambda_data_message.b64"), FIREHOSE));
    assertThat(fromJson.events()).isEqualTo(fromBase64.events());
  }

  @Test
  void decode_tv10MultiMemberGzip_decodesBothEnvelopes() {
    DecodeResult.Decoded result = decoded(decoder.decodeBase64(text("multi_member.b64"), FIREHOSE));
    assertThat(result.events()).hasSize(5);
    assertThat(result.events())
        .extracting(RawLogEvent::logGroup)
        .containsExactly(
            "/ecs/orders-api",
            "/aws/lambda/backtest-runner",
            "/aws/lambda/backtest-runner",
            "/aws/lambda/backtest-runner",
            "/aws/lambda/backtest-runner");
    assertThat(result.events().get(0).streamKey())
        .isEqualTo("/ecs/orders-api|ecs/orders-api/9f1c2b3d4e5f60718293a4b5c6d7e8f9");
  }

  @Test
  void decode_tv11ConcatenatedJsonDocuments_decodesBoth() {
    DecodeResult.Decoded result =
        decoded(decoder.decode(bytes("tv11_concatenated.json.gz"), FIREHOSE));
    assertThat(result.events()).hasSize(5);
    assertThat(result.events().get(0).logGroup()).isEqualTo("/ecs/orders-api");
    assertThat(result.events().get(4).logGroup()).isEqualTo("/aws/lambda/backtest-runner");
  }

  @Test
  void decode_tv12AccountLevelPolicyAlreadyInflated_keepsPolicyLevel() {
    DecodeResult.Decoded result =
        decoded(decoder.decode(bytes("tv12_account_level_policy.json"), FIREHOSE));
    assertThat(result.events())
        .hasSize(4)
        .allSatisfy(e -> assertThat(e.policyLevel()).isEqualTo("ACCOUNT_LEVEL_POLICY"));
  }

  @Test
  void decode_tv13Centralization_keepsSystemFieldsPerEvent() {
    DecodeResult.Decoded result =
        decoded(decoder.decodeBase64(text("tv13_centralization.b64"), FIREHOSE));
    assertThat(result.events()).hasSize(1);
    RawLogEvent event = result.events().get(0);
    assertThat(event.owner()).isEqualTo("999999999999");
    assertThat(event.extractedFields())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "@aws.account",
                "111122223333",
                "@aws.region",
                "us-east-1",
                "@source.log",
                "/aws/lambda/backtest-runner"));
  }

  @Test
  void decode_nonTextExtractedFields_areKeptAsJsonText() {
    String doc =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"m\",\"extractedFields\":{\"n\":42,\"o\":{\"a\":1}}}]}";
    RawLogEvent event =
        decoded(decoder.decode(gzip(doc.getBytes(StandardCharsets.UTF_8)), FIREHOSE))
            .events()
            .get(0);
    assertThat(event.extractedFields()).containsEntry("n", "42").containsEntry("o", "{\"a\":1}");
  }

  @Test
  void decode_tv18EventOfOneMegabyte_passes() {
    String message = "x".repeat(1_048_000);
    DecodeResult.Decoded result = decoded(decoder.decode(gzip(document(message)), FIREHOSE));
    assertThat(result.events()).hasSize(1);
    assertThat(result.events().get(0).message()).hasSize(1_048_000);
    assertThat(result.tooLarge()).isEmpty();
  }

  @Test
  void decode_eventOverTheLimit_isSetAsideAndTheRestPasses() {
    SubscriptionDecoder small =
        new SubscriptionDecoder(new SubscriptionDecoder.Limits(1 << 20, 100, 1 << 20));
    String doc =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\",\"logEvents\":["
            + "{\"id\":\"1\",\"timestamp\":1,\"message\":\""
            + "é".repeat(51)
            + "\"},"
            + "{\"id\":\"2\",\"timestamp\":2,\"message\":\""
            + "é".repeat(50)
            + "\"}]}";
    DecodeResult.Decoded result =
        decoded(small.decode(gzip(doc.getBytes(StandardCharsets.UTF_8)), FIREHOSE));
    // 51 two-byte characters are 102 UTF-8 bytes: over; 50 are exactly the limit: in.
    assertThat(result.tooLarge()).extracting(RawLogEvent::eventId).containsExactly("1");
    assertThat(result.events()).extracting(RawLogEvent::eventId).containsExactly("2");
  }

  @Test
  void decode_emptyRecord_isEmptyNotAnError() {
    DecodeResult.Decoded result = decoded(decoder.decodeBase64("", FIREHOSE));
    assertThat(result.events()).isEmpty();
    assertThat(result.controlMessages()).isZero();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "bad_base64.txt, BAD_BASE64",
    "truncated_gzip.b64, BAD_GZIP",
    "corrupt_gzip_crc.b64, BAD_GZIP",
    "not_gzip_not_json.b64, BAD_JSON",
  })
  void decode_malformedBase64Record_isRejectedWithReason(String fixture, Reason reason) {
    DecodeFailure failure = rejected(decoder.decodeBase64(text(fixture), FIREHOSE));
    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.detail()).isNotBlank();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "bad_json.json.gz, BAD_JSON",
    "good_then_bad_document.json.gz, BAD_JSON",
    "wrong_shape_no_log_events.json.gz, WRONG_SHAPE",
    "wrong_shape_unknown_message_type.json.gz, WRONG_SHAPE",
    "wrong_shape_log_events_not_array.json.gz, WRONG_SHAPE",
    "wrong_shape_event_without_id.json.gz, WRONG_SHAPE",
    "wrong_shape_json_array.json.gz, WRONG_SHAPE",
  })
  void decode_malformedGzipPayload_isRejectedWithReason(String fixture, Reason reason) {
    DecodeFailure failure = rejected(decoder.decode(bytes(fixture), FIREHOSE));
    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.detail()).isNotBlank();
  }

  @Test
  void decode_truncatedGzip_isQuarantined() {
    DecodeFailure failure = rejected(decoder.decodeBase64(text("truncated_gzip.b64"), FIREHOSE));
    assertThat(failure.reason().code()).isEqualTo("bad_gzip");
  }

  @Test
  void decode_gzipBomb_isRejectedAtTheCapWithoutInflatingIt() {
    SubscriptionDecoder capped =
        new SubscriptionDecoder(new SubscriptionDecoder.Limits(1 << 20, 1 << 20, 1 << 20));
    DecodeFailure failure = rejected(capped.decode(bytes("gzip_bomb.gz"), FIREHOSE));
    assertThat(failure.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
    assertThat(failure.detail()).contains("1048576");
  }

  /**
   * Each bomb alone is under the per-payload cap; together they are over the request's, which ends
   * the work.
   */
  @Test
  void decode_manyBombsOfOneRequest_areRefusedOnceTheRequestsAllowanceIsSpent() {
    SubscriptionDecoder capped =
        new SubscriptionDecoder(new SubscriptionDecoder.Limits(600_000, 1 << 20, 1_000_000));
    byte[] document =
        ("{\"messageType\":\"CONTROL_MESSAGE\"," + " ".repeat(500_000) + "\"logEvents\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] bomb = gzip(document);
    SubscriptionDecoder.Allowance allowance = capped.allowance();

    assertThat(decoded(capped.decode(bomb, FIREHOSE, allowance)).controlMessages()).isEqualTo(1);
    DecodeFailure second = rejected(capped.decode(bomb, FIREHOSE, allowance));
    assertThat(second.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
    assertThat(second.detail())
        .isEqualTo(
            "inflates beyond "
                + (1_000_000 - document.length)
                + " bytes (what is left of its request's 1000000)");
    assertThat(allowance.exhausted()).isTrue();
    DecodeFailure third = rejected(capped.decode(bomb, FIREHOSE, allowance));
    assertThat(third.detail())
        .isEqualTo("its request already inflated to its limit of 1000000 bytes");
    assertThat(decoded(capped.decode(bomb, FIREHOSE, capped.allowance())).controlMessages())
        .as("another request has its own allowance")
        .isEqualTo(1);
  }

  @Test
  void decode_emptyGzip_isWrongShape() {
    assertThat(rejected(decoder.decode(gzip(new byte[0]), FIREHOSE)).reason())
        .isEqualTo(Reason.WRONG_SHAPE);
  }

  @Test
  void reasonCodes_areStable() {
    assertThat(List.of(Reason.values()))
        .extracting(Reason::code)
        .containsExactly(
            "bad_base64",
            "bad_gzip",
            "bad_json",
            "wrong_shape",
            "payload_too_large",
            "event_too_large",
            "timestamp_out_of_range");
  }

  @Test
  void rawLogEvent_roundTripsThroughTheWireDialect() {
    RawLogEvent event =
        decoded(
                decoder.decodeBase64(
                    text("tv13_centralization.b64"),
                    new Provenance(Intake.FIREHOSE, "r-1", 5, Map.of("env", "prod"))))
            .events()
            .get(0);
    assertThat(Json.read(Json.write(event), RawLogEvent.class)).isEqualTo(event);
    assertThat(Json.writeString(event))
        .contains("\"common_attributes\":{\"env\":\"prod\"}", "\"event_id\":");
  }

  private static byte[] document(String message) {
    return ("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\""
            + message
            + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}

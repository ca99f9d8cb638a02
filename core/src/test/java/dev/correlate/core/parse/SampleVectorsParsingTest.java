package dev.correlate.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.cloudwatch.DecodeResult;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.model.Facts.LambdaFacts;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared CloudWatch test vectors (ingest.md §7), decoded as ingest does and then parsed. */
class SampleVectorsParsingTest {
  private static final String REQ = "6b1e2c1a-7d0f-4f3b-9c2e-1a2b3c4d5e6f";
  private static final String CORR = "c0ffee00-1234-4abc-8def-000000000001";
  private static final LogEventParser PARSER = new LogEventParser();

  private static List<LogEvent> parse(String resource) throws IOException {
    String base64;
    try (InputStream in =
        SampleVectorsParsingTest.class.getResourceAsStream("/cloudwatch/" + resource)) {
      base64 = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
    DecodeResult result =
        new SubscriptionDecoder(SubscriptionDecoder.Limits.defaults())
            .decodeBase64(base64, Provenance.of(RawLogEvent.Intake.FIREHOSE, 1L));
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).events().stream().map(PARSER::parse).toList();
  }

  @Test
  void multiMemberPayload_ecsLineAndLambdaInvocation_tv4_tv10_tv17() throws IOException {
    List<LogEvent> events = parse("multi_member.b64");
    assertThat(events).hasSize(5);

    LogEvent ecs = events.get(0);
    assertThat(ecs.sourceKind()).isEqualTo(SourceKind.ECS_SERVICE);
    assertThat(ecs.ecsTaskId()).isEqualTo("9f1c2b3d4e5f60718293a4b5c6d7e8f9");
    assertThat(ecs.fields()).containsEntry(LogEventParser.CONTAINER_FIELD, "orders-api");
    assertThat(ecs.correlationIds()).containsExactly(CORR);
    assertThat(ecs.jobIds()).containsExactly("bt-abc123");

    assertThat(events.subList(1, 5))
        .allSatisfy(
            e -> {
              assertThat(e.lambdaRequestId()).isEqualTo(REQ);
              assertThat(e.sourceKind()).isEqualTo(SourceKind.LAMBDA);
              assertThat(e.service()).isEqualTo("/aws/lambda/backtest-runner");
              assertThat(e.message()).doesNotEndWith("\n").doesNotEndWith("\t");
            });
    assertThat(events.get(1).facts().lambda().type()).isEqualTo("START");
    assertThat(events.get(2).correlationIds()).containsExactly(CORR);
    assertThat(events.get(2).jobIds()).containsExactly("bt-abc123");
    assertThat(events.get(2).message()).isEqualTo("backtest started");
    assertThat(events.get(3).facts().lambda().type()).isEqualTo("END");
    assertThat(events.get(4).facts().lambda())
        .isEqualTo(
            new LambdaFacts(
                "REPORT", REQ, 2087.42, 2088.0, 512, 143, 412.77, null, null, null, null));
  }

  @Test
  void centralizedEvent_tv13_takesTheOriginFromExtractedFields() throws IOException {
    LogEvent event = parse("tv13_centralization.b64").get(0);
    assertThat(event.account()).isEqualTo("111122223333");
    assertThat(event.region()).isEqualTo("us-east-1");
    assertThat(event.logGroup()).isEqualTo("/aws/lambda/backtest-runner");
    assertThat(event.sourceKind()).isEqualTo(SourceKind.LAMBDA);
    assertThat(event.lambdaRequestId()).isEqualTo(REQ);
    assertThat(event.correlationIds()).containsExactly(CORR);
  }
}

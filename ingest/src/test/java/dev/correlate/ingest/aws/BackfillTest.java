package dev.correlate.ingest.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.json;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.operation;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.requested;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.correlate.core.model.RawLogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill against a stub of the CloudWatch Logs JSON protocol: pages, throttling, resume after a
 * crash.
 */
class BackfillTest {
  private static final Instant START = Instant.parse("2025-06-12T10:00:00Z");
  private static final Instant END = Instant.parse("2025-06-12T11:00:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-06-13T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private CloudWatchLogsStub stub;
  private final List<RawLogEvent> written = new ArrayList<>();
  private final List<String> printed = new ArrayList<>();

  @BeforeEach
  void stub() {
    stub = new CloudWatchLogsStub();
    // Two pages of log groups.
    stub.server.stubFor(
        operation("DescribeLogGroups")
            .withRequestBody(matchingJsonPath("$.logGroupNamePrefix", equalTo("/ecs/tradai-")))
            .withRequestBody(matchingJsonPath("$.nextToken", absent()))
            .willReturn(
                json(
                    "{\"logGroups\":[{\"logGroupName\":\"/ecs/tradai-backend-prod\","
                        + "\"arn\":\"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/tradai-backend-prod:*\"}],\"nextToken\":\"g2\"}")));
    stub.server.stubFor(
        operation("DescribeLogGroups")
            .withRequestBody(matchingJsonPath("$.nextToken", equalTo("g2")))
            .willReturn(
                json(
                    "{\"logGroups\":[{\"logGroupName\":\"/ecs/tradai-strategy-prod\","
                        + "\"arn\":\"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/tradai-strategy-prod:*\"}]}")));
    // Backend: three pages, the middle one empty (which must not end the scan).
    stub.server.stubFor(
        filterPage(
            "/ecs/tradai-backend-prod",
            null,
            "{\"events\":[" + event("1", "a") + "," + event("2", "b") + "],\"nextToken\":\"t1\"}"));
    stub.server.stubFor(
        filterPage("/ecs/tradai-backend-prod", "t1", "{\"events\":[],\"nextToken\":\"t2\"}"));
    stub.server.stubFor(
        filterPage("/ecs/tradai-backend-prod", "t2", "{\"events\":[" + event("3", "c") + "]}"));
    // Strategy: one page.
    stub.server.stubFor(
        filterPage("/ecs/tradai-strategy-prod", null, "{\"events\":[" + event("4", "d") + "]}"));
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private static com.github.tomakehurst.wiremock.client.MappingBuilder filterPage(
      String group, String token, String body) {
    return operation("FilterLogEvents")
        .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(group)))
        .withRequestBody(matchingJsonPath("$.nextToken", token == null ? absent() : equalTo(token)))
        .willReturn(json(body));
  }

  private static String event(String id, String message) {
    return "{\"logStreamName\":\"ecs/app/9f1c2b3d4e5f60718293a4b5c6d7e8f9\",\"timestamp\":174972240010"
        + id
        + ",\"message\":\""
        + message
        + "\",\"ingestionTime\":1749722401000,\"eventId\":\"3822149572315638472847018283641923471567238401593891230"
        + id
        + "\"}";
  }

  private Backfill backfill(Backfill.Sink sink) {
    return new Backfill(stub.client(), stub.calls(), sink, CLOCK, printed::add);
  }

  private Backfill.Request request() {
    return new Backfill.Request(
        List.of(),
        Optional.of("/ecs/tradai-"),
        START,
        END,
        Optional.empty(),
        dir.resolve("backfill.checkpoint"));
  }

  @Test
  void backfill_followsEveryPageUntilTheTokenIsNull() {
    Backfill.Result result = backfill(written::addAll).run(request());

    assertThat(result).isEqualTo(new Backfill.Result(2, 4, 4, false));
    assertThat(written).extracting(RawLogEvent::message).containsExactly("a", "b", "c", "d");
    RawLogEvent first = written.get(0);
    assertThat(first.logGroup()).isEqualTo("/ecs/tradai-backend-prod");
    assertThat(first.logStream()).isEqualTo("ecs/app/9f1c2b3d4e5f60718293a4b5c6d7e8f9");
    assertThat(first.owner()).isEqualTo("123456789012");
    assertThat(first.eventId())
        .isEqualTo("38221495723156384728470182836419234715672384015938912301");
    assertThat(first.timestamp()).isEqualTo(1749722400101L);
    assertThat(first.intake()).isEqualTo(RawLogEvent.Intake.BACKFILL);
    assertThat(first.receivedAt()).isEqualTo(CLOCK.millis());
    stub.server.verify(
        requested("FilterLogEvents")
            .withRequestBody(
                equalToJson(
                    "{\"logGroupName\":\"/ecs/tradai-backend-prod\",\"startTime\":"
                        + START.toEpochMilli()
                        + ",\"endTime\":"
                        + (END.toEpochMilli() - 1)
                        + ",\"limit\":10000}",
                    true,
                    true)));
    assertThat(Files.exists(dir.resolve("backfill.checkpoint")))
        .as("checkpoint removed when complete")
        .isFalse();
    assertThat(printed)
        .contains("/ecs/tradai-backend-prod: 3 events", "/ecs/tradai-strategy-prod: 1 events");
  }

  @Test
  void backfill_throttlingIsRetriedWithBackoff() {
    stub.server.stubFor(
        filterPage("/ecs/tradai-strategy-prod", null, "")
            .inScenario("throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(throttled())
            .willSetStateTo("once"));
    stub.server.stubFor(
        filterPage("/ecs/tradai-strategy-prod", null, "")
            .inScenario("throttle")
            .whenScenarioStateIs("once")
            .willReturn(throttled())
            .willSetStateTo("twice"));
    stub.server.stubFor(
        filterPage("/ecs/tradai-strategy-prod", null, "{\"events\":[" + event("4", "d") + "]}")
            .inScenario("throttle")
            .whenScenarioStateIs("twice"));
    AwsCalls calls = stub.calls();

    Backfill.Result result =
        new Backfill(stub.client(), calls, written::addAll, CLOCK, line -> {}).run(request());

    assertThat(result.events()).isEqualTo(4);
    assertThat(calls.throttled()).isEqualTo(2);
    stub.server.verify(
        3,
        requested("FilterLogEvents")
            .withRequestBody(
                matchingJsonPath("$.logGroupName", equalTo("/ecs/tradai-strategy-prod"))));
    // Backoff doubles: 50–100 ms, then 100–200 ms (rate-limit waits are far shorter at 1000
    // requests/s).
    assertThat(stub.sleeps.stream().filter(d -> d.toMillis() >= 50).toList())
        .hasSize(2)
        .satisfies(
            s -> assertThat(s.get(1)).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(100)));
  }

  @Test
  void backfill_persistentThrottling_givesUpAfterTheAttempts() {
    stub.server.stubFor(filterPage("/ecs/tradai-strategy-prod", null, "").willReturn(throttled()));
    assertThatThrownBy(() -> backfill(written::addAll).run(request()))
        .hasMessageContaining("Rate exceeded");
    stub.server.verify(
        5,
        requested("FilterLogEvents")
            .withRequestBody(
                matchingJsonPath("$.logGroupName", equalTo("/ecs/tradai-strategy-prod"))));
  }

  @Test
  void backfill_afterACrash_resumesAtTheFirstUnacknowledgedPage() {
    Backfill.Sink crashing =
        events -> {
          if (events.get(0).message().equals("c")) {
            throw new IllegalStateException("Kafka gone");
          }
          written.addAll(events);
        };
    assertThatThrownBy(() -> backfill(crashing).run(request())).hasMessage("Kafka gone");
    assertThat(Files.exists(dir.resolve("backfill.checkpoint"))).isTrue();
    assertThat(written).extracting(RawLogEvent::message).containsExactly("a", "b");

    Backfill.Result resumed = backfill(written::addAll).run(request());

    assertThat(resumed.resumed()).isTrue();
    assertThat(written).extracting(RawLogEvent::message).containsExactly("a", "b", "c", "d");
    // The first page (no token) was read once; the crashed page (t2) twice.
    stub.server.verify(
        1,
        requested("FilterLogEvents")
            .withRequestBody(
                matchingJsonPath("$.logGroupName", equalTo("/ecs/tradai-backend-prod")))
            .withRequestBody(matchingJsonPath("$.nextToken", absent())));
    stub.server.verify(
        2,
        requested("FilterLogEvents")
            .withRequestBody(matchingJsonPath("$.nextToken", equalTo("t2"))));
    assertThat(printed).contains("/ecs/tradai-backend-prod: resuming from the checkpoint");
    assertThat(Files.exists(dir.resolve("backfill.checkpoint"))).isFalse();
  }

  @Test
  void backfill_checkpointOfAnotherBackfill_isRefused() {
    Backfill.Sink crashing =
        events -> {
          if (events.get(0).message().equals("c")) {
            throw new IllegalStateException("Kafka gone");
          }
        };
    assertThatThrownBy(() -> backfill(crashing).run(request())).hasMessage("Kafka gone");
    Backfill.Request other =
        new Backfill.Request(
            List.of(),
            Optional.of("/ecs/tradai-"),
            START,
            END.plusSeconds(60),
            Optional.empty(),
            dir.resolve("backfill.checkpoint"));

    assertThatThrownBy(() -> backfill(written::addAll).run(other))
        .hasMessageContaining("belongs to another backfill");
  }

  @Test
  void backfill_explicitUnknownLogGroup_isRefusedByName() {
    stub.server.stubFor(
        operation("DescribeLogGroups")
            .withRequestBody(matchingJsonPath("$.logGroupNamePrefix", equalTo("/nope")))
            .willReturn(json("{\"logGroups\":[]}")));
    Backfill.Request request =
        new Backfill.Request(
            List.of("/nope"), Optional.empty(), START, END, Optional.empty(), dir.resolve("c"));
    assertThatThrownBy(() -> backfill(written::addAll).run(request))
        .hasMessage("log group not found: /nope");
  }

  @Test
  void backfill_withTheProductionClientFactory_reachesTheEndpointOverride() {
    Backfill.Result result =
        new Backfill(stub.productionClient(), stub.calls(), written::addAll, CLOCK, line -> {})
            .run(request());
    assertThat(result.events()).isEqualTo(4);
  }
}

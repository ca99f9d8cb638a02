package dev.correlate.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import dev.correlate.core.cloudwatch.CloudWatchFixtures;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.topics.DeadLetterHeaders;
import dev.correlate.ingest.lambda.CloudWatchLogsHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;

class CloudWatchLogsHandlerTest {
  private static CloudWatchLogsEvent event(String data) {
    CloudWatchLogsEvent event = new CloudWatchLogsEvent();
    event.setAwsLogs(new CloudWatchLogsEvent.AWSLogs().withData(data));
    return event;
  }

  @Test
  void handle_lambdaBatch_writesItsEventsMarkedLambda() {
    MockProducer<byte[], byte[]> producer = Fixtures.producer(true);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_749_722_500_000L), ZoneOffset.UTC);
    CloudWatchLogsHandler handler =
        new CloudWatchLogsHandler(
            Fixtures.intake(producer, new SimpleMeterRegistry(), Duration.ofSeconds(5)), clock);

    String summary =
        handler.handleRequest(event(CloudWatchFixtures.text("lambda_data_message.b64")), null);

    assertThat(summary).isEqualTo("events=4 control_messages=0 quarantined=0");
    assertThat(producer.history())
        .hasSize(4)
        .allSatisfy(
            r -> {
              RawLogEvent e = Json.read(r.value(), RawLogEvent.class);
              assertThat(e.intake()).isEqualTo(RawLogEvent.Intake.LAMBDA);
              assertThat(e.receivedAt()).isEqualTo(1_749_722_500_000L);
            });
  }

  @Test
  void handle_undecodableData_isQuarantinedAndTheInvocationSucceeds() {
    MockProducer<byte[], byte[]> producer = Fixtures.producer(true);
    CloudWatchLogsHandler handler =
        new CloudWatchLogsHandler(
            Fixtures.intake(producer, new SimpleMeterRegistry(), Duration.ofSeconds(5)),
            Clock.systemUTC());

    assertThat(handler.handleRequest(event(CloudWatchFixtures.text("truncated_gzip.b64")), null))
        .endsWith("quarantined=1");
    assertThat(handler.handleRequest(new CloudWatchLogsEvent(), null)).endsWith("quarantined=1");
    assertThat(producer.history())
        .extracting(r -> r.topic())
        .containsOnly(Fixtures.TOPICS.deadLetter());
    assertThat(producer.history())
        .extracting(
            r ->
                new String(
                    r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8))
        .containsExactly("bad_gzip", "wrong_shape");
  }

  @Test
  void handle_kafkaNotAcknowledging_failsTheInvocationSoLambdaRetries() {
    MockProducer<byte[], byte[]> producer = Fixtures.producer(false);
    CloudWatchLogsHandler handler =
        new CloudWatchLogsHandler(
            Fixtures.intake(producer, new SimpleMeterRegistry(), Duration.ofMillis(200)),
            Clock.systemUTC());

    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    event(CloudWatchFixtures.text("lambda_data_message.b64")), null))
        .isInstanceOf(KafkaUnavailableException.class);
  }
}

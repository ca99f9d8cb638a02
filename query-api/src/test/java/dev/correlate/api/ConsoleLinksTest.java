package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console links, checked against the shapes the AWS console writes (and that public link
 * builders reproduce): names percent-encoded twice with {@code $} for {@code %}, Logs Insights
 * criteria punctuation form-encoded twice and values once with {@code *} for {@code %}.
 */
class ConsoleLinksTest {
  private static final long T = Instant.parse("2026-11-27T10:09:41.007Z").toEpochMilli();

  @Test
  void logEvent_escapesGroupAndStreamTwice_andOpensAtTheEventsTime() {
    String url =
        ConsoleLinks.logEvent(
                "ap-northeast-1",
                "/aws/lambda/luciferous-devio-index-cl-FunctionCheckIndividualS-qNWf7JYCZBBM",
                "2024/06/30/[39]3ca88f3a2fff4810b2de52cf027d0a40",
                1719759600000L)
            .orElseThrow();

    assertThat(url)
        .isEqualTo(
            "https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1"
                + "#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fluciferous-devio-index-cl-FunctionCheckIndividualS"
                + "-qNWf7JYCZBBM/log-events/2024$252F06$252F30$252F$255B39$255D3ca88f3a2fff4810b2de52cf027d0a40"
                + "$3Fstart$3D1719759600000");
    assertThat(URI.create(url).getHost()).isEqualTo("ap-northeast-1.console.aws.amazon.com");
  }

  @Test
  void logEvent_ofALambdaStream_escapesTheDollarAndBrackets() {
    assertThat(
            ConsoleLinks.logEvent(
                    "eu-central-1",
                    "/aws/lambda/tradai-sqs-consumer-dev",
                    "2026/11/27/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f",
                    T)
                .orElseThrow())
        .contains(
            "/log-events/2026$252F11$252F27$252F$255B$2524LATEST$255D3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f$3Fstart$3D"
                + T);
  }

  @Test
  void logsInsights_fillsTheQueryRangeAndLogGroups_inTheConsolesEncoding() {
    String url =
        ConsoleLinks.logsInsights(
                "ap-northeast-1",
                List.of("/aws/cloudtrail"),
                "fields @timestamp, @message, @logStream, @log\n| sort @timestamp desc\n| limit 20",
                Instant.parse("2023-01-27T00:00:00Z").toEpochMilli(),
                Instant.parse("2023-01-27T23:59:59Z").toEpochMilli())
            .orElseThrow();

    assertThat(url)
        .isEqualTo(
            "https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1"
                + "#logsV2:logs-insights$3FqueryDetail$3D$257E$2528"
                + "end$257E$25272023-01-27T23*3A59*3A59.000Z$257E"
                + "start$257E$25272023-01-27T00*3A00*3A00.000Z$257E"
                + "timeType$257E$2527ABSOLUTE$257E"
                + "tz$257E$2527UTC$257E"
                + "editorString$257E$2527fields+*40timestamp*2C+*40message*2C+*40logStream*2C+*40log*0A*7C+sort+*40timestamp"
                + "+desc*0A*7C+limit+20$257E"
                + "isLiveTail$257Efalse$257E"
                + "source$257E$2528$257E$2527*2Faws*2Fcloudtrail$2529$2529");
  }

  @Test
  void logsInsights_overSeveralGroups_listsEachOnce() {
    String url =
        ConsoleLinks.logsInsights(
                "eu-central-1",
                List.of("/ecs/tradai-backend-dev", "/ecs/tradai-strategy-dev"),
                "fields @message",
                0,
                1)
            .orElseThrow();

    assertThat(url)
        .endsWith(
            "source$257E$2528$257E$2527*2Fecs*2Ftradai-backend-dev$257E$2527*2Fecs*2Ftradai-"
                + "strategy-dev$2529$2529");
  }

  @Test
  void query_findsTheJobsLinesByItsIds_andItsTasksStreams() {
    assertThat(ConsoleLinks.query(List.of("bt-7f3a9c01", "c0ffee00-1234", "v1.2"), List.of("4f1c")))
        .isEqualTo(
            "fields @timestamp, @log, @logStream, @message\n"
                + "| filter @message like /bt-7f3a9c01|c0ffee00-1234|v1\\.2/ or @logStream like /4f1c/\n"
                + "| sort @timestamp asc\n| limit 10000");
  }

  @Test
  void ecsTask_isTheV2ConsolePageOfTheTaskInItsCluster() {
    assertThat(
            ConsoleLinks.ecsTask("eu-central-1", "tradai-prod", "4f1c2b3d4e5f60718293a4b5c6d7e8f9"))
        .contains(
            "https://eu-central-1.console.aws.amazon.com/ecs/v2/clusters/tradai-prod/tasks/"
                + "4f1c2b3d4e5f60718293a4b5c6d7e8f9");
  }

  @Test
  void noRegion_orOneThatIsNotARegion_givesNoLink() {
    assertThat(ConsoleLinks.logEvent(null, "/g", "s", T)).isEmpty();
    assertThat(ConsoleLinks.logEvent("evil.example.com/x", "/g", "s", T)).isEmpty();
    assertThat(ConsoleLinks.ecsTask("eu-central-1", "../admin", "abc")).isEmpty();
    assertThat(ConsoleLinks.logsInsights("us-gov-west-1", List.of("/g"), "q", 0, 1)).isPresent();
    assertThat(ConsoleLinks.logsInsights("eu-central-1", List.of(), "q", 0, 1)).isEmpty();
  }
}

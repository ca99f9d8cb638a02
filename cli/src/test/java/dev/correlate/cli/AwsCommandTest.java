package dev.correlate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code correlate aws …} and {@code correlate backfill} options, against a CloudWatch Logs stub.
 */
class AwsCommandTest {
  private final WireMockServer stub =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());

  @BeforeEach
  void start() {
    stub.start();
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    stub.stubFor(
        operation("DescribeLogGroups")
            .willReturn(json("{\"logGroups\":[{\"logGroupName\":\"/ecs/tradai-backend-prod\"}]}")));
    stub.stubFor(
        operation("DescribeSubscriptionFilters").willReturn(json("{\"subscriptionFilters\":[]}")));
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  private static com.github.tomakehurst.wiremock.client.MappingBuilder operation(String name) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Logs_20140328." + name));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
  }

  /** The CLI writing its output to {@code out}. */
  private static CommandLine cli(StringWriter out) {
    CommandLine cli = CorrelateCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    return cli;
  }

  @Test
  void subscribe_dryRun_printsWhatWouldChangeAndChangesNothing() {
    StringWriter out = new StringWriter();

    int status =
        cli(out)
            .execute(
                "aws",
                "subscribe",
                "--log-group-prefix",
                "/ecs/tradai-",
                "--destination-arn",
                "arn:aws:firehose:us-east-1:123456789012:deliverystream/correlate",
                "--dry-run",
                "--region",
                "us-east-1",
                "--endpoint-url",
                stub.baseUrl());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("[dry run] created /ecs/tradai-backend-prod", "1 log groups");
    stub.verify(
        0,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("Logs_20140328.PutSubscriptionFilter")));
  }

  @Test
  void subscribe_withAnEventsLogGroup_dryRun_printsThePlan_rulesPolicyLogGroupAndItsSubscription() {
    stub.stubFor(
        operation("DescribeResourcePolicies").willReturn(json("{\"resourcePolicies\":[]}")));
    for (String operation : List.of("DescribeRule", "ListTargetsByRule")) {
      stub.stubFor(
          post(urlEqualTo("/"))
              .withHeader("X-Amz-Target", equalTo("AWSEvents." + operation))
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withHeader("Content-Type", "application/x-amz-json-1.1")
                      .withBody(
                          "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Rule does not exist.\"}")));
    }
    StringWriter out = new StringWriter();

    int status =
        cli(out)
            .execute(
                "aws",
                "subscribe",
                "--log-group-prefix",
                "/ecs/tradai-",
                "--destination-arn",
                "arn:aws:firehose:eu-central-1:123456789012:deliverystream/correlate",
                "--events-log-group",
                "/aws/events/tradai-prod",
                "--ecs-cluster-arn",
                "arn:aws:ecs:eu-central-1:123456789012:cluster/tradai-prod",
                "--results-bucket",
                "tradai-backtests-prod",
                "--dry-run",
                "--endpoint-url",
                stub.baseUrl());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains(
            "[dry run] created log group /aws/events/tradai-prod",
            "[dry run] created resource policy correlate-eventbridge-to-aws-events-tradai-prod",
            "[dry run] created rule correlate-ecs-task-state-change: {\"source\":[\"aws.ecs\"]",
            "[dry run] created rule correlate-s3-results-created:",
            "[dry run] created target correlate-ecs-task-state-change/correlate-log-group: "
                + "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/events/tradai-prod",
            "note: S3 sends \"Object Created\" events to EventBridge only once",
            "[dry run] created /ecs/tradai-backend-prod",
            "[dry run] created /aws/events/tradai-prod",
            "2 log groups");
    stub.verify(
        0,
        postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutRule")));
    stub.verify(
        0,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("Logs_20140328.CreateLogGroup")));
  }

  @Test
  void subscribe_anEventsLogGroupWithoutItsCluster_isAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = CorrelateCli.commandLine(Map.of());
    cli.setErr(new PrintWriter(err, true));

    int status =
        cli.execute(
            "aws",
            "subscribe",
            "--log-group-prefix",
            "/ecs/tradai-",
            "--destination-arn",
            "arn:aws:firehose:eu-central-1:123456789012:deliverystream/correlate",
            "--events-log-group",
            "/aws/events/tradai-prod",
            "--dry-run",
            "--endpoint-url",
            stub.baseUrl());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--events-log-group needs --ecs-cluster-arn");
  }

  @Test
  void backfillTime_acceptsInstantsAndAges() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    assertThat(BackfillCommand.time("2026-11-27T10:00:00Z", clock))
        .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(BackfillCommand.time("90m", clock)).isEqualTo(Instant.parse("2026-11-28T10:30:00Z"));
    assertThat(BackfillCommand.time("2d", clock)).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
  }

  @Test
  void help_listsBackfillAndAws() {
    StringWriter out = new StringWriter();
    CommandLine cli = CorrelateCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("backfill", "aws");
  }
}

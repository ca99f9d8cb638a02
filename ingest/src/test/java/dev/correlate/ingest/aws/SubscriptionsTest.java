package dev.correlate.ingest.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.error;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.json;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.operation;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.requested;
import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.ingest.aws.Subscriptions.Action;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
  private static final String DESTINATION =
      "arn:aws:firehose:us-east-1:123456789012:deliverystream/correlate";
  private static final String ROLE = "arn:aws:iam::123456789012:role/cwl-to-firehose";
  private static final Subscriptions.Filter FILTER =
      new Subscriptions.Filter("correlate", DESTINATION, Optional.of(ROLE), "");
  private CloudWatchLogsStub stub;
  private Subscriptions subscriptions;

  @BeforeEach
  void stub() {
    stub = new CloudWatchLogsStub();
    subscriptions = new Subscriptions(stub.client(), stub.calls());
    stub.server.stubFor(
        operation("DescribeLogGroups")
            .willReturn(
                json(
                    "{\"logGroups\":["
                        + "{\"logGroupName\":\"/ecs/tradai-backend-prod\"},{\"logGroupName\":\"/ecs/tradai-strategy-prod\"},"
                        + "{\"logGroupName\":\"/ecs/tradai-mlflow-prod\"}]}")));
    // backend: already subscribed as wanted; strategy: nothing; mlflow: our filter with an old
    // destination.
    subscribed(
        "/ecs/tradai-backend-prod",
        "{\"subscriptionFilters\":[{\"filterName\":\"correlate\",\"logGroupName\":"
            + "\"/ecs/tradai-backend-prod\",\"filterPattern\":\"\",\"destinationArn\":\""
            + DESTINATION
            + "\",\"roleArn\":\""
            + ROLE
            + "\"}]}");
    subscribed("/ecs/tradai-strategy-prod", "{\"subscriptionFilters\":[]}");
    subscribed(
        "/ecs/tradai-mlflow-prod",
        "{\"subscriptionFilters\":[{\"filterName\":\"correlate\",\"logGroupName\":"
            + "\"/ecs/tradai-mlflow-prod\",\"filterPattern\":\"\",\"destinationArn\":\"arn:aws:firehose:us-east-1:123456789012:deliverystream/old\"}]}");
    stub.server.stubFor(operation("PutSubscriptionFilter").willReturn(json("{}")));
    stub.server.stubFor(operation("DeleteSubscriptionFilter").willReturn(json("{}")));
  }

  private void subscribed(String group, String body) {
    stub.server.stubFor(
        operation("DescribeSubscriptionFilters")
            .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(group)))
            .willReturn(json(body)));
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void subscribe_putsTheFilterWhereMissingOrDifferentAndLeavesTheRest() {
    List<Subscriptions.Change> changes = subscriptions.subscribe("/ecs/tradai-", FILTER, false);

    assertThat(changes)
        .extracting(Subscriptions.Change::action)
        .containsExactly(Action.UNCHANGED, Action.CREATED, Action.UPDATED);
    stub.server.verify(2, requested("PutSubscriptionFilter"));
    stub.server.verify(
        requested("PutSubscriptionFilter")
            .withRequestBody(
                equalToJson(
                    "{\"logGroupName\":\"/ecs/tradai-strategy-prod\",\"filterName\":\"correlate\",\"filterPattern\":\"\","
                        + "\"destinationArn\":\""
                        + DESTINATION
                        + "\",\"roleArn\":\""
                        + ROLE
                        + "\"}")));
    assertThat(changes.get(1)).hasToString("created /ecs/tradai-strategy-prod");
  }

  @Test
  void subscribe_dryRun_changesNothingButSaysWhat() {
    List<Subscriptions.Change> changes = subscriptions.subscribe("/ecs/tradai-", FILTER, true);

    assertThat(changes)
        .extracting(Subscriptions.Change::action)
        .containsExactly(Action.UNCHANGED, Action.CREATED, Action.UPDATED);
    assertThat(changes.get(1)).hasToString("[dry run] created /ecs/tradai-strategy-prod");
    stub.server.verify(0, requested("PutSubscriptionFilter"));
  }

  @Test
  void subscribe_aGroupThatRefuses_isReportedAndTheOthersProceed() {
    stub.server.stubFor(
        operation("PutSubscriptionFilter")
            .withRequestBody(
                matchingJsonPath("$.logGroupName", equalTo("/ecs/tradai-strategy-prod")))
            .willReturn(error(400, "LimitExceededException", "Resource limit exceeded.")));

    List<Subscriptions.Change> changes = subscriptions.subscribe("/ecs/tradai-", FILTER, false);

    assertThat(changes)
        .extracting(Subscriptions.Change::action)
        .containsExactly(Action.UNCHANGED, Action.FAILED, Action.UPDATED);
    assertThat(changes.get(1).detail()).contains("limit exceeded");
  }

  @Test
  void subscribeGroup_aGroupTheEventsSetupWillCreate_isCreatedInADryRun_andFailsForReal() {
    stub.server.stubFor(
        operation("DescribeSubscriptionFilters")
            .withRequestBody(matchingJsonPath("$.logGroupName", equalTo("/aws/events/tradai-prod")))
            .willReturn(
                error(
                    400, "ResourceNotFoundException", "The specified log group does not exist.")));

    assertThat(subscriptions.subscribeGroup("/aws/events/tradai-prod", FILTER, true))
        .hasToString("[dry run] created /aws/events/tradai-prod");
    assertThat(subscriptions.subscribeGroup("/aws/events/tradai-prod", FILTER, false).action())
        .isEqualTo(Action.FAILED);
    stub.server.verify(0, requested("PutSubscriptionFilter"));
  }

  @Test
  void unsubscribe_deletesOnlyWhereOurFilterExists() {
    List<Subscriptions.Change> changes =
        subscriptions.unsubscribe("/ecs/tradai-", "correlate", false);

    assertThat(changes)
        .extracting(Subscriptions.Change::action)
        .containsExactly(Action.DELETED, Action.ABSENT, Action.DELETED);
    stub.server.verify(2, requested("DeleteSubscriptionFilter"));
    stub.server.verify(
        requested("DeleteSubscriptionFilter")
            .withRequestBody(
                equalToJson(
                    "{\"logGroupName\":\"/ecs/tradai-backend-prod\",\"filterName\":\"correlate\"}")));
  }

  @Test
  void unsubscribe_dryRun_deletesNothing() {
    assertThat(subscriptions.unsubscribe("/ecs/tradai-", "correlate", true))
        .allSatisfy(c -> assertThat(c.dryRun()).isTrue());
    stub.server.verify(0, requested("DeleteSubscriptionFilter"));
  }
}

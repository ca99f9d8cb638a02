package dev.correlate.ingest.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.error;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.eventsOperation;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.eventsRequested;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.json;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.operation;
import static dev.correlate.ingest.aws.CloudWatchLogsStub.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.correlate.core.json.Json;
import dev.correlate.ingest.aws.EventBridgeSetup.Action;
import dev.correlate.ingest.aws.EventBridgeSetup.Change;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EventBridge → CloudWatch Logs setup against recorded request and response shapes of CloudWatch
 * Logs ({@code Logs_20140328.*}, camelCase) and EventBridge ({@code AWSEvents.*}, PascalCase).
 */
class EventBridgeSetupTest {
  private static final String GROUP = "/aws/events/tradai-prod";
  private static final String CLUSTER = "arn:aws:ecs:eu-central-1:123456789012:cluster/tradai-prod";
  private static final String GROUP_ARN =
      "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/events/tradai-prod";
  private static final EventBridgeSetup.Wanted WANTED =
      new EventBridgeSetup.Wanted(
          GROUP, CLUSTER, Optional.of("tradai-backtests-prod"), "backtests/", "correlate");
  private static final String ECS_PATTERN =
      "{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State Change\"],"
          + "\"detail\":{\"clusterArn\":[\""
          + CLUSTER
          + "\"]}}";
  private static final String S3_PATTERN =
      "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],"
          + "\"detail\":{\"bucket\":{\"name\":[\"tradai-backtests-prod\"]},\"object\":{\"key\":[{\"prefix\":\"backtests/\"}]}}}";

  private CloudWatchLogsStub stub;
  private EventBridgeSetup setup;

  @BeforeEach
  void stub() {
    stub = new CloudWatchLogsStub();
    setup = new EventBridgeSetup(stub.client(), stub.eventBridgeClient(), stub.calls());
    stub.server.stubFor(operation("CreateLogGroup").willReturn(json("{}")));
    stub.server.stubFor(
        operation("PutResourcePolicy")
            .willReturn(
                json(
                    "{\"resourcePolicy\":{\"policyName\":"
                        + "\"correlate-eventbridge-to-aws-events-tradai-prod\",\"lastUpdatedTime\":1795773600000}}")));
    stub.server.stubFor(
        eventsOperation("PutRule")
            .willReturn(
                json(
                    "{\"RuleArn\":"
                        + "\"arn:aws:events:eu-central-1:123456789012:rule/correlate-ecs-task-state-change\"}")));
    stub.server.stubFor(
        eventsOperation("PutTargets")
            .willReturn(json("{\"FailedEntryCount\":0,\"FailedEntries\":[]}")));
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private void emptyAccount() {
    stub.server.stubFor(operation("DescribeLogGroups").willReturn(json("{\"logGroups\":[]}")));
    stub.server.stubFor(
        operation("DescribeResourcePolicies").willReturn(json("{\"resourcePolicies\":[]}")));
    stub.server.stubFor(
        eventsOperation("DescribeRule")
            .willReturn(
                error(
                    400,
                    "ResourceNotFoundException",
                    "Rule correlate-ecs-task-state-change does not exist on EventBus default.")));
    stub.server.stubFor(eventsOperation("ListTargetsByRule").willReturn(json("{\"Targets\":[]}")));
  }

  private void everythingInPlace() {
    stub.server.stubFor(
        operation("DescribeLogGroups")
            .willReturn(
                json(
                    "{\"logGroups\":[{\"logGroupName\":\""
                        + GROUP
                        + "\",\"arn\":\""
                        + GROUP_ARN
                        + ":*\",\"creationTime\":1795773600000}]}")));
    stub.server.stubFor(
        operation("DescribeResourcePolicies")
            .willReturn(
                json(
                    "{\"resourcePolicies\":[{"
                        + "\"policyName\":\"correlate-eventbridge-to-aws-events-tradai-prod\",\"policyDocument\":"
                        + Json.mapper().valueToTree(WANTED.policyDocument())
                        + ",\"lastUpdatedTime\":1795773600000}]}")));
    describedRule("correlate-ecs-task-state-change", ECS_PATTERN);
    describedRule("correlate-s3-results-created", S3_PATTERN);
    stub.server.stubFor(
        eventsOperation("ListTargetsByRule")
            .willReturn(
                json(
                    "{\"Targets\":[{\"Id\":"
                        + "\"correlate-log-group\",\"Arn\":\""
                        + GROUP_ARN
                        + "\"}]}")));
  }

  private void describedRule(String name, String pattern) {
    stub.server.stubFor(
        eventsOperation("DescribeRule")
            .withRequestBody(matchingJsonPath("$.Name", equalTo(name)))
            .willReturn(
                json(
                    "{\"Name\":\""
                        + name
                        + "\",\"Arn\":\"arn:aws:events:eu-central-1:123456789012:rule/"
                        + name
                        + "\",\"EventPattern\":"
                        + Json.mapper().valueToTree(pattern)
                        + ",\"State\":\"ENABLED\","
                        + "\"EventBusName\":\"default\",\"CreatedBy\":\"123456789012\"}")));
  }

  private void assertNothingWasChanged() {
    stub.server.verify(0, requested("CreateLogGroup"));
    stub.server.verify(0, requested("PutResourcePolicy"));
    stub.server.verify(0, eventsRequested("PutRule"));
    stub.server.verify(0, eventsRequested("PutTargets"));
  }

  @Test
  void apply_onAnEmptyAccount_createsTheLogGroupItsPolicyBothRulesAndTheirTargets() {
    emptyAccount();

    List<Change> changes = setup.apply(WANTED, false);

    assertThat(changes)
        .extracting(Change::kind)
        .containsExactly("log group", "resource policy", "rule", "target", "rule", "target");
    assertThat(changes).extracting(Change::action).containsOnly(Action.CREATED);
    stub.server.verify(
        requested("CreateLogGroup")
            .withRequestBody(equalToJson("{\"logGroupName\":\"" + GROUP + "\"}")));
    stub.server.verify(
        eventsRequested("PutRule")
            .withRequestBody(
                equalToJson(
                    "{\"Name\":"
                        + "\"correlate-ecs-task-state-change\",\"EventPattern\":"
                        + Json.mapper().valueToTree(ECS_PATTERN)
                        + ",\"State\":\"ENABLED\",\"Description\":\"Correlate: ECS task state changes of "
                        + CLUSTER
                        + "\"}")));
    stub.server.verify(
        eventsRequested("PutRule")
            .withRequestBody(matchingJsonPath("$.Name", equalTo("correlate-s3-results-created"))));
    stub.server.verify(
        2,
        eventsRequested("PutTargets")
            .withRequestBody(matchingJsonPath("$.Targets[0].Arn", equalTo(GROUP_ARN))));
    stub.server.verify(
        eventsRequested("PutTargets")
            .withRequestBody(
                equalToJson(
                    "{\"Rule\":"
                        + "\"correlate-ecs-task-state-change\",\"Targets\":[{\"Id\":\"correlate-log-group\",\"Arn\":\""
                        + GROUP_ARN
                        + "\"}]}")));
  }

  @Test
  void apply_putsAwsDocumentedResourcePolicy_forThisLogGroupOnly() throws Exception {
    emptyAccount();

    setup.apply(WANTED, false);

    List<LoggedRequest> puts = stub.server.findAll(requested("PutResourcePolicy"));
    assertThat(puts).hasSize(1);
    JsonNode request = Json.mapper().readTree(puts.get(0).getBodyAsString());
    assertThat(request.get("policyName").asText())
        .isEqualTo("correlate-eventbridge-to-aws-events-tradai-prod");
    JsonNode statement =
        Json.mapper().readTree(request.get("policyDocument").asText()).get("Statement").get(0);
    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.get("Principal").get("Service"))
        .extracting(JsonNode::asText)
        .containsExactly("events.amazonaws.com", "delivery.logs.amazonaws.com");
    assertThat(statement.get("Action"))
        .extracting(JsonNode::asText)
        .containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
    assertThat(statement.get("Resource").asText()).isEqualTo(GROUP_ARN + ":*");
  }

  @Test
  void apply_whenEverythingIsInPlace_changesNothing() {
    everythingInPlace();

    List<Change> changes = setup.apply(WANTED, false);

    assertThat(changes).extracting(Change::action).containsOnly(Action.UNCHANGED);
    assertNothingWasChanged();
  }

  @Test
  void apply_dryRun_readsButChangesNothing_andPrintsThePlan() {
    emptyAccount();

    List<Change> changes = setup.apply(WANTED, true);

    assertThat(changes).allSatisfy(c -> assertThat(c.dryRun()).isTrue());
    assertThat(changes.get(0)).hasToString("[dry run] created log group " + GROUP);
    assertThat(changes.get(2).toString())
        .isEqualTo("[dry run] created rule correlate-ecs-task-state-change: " + ECS_PATTERN);
    assertThat(changes.get(3))
        .hasToString(
            "[dry run] created target correlate-ecs-task-state-change/"
                + "correlate-log-group: "
                + GROUP_ARN);
    assertNothingWasChanged();
  }

  @Test
  void apply_aRuleWithAnotherPatternOrDisabled_isUpdatedInPlace() {
    everythingInPlace();
    stub.server.stubFor(
        eventsOperation("DescribeRule")
            .withRequestBody(matchingJsonPath("$.Name", equalTo("correlate-ecs-task-state-change")))
            .willReturn(
                json(
                    "{\"Name\":\"correlate-ecs-task-state-change\","
                        + "\"EventPattern\":"
                        + Json.mapper().valueToTree(ECS_PATTERN)
                        + ",\"State\":\"DISABLED\"}")));

    List<Change> changes = setup.apply(WANTED, false);

    assertThat(changes.get(2).action()).isEqualTo(Action.UPDATED);
    assertThat(changes.get(4).action()).isEqualTo(Action.UNCHANGED);
    stub.server.verify(1, eventsRequested("PutRule"));
  }

  @Test
  void apply_withoutAResultsBucket_setsUpOnlyTheEcsRule() {
    emptyAccount();

    List<Change> changes =
        setup.apply(new EventBridgeSetup.Wanted(GROUP, CLUSTER, Optional.empty(), "", null), true);

    assertThat(changes)
        .extracting(Change::name)
        .containsExactly(
            GROUP,
            "correlate-eventbridge-to-aws-events-tradai-prod",
            "correlate-ecs-task-state-change",
            "correlate-ecs-task-state-change/correlate-log-group");
  }

  @Test
  void apply_aStepAwsRefuses_isReported_andTheOthersProceed() {
    emptyAccount();
    stub.server.stubFor(
        operation("PutResourcePolicy")
            .willReturn(error(400, "LimitExceededException", "Resource limit exceeded.")));

    List<Change> changes = setup.apply(WANTED, false);

    assertThat(changes.get(1).action()).isEqualTo(Action.FAILED);
    assertThat(changes.get(1).detail()).contains("LimitExceededException");
    assertThat(changes.subList(2, 6)).extracting(Change::action).containsOnly(Action.CREATED);
  }

  @Test
  void wanted_aClusterNameInsteadOfItsArn_isRefused() {
    assertThatThrownBy(
            () ->
                new EventBridgeSetup.Wanted(
                    GROUP, "tradai-prod", Optional.empty(), "", "correlate"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an ECS cluster ARN");
  }
}

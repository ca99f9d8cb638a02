package dev.correlate.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Facts.EcsTaskFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EventBridge events as an EventBridge rule writes them to the {@code /aws/events/tradai-<env>} log
 * group: one fixture file per shape under {@code src/test/resources/aws-events/} (AWS's documented
 * examples, and TradAI's tasks in the shapes AWS documents), each fed as the one-line JSON message
 * EventBridge writes.
 */
class EventBridgeParsingTest {
  private static final String EVENTS_GROUP = "/aws/events/tradai-prod";
  private static final String TASK_ID = "4f1c2b3d4e5f60718293a4b5c6d7e8f9";
  private static final String TASK_ARN =
      "arn:aws:ecs:eu-central-1:123456789012:task/tradai-prod/" + TASK_ID;

  private final LogEventParser parser = new LogEventParser();

  @Test
  void ecsTaskStateChange_awsDocumentedExample_isARunningTaskWithArnClusterAndTimes() {
    LogEvent e = parse("ecs-task-running-aws-example.json");

    assertThat(e.service()).isEqualTo("aws-events");
    assertThat(e.environment()).isEqualTo("prod");
    assertThat(e.sourceKind()).isEqualTo(SourceKind.EVENTS);
    assertThat(e.region()).isEqualTo("us-west-2");
    assertThat(e.account()).isEqualTo("111122223333");
    assertThat(e.messageTimestamp())
        .isEqualTo(Instant.parse("2020-01-23T17:57:58Z").toEpochMilli());
    assertThat(e.ecsTaskId()).isEqualTo("c13b4cb40f1f4fe4a2971f76ae5a47ad");
    assertThat(e.ecsTaskArns())
        .containsExactly(
            "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad");
    EcsTaskFacts task = e.facts().ecsTask();
    assertThat(task.clusterArn())
        .isEqualTo("arn:aws:ecs:us-west-2:111122223333:cluster/FargateCluster");
    assertThat(task.group()).isEqualTo("family:sample-fargate");
    assertThat(task.lastStatus()).isEqualTo("RUNNING");
    assertThat(task.cpu()).isEqualTo("256");
    assertThat(task.memory()).isEqualTo("512");
    assertThat(task.version()).isEqualTo(4L);
    assertThat(task.createdAt())
        .isEqualTo(Instant.parse("2020-01-23T17:57:34.402Z").toEpochMilli());
    assertThat(task.startedAt())
        .isEqualTo(Instant.parse("2020-01-23T17:57:58.103Z").toEpochMilli());
    assertThat(task.containers())
        .extracting(Facts.EcsContainer::name)
        .containsExactly("FargateApp");
    assertThat(e.facts().exitCode()).isNull();
    assertThat(e.level()).isEqualTo(Level.INFO);
    assertThat(e.message()).isEqualTo("ECS task c13b4cb40f1f4fe4a2971f76ae5a47ad RUNNING");
    // the JSON stays searchable as fields
    assertThat(e.fields())
        .containsEntry("detail.lastStatus", "RUNNING")
        .containsEntry("detail-type", "ECS Task State Change");
  }

  @Test
  void ecsTaskStopped_oomKill_hasExitCode137_theContainerReason_andTheJobFromTheOverrides() {
    LogEvent e = parse("ecs-task-stopped-oom-kill.json");

    EcsTaskFacts task = e.facts().ecsTask();
    assertThat(task.taskArn()).isEqualTo(TASK_ARN);
    assertThat(task.stopCode()).isEqualTo("EssentialContainerExited");
    assertThat(task.stoppedReason()).isEqualTo("Essential container in task exited");
    assertThat(task.containers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.exitCode()).isEqualTo(137);
              assertThat(c.reason())
                  .isEqualTo("OutOfMemoryError: Container killed due to memory usage");
            });
    assertThat(task.startedBy()).isEqualTo("tradai-sqs-consumer-prod");
    assertThat(task.stoppedAt())
        .isEqualTo(Instant.parse("2026-11-27T10:09:41.007Z").toEpochMilli());
    assertThat(e.facts().exitCode()).isEqualTo(137);
    assertThat(e.facts().error().type()).isEqualTo("OutOfMemoryError");
    assertThat(e.level()).isEqualTo(Level.ERROR);
    assertThat(e.jobIds()).containsExactly("bt-7f3a9c01");
    assertThat(e.ecsTaskId()).isEqualTo(TASK_ID);
    assertThat(e.region()).isEqualTo("eu-central-1");
    assertThat(e.message())
        .isEqualTo(
            "ECS task "
                + TASK_ID
                + " STOPPED: EssentialContainerExited - Essential"
                + " container in task exited; container strategy exit code 137: OutOfMemoryError: Container killed due"
                + " to memory usage");
  }

  @Test
  void ecsTaskStopped_essentialContainerExitedWith1_isAnErrorWithExitCode1() {
    LogEvent e = parse("ecs-task-stopped-exit-1.json");

    assertThat(e.facts().exitCode()).isEqualTo(1);
    assertThat(e.level()).isEqualTo(Level.ERROR);
    assertThat(e.facts().error()).isNull();
  }

  @Test
  void ecsTaskStopped_cleanExit_isInfoWithExitCode0() {
    LogEvent e = parse("ecs-task-stopped-exit-0.json");

    assertThat(e.facts().exitCode()).isZero();
    assertThat(e.level()).isEqualTo(Level.INFO);
  }

  @Test
  void ecsTaskStopped_imagePullFailure_failedToStart_withoutExitCode_andTheAwsErrorAsType() {
    LogEvent e = parse("ecs-task-stopped-image-pull.json");

    assertThat(e.facts().ecsTask().stopCode()).isEqualTo("TaskFailedToStart");
    assertThat(e.facts().ecsTask().stoppedReason())
        .startsWith("CannotPullContainerError: pull image manifest");
    assertThat(e.facts().exitCode()).isNull();
    assertThat(e.facts().error().type()).isEqualTo("CannotPullContainerError");
    assertThat(e.level()).isEqualTo(Level.ERROR);
  }

  @Test
  void ecsTaskStopped_secretsNotFetched_isResourceInitializationError() {
    LogEvent e = parse("ecs-task-stopped-secrets.json");

    assertThat(e.facts().ecsTask().stopCode()).isEqualTo("TaskFailedToStart");
    assertThat(e.facts().error().type()).isEqualTo("ResourceInitializationError");
    assertThat(e.facts().error().message()).startsWith("unable to pull secrets or registry auth");
    assertThat(e.level()).isEqualTo(Level.ERROR);
  }

  @Test
  void ecsTaskStopped_byAUser_isAWarning_whateverItsExitCode() {
    LogEvent e = parse("ecs-task-stopped-user-initiated.json");

    assertThat(e.facts().ecsTask().stopCode()).isEqualTo("UserInitiated");
    assertThat(e.facts().exitCode()).isEqualTo(137);
    assertThat(e.level()).isEqualTo(Level.WARN);
  }

  @Test
  void ecsTaskStopped_bySpotInterruption_isAWarning() {
    LogEvent e = parse("ecs-task-stopped-spot-interruption.json");

    assertThat(e.facts().ecsTask().stopCode()).isEqualTo("SpotInterruption");
    assertThat(e.facts().ecsTask().stoppedReason()).isEqualTo("Your Spot Task was interrupted.");
    assertThat(e.level()).isEqualTo(Level.WARN);
  }

  @Test
  void ecsTaskProvisioning_startedByAJobId_namesTheJob() {
    LogEvent e = parse("ecs-task-provisioning-started-by-job.json");

    assertThat(e.facts().ecsTask().lastStatus()).isEqualTo("PROVISIONING");
    assertThat(e.jobIds()).containsExactly("bt-7f3a9c01");
    assertThat(e.facts().exitCode()).isNull();
    assertThat(e.message()).isEqualTo("ECS task " + TASK_ID + " PROVISIONING (desired RUNNING)");
  }

  @Test
  void ecsTaskRunning_withAnInitContainerThatExited0_isNotTheEndOfTheRun() {
    String line =
        json("ecs-task-running-aws-example.json")
            .replace(
                "\"lastStatus\": \"RUNNING\",\n" + "                \"name\": \"FargateApp\"",
                "\"lastStatus\": \"STOPPED\", \"exitCode\": 0,\n"
                    + "                \"name\": \"FargateApp\"");
    LogEvent e = parser.parse(raw(EVENTS_GROUP, compact(line)));

    assertThat(e.facts().ecsTask().containers().get(0).exitCode()).isZero();
    assertThat(e.facts().exitCode()).as("no exit code while the task runs").isNull();
  }

  @Test
  void ecsTaskOverrides_correlationIdEnvironment_namesTheRequest() {
    String line =
        json("ecs-task-stopped-exit-0.json")
            .replace(
                "{\n              \"name\": \"STRATEGY\"",
                "{\"name\": \"CORRELATION_ID\", \"value\": \"c0ffee00-1234-4abc-8def-000000000001\"},\n"
                    + "            {\n              \"name\": \"STRATEGY\"");
    LogEvent e = parser.parse(raw(EVENTS_GROUP, compact(line)));

    assertThat(e.correlationIds()).containsExactly("c0ffee00-1234-4abc-8def-000000000001");
    assertThat(e.jobIds()).containsExactly("bt-7f3a9c01");
  }

  @Test
  void s3ObjectCreated_awsDocumentedShape_isTheResultLocation_andItsKeyNamesTheJob() {
    LogEvent e = parse("s3-object-created-results.json");

    Facts.S3ObjectFacts object = e.facts().s3Object();
    assertThat(object.bucket()).isEqualTo("tradai-backtests-prod");
    assertThat(object.key()).isEqualTo("backtests/bt-7f3a9c01/backtest-result.json");
    assertThat(object.size()).isEqualTo(48213L);
    assertThat(object.etag()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
    assertThat(object.reason()).isEqualTo("PutObject");
    assertThat(e.facts().s3Paths())
        .containsExactly("s3://tradai-backtests-prod/backtests/bt-7f3a9c01/backtest-result.json");
    assertThat(e.jobIds()).containsExactly("bt-7f3a9c01");
    assertThat(e.level()).isEqualTo(Level.INFO);
    assertThat(e.message())
        .isEqualTo(
            "S3 object created: "
                + "s3://tradai-backtests-prod/backtests/bt-7f3a9c01/backtest-result.json (48213 bytes, PutObject)");
  }

  @Test
  void s3ObjectCreated_aKeyTheRulesDoNotKnow_namesNoJob() {
    String line =
        json("s3-object-created-results.json")
            .replace("backtests/bt-7f3a9c01/", "exports/2026-11/");
    LogEvent e = parser.parse(raw(EVENTS_GROUP, compact(line)));

    assertThat(e.jobIds()).isEmpty();
    assertThat(e.facts().s3Object().key()).isEqualTo("exports/2026-11/backtest-result.json");
  }

  @Test
  void eventBridgeEvent_ofAnotherDetailType_keepsItsLineAsMessage_andItsEnvelope() {
    String line = compact(json("eventbridge-other-detail-type.json"));
    LogEvent e = parser.parse(raw(EVENTS_GROUP, line));

    assertThat(e.message()).isEqualTo(line);
    assertThat(e.facts().ecsTask()).isNull();
    assertThat(e.region()).isEqualTo("eu-central-1");
    assertThat(e.fields()).containsEntry("detail.eventName", "SERVICE_STEADY_STATE");
  }

  @Test
  void eventBridgeEvent_inAnyLogGroup_isRecognized_theSourceKindStayingThatOfTheGroup() {
    LogEvent e =
        parser.parse(
            raw("/ecs/tradai-backend-prod", compact(json("ecs-task-stopped-oom-kill.json"))));

    assertThat(e.sourceKind()).isEqualTo(SourceKind.ECS_SERVICE);
    assertThat(e.facts().ecsTask().lastStatus()).isEqualTo("STOPPED");
    assertThat(e.facts().exitCode()).isEqualTo(137);
  }

  @Test
  void overrideRules_nameOtherEnvironmentVariablesAndKeys() {
    ParserRules rules =
        ParserRules.load(
            new java.io.ByteArrayInputStream(
                """
        aws_events:
          job_id_env: [STRATEGY]
          s3_key_job: '^results/(?<job>[a-z0-9-]+)\\.json$'
        """
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    LogEventParser custom = new LogEventParser(rules);

    assertThat(
            custom
                .parse(
                    raw(
                        EVENTS_GROUP,
                        compact(
                            json("ecs-task-stopped-exit-0.json").replace("bt-7f3a9c01", "run-1"))))
                .jobIds())
        .containsExactly("MomentumV2");
    assertThat(
            custom
                .parse(
                    raw(
                        EVENTS_GROUP,
                        compact(
                            json("s3-object-created-results.json")
                                .replace(
                                    "backtests/bt-7f3a9c01/backtest-result.json",
                                    "results/run-42.json"))))
                .jobIds())
        .containsExactly("run-42");
  }

  private LogEvent parse(String fixture) {
    return parser.parse(raw(EVENTS_GROUP, compact(json(fixture))));
  }

  private static RawLogEvent raw(String group, String line) {
    return new RawLogEvent(
        "123456789012",
        group,
        "3317b2af-7005-947d-b652-f55e762e571a",
        List.of("correlate"),
        null,
        Map.of(),
        "37813112958370101235472185620741327716354211453548347392",
        1_795_000_000_000L,
        line + "\n",
        1_795_000_001_000L,
        RawLogEvent.Intake.FIREHOSE,
        null,
        Map.of());
  }

  /** One line, as EventBridge writes the event. */
  private static String compact(String json) {
    try {
      return Json.mapper().writeValueAsString(Json.mapper().readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String json(String fixture) {
    try (InputStream in =
        EventBridgeParsingTest.class.getResourceAsStream("/aws-events/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + fixture);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

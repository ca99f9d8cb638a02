package dev.correlate.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Facts.EcsContainer;
import dev.correlate.core.model.Facts.EcsTaskFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.Context;
import dev.correlate.core.model.TimelineSummary.EcsTask;
import dev.correlate.core.model.TimelineSummary.S3Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContextsTest {
  private static final TimelineId JOB = TimelineId.job("bt-7f3a9c01");
  private static final String TASK_ID = "4f1c2b3d4e5f60718293a4b5c6d7e8f9";
  private static final String TASK_ARN =
      "arn:aws:ecs:eu-central-1:123456789012:task/tradai-prod/" + TASK_ID;
  private static final String CLUSTER_ARN =
      "arn:aws:ecs:eu-central-1:123456789012:cluster/tradai-prod";
  private static final long T0 = 1_795_000_000_000L;

  @Test
  void ecsTask_theLatestStateByVersionWins_whateverOrderAndDuplicatesTheChangesCameIn() {
    List<LogEvent> changes =
        List.of(
            ecs("e1", T0, state("PROVISIONING", 1L, null, List.of())),
            ecs("e2", T0 + 20_000, state("PENDING", 2L, null, List.of())),
            ecs(
                "e3",
                T0 + 30_000,
                state(
                    "RUNNING",
                    3L,
                    null,
                    List.of(new EcsContainer("strategy", null, null, "RUNNING")))),
            ecs(
                "e4",
                T0 + 90_000,
                state("DEPROVISIONING", 4L, "EssentialContainerExited", List.of(oomKilled()))),
            ecs(
                "e5",
                T0 + 91_000,
                state("STOPPED", 5L, "EssentialContainerExited", List.of(oomKilled()))),
            // EventBridge delivered the RUNNING change a second time, late
            ecs("e6", T0 + 95_000, state("RUNNING", 3L, null, List.of())));
    Context inOrder = fold(changes);

    assertThat(inOrder.ecsTasks())
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.taskArn()).isEqualTo(TASK_ARN);
              assertThat(task.taskId()).isEqualTo(TASK_ID);
              assertThat(task.cluster()).isEqualTo("tradai-prod");
              assertThat(task.state().lastStatus()).isEqualTo("STOPPED");
              assertThat(task.state().version()).isEqualTo(5L);
              assertThat(task.state().exitCode()).isEqualTo(137);
              assertThat(task.stateAt()).isEqualTo(T0 + 91_000);
            });
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      List<LogEvent> shuffled = new ArrayList<>(changes);
      Collections.shuffle(shuffled, random);
      assertThat(fold(shuffled)).as("round %d", round).isEqualTo(inOrder);
    }
  }

  @Test
  void
      ecsTask_namedByALine_byItsStream_andByItsStateChanges_isOneTaskWithArnClusterAndState_notAServicesTask() {
    LogEvent consumer =
        event(
            "c1",
            T0,
            "/aws/lambda/tradai-sqs-consumer-prod",
            SourceKind.LAMBDA,
            "Started ECS task " + TASK_ARN + " for bt-7f3a9c01",
            Facts.NONE,
            List.of(TASK_ARN),
            null,
            null,
            null);
    LogEvent stream =
        event(
            "s1",
            T0 + 40_000,
            "/ecs/tradai-strategy-prod",
            SourceKind.ECS_TASK,
            "Starting backtest",
            Facts.NONE,
            List.of(),
            TASK_ID,
            null,
            null);
    LogEvent change = ecs("e1", T0 + 30_000, state("RUNNING", 3L, null, List.of()));

    LogEvent serviceLine =
        event(
            "b1",
            T0 + 1_000,
            "/ecs/tradai-backend-prod",
            SourceKind.ECS_SERVICE,
            "POST /api/v1/backtests 202",
            Facts.NONE,
            List.of(),
            "ffffffffffffffffffffffffffffffff",
            null,
            null);
    Context c = fold(List.of(stream, change, serviceLine, consumer));

    assertThat(c.ecsTasks())
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.taskArn()).isEqualTo(TASK_ARN);
              assertThat(task.cluster()).isEqualTo("tradai-prod");
              assertThat(task.state().lastStatus()).isEqualTo("RUNNING");
            });
    assertThat(c.logGroups())
        .containsExactly(
            "/aws/events/tradai-prod",
            "/aws/lambda/tradai-sqs-consumer-prod",
            "/ecs/tradai-backend-prod",
            "/ecs/tradai-strategy-prod");
  }

  @Test
  void regionAndAccount_comeFromTheArns_whenTheEventsSayNone() {
    LogEvent consumer =
        event(
            "c1",
            T0,
            "/aws/lambda/tradai-sqs-consumer-prod",
            SourceKind.LAMBDA,
            "Started ECS task " + TASK_ARN,
            Facts.NONE,
            List.of(TASK_ARN),
            null,
            null,
            null);

    Context c = Contexts.observe(null, JOB, consumer);

    assertThat(c.region()).isEqualTo("eu-central-1");
    assertThat(c.account()).isEqualTo("123456789012");
  }

  @Test
  void results_areTheS3ObjectsCreated_andTheJobsS3PathsInItsLines_withSizeAndEarliestTime() {
    String location = "s3://tradai-backtests-prod/backtests/bt-7f3a9c01/backtest-result.json";
    LogEvent created =
        event(
            "s3",
            T0 + 2_000,
            "/aws/events/tradai-prod",
            SourceKind.EVENTS,
            "S3 object created",
            facts(
                List.of(location),
                null,
                new Facts.S3ObjectFacts(
                    "tradai-backtests-prod",
                    "backtests/bt-7f3a9c01/backtest-result.json",
                    48213L,
                    "b1946a",
                    "PutObject")),
            List.of(),
            null,
            "eu-central-1",
            null);
    LogEvent logged =
        event(
            "l1",
            T0 + 1_000,
            "/ecs/tradai-strategy-prod",
            SourceKind.ECS_TASK,
            "Uploading results to " + location,
            facts(List.of(location, "s3://tradai-data-prod/ohlcv/BTC_USDT.arrow"), null, null),
            List.of(),
            TASK_ID,
            null,
            null);

    Context job = fold(List.of(created, logged));
    Context request =
        Contexts.observe(
            Contexts.observe(null, TimelineId.correlation("c0ffee00-1234"), logged),
            TimelineId.correlation("c0ffee00-1234"),
            created);

    assertThat(job.results()).containsExactly(new S3Result(location, 48213L, T0 + 1_000));
    assertThat(request.results()).containsExactly(new S3Result(location, 48213L, T0 + 2_000));
  }

  @Test
  void submission_isTheEarliestEventNamingAStrategyOrPairs_whateverOrder() {
    LogEvent submitted =
        event(
            "b1",
            T0,
            "/ecs/tradai-backend-prod",
            SourceKind.ECS_SERVICE,
            "Backtest job submitted",
            Facts.NONE,
            List.of(),
            null,
            null,
            Map.of(
                "strategy",
                "MomentumV2",
                "pairs.0",
                "BTC/USDT",
                "pairs.1",
                "ETH/USDT",
                "timeframe",
                "1h",
                "timerange",
                "20240101-20240630"));
    LogEvent runner =
        event(
            "r1",
            T0 + 40_000,
            "/ecs/tradai-strategy-prod",
            SourceKind.ECS_TASK,
            "Starting backtest strategy=MeanReversion",
            Facts.NONE,
            List.of(),
            TASK_ID,
            null,
            Map.of("strategy", "MeanReversion", "pair", "SOL/USDT"));

    Context c = fold(List.of(runner, submitted));

    assertThat(c.submission().strategy()).isEqualTo("MomentumV2");
    assertThat(c.submission().pairs()).containsExactly("BTC/USDT", "ETH/USDT");
    assertThat(c.submission().timeframe()).isEqualTo("1h");
    assertThat(c.submission().timerange()).isEqualTo("20240101-20240630");
    assertThat(fold(List.of(submitted, runner))).isEqualTo(c);
  }

  @Test
  void bounded_atMostFourTasks_theSameFourInAnyOrder_andLongReasonsCut() {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id = String.format("f%031x", 100 - i);
      events.add(
          event(
              "t" + i,
              T0 + i,
              "/ecs/tradai-strategy-prod",
              SourceKind.ECS_TASK,
              "line",
              Facts.NONE,
              List.of(),
              id,
              null,
              null));
    }
    EcsTaskFacts longReason =
        new EcsTaskFacts(
            TASK_ARN,
            CLUSTER_ARN,
            "family:tradai-strategy-prod",
            "STOPPED",
            "STOPPED",
            "TaskFailedToStart",
            "CannotPullContainerError: " + "x".repeat(900),
            List.of(),
            "1024",
            "2048",
            null,
            null,
            null,
            null,
            3L);
    events.add(ecs("e1", T0 + 10, longReason));
    Context forward = fold(events);
    Collections.reverse(events);

    assertThat(forward.ecsTasks()).hasSize(Context.MAX_TASKS).isEqualTo(fold(events).ecsTasks());
    assertThat(forward.ecsTasks()).extracting(EcsTask::taskId).isSorted();
    EcsTask cut =
        forward.ecsTasks().stream().filter(t -> t.state() != null).findFirst().orElseThrow();
    assertThat(cut.state().stoppedReason()).hasSize(Contexts.MAX_REASON).endsWith("…");
  }

  private static Context fold(List<LogEvent> events) {
    Context c = null;
    for (LogEvent e : events) {
      c = Contexts.observe(c, JOB, e);
    }
    return c;
  }

  private static EcsContainer oomKilled() {
    return new EcsContainer(
        "strategy", 137, "OutOfMemoryError: Container killed due to memory usage", "STOPPED");
  }

  private static EcsTaskFacts state(
      String lastStatus, Long version, String stopCode, List<EcsContainer> containers) {
    return new EcsTaskFacts(
        TASK_ARN,
        CLUSTER_ARN,
        "family:tradai-strategy-prod",
        lastStatus,
        stopCode == null ? "RUNNING" : "STOPPED",
        stopCode,
        stopCode == null ? null : "Essential container in task exited",
        containers,
        "1024",
        "2048",
        "tradai-sqs-consumer-prod",
        T0,
        null,
        null,
        version);
  }

  private static LogEvent ecs(String id, long at, EcsTaskFacts state) {
    return event(
        id,
        at,
        "/aws/events/tradai-prod",
        SourceKind.EVENTS,
        "ECS task " + state.lastStatus(),
        facts(List.of(), state, null),
        List.of(TASK_ARN),
        TASK_ID,
        "eu-central-1",
        null);
  }

  private static Facts facts(
      List<String> s3Paths, EcsTaskFacts ecsTask, Facts.S3ObjectFacts s3Object) {
    return new Facts(null, null, null, s3Paths, null, null, ecsTask, s3Object);
  }

  private static LogEvent event(
      String id,
      long at,
      String group,
      SourceKind kind,
      String message,
      Facts facts,
      List<String> arns,
      String taskId,
      String region,
      Map<String, String> fields) {
    return new LogEvent(
        id,
        at,
        null,
        at,
        group,
        "stream",
        "123456789012",
        region,
        "svc",
        "prod",
        kind,
        Level.INFO,
        null,
        message,
        fields,
        List.of(),
        List.of(JOB.id()),
        null,
        taskId,
        arns,
        null,
        facts,
        null);
  }
}

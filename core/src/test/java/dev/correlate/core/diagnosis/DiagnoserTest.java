package dev.correlate.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.diagnosis.Fixtures.Scenario;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.StageAt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DiagnoserTest {
  private static final Duration STUCK_AFTER = Duration.ofMinutes(15);
  private static final long MINUTE = 60_000;

  private final Diagnoser diagnoser = new Diagnoser(STUCK_AFTER);

  // ---- jobs that complete ----

  @Test
  void completedJob_reachesEveryStage_inOrder_withoutCategory() {
    Evaluation e = evaluateSoonAfter("job-completed");

    assertThat(e.status()).isEqualTo("completed");
    Diagnosis d = e.diagnosis();
    assertThat(d.stage()).isEqualTo("completed");
    assertThat(d.stages())
        .extracting(StageAt::stage)
        .containsExactly(
            "submitted",
            "queued",
            "dispatched",
            "task_started",
            "running",
            "results_written",
            "completed");
    assertThat(d.stages()).extracting(StageAt::at).isSorted();
    assertThat(d.stages().get(0).at()).isEqualTo(Fixtures.T0);
    assertThat(d.category()).isNull();
    assertThat(d.cause()).isNull();
    assertThat(d.symptom()).isNull();
  }

  @Test
  void completedJob_neverBecomesStuck() {
    Scenario s = Fixtures.load("job-completed");
    assertThat(evaluate(s, s.end(), s.end() + 60 * MINUTE).status()).isEqualTo("completed");
  }

  @Test
  void consumerTimeoutFollowedByASuccessfulRetry_isSupersededAndTheJobCompletes() {
    Evaluation e = evaluateSoonAfter("job-consumer-retry-completes");

    assertThat(e.status()).isEqualTo("completed");
    assertThat(e.diagnosis().category()).isNull();
  }

  @Test
  void consumerTimeoutFollowedByARetryThatHangs_isStuckRunning_notLambdaTimeout() {
    Scenario s = Fixtures.load("job-consumer-retry-completes");
    List<LogEvent> untilRunning = s.events().subList(0, s.events().size() - 2);
    DiagnosisState state = fold(s.kind(), untilRunning);
    long last = untilRunning.get(untilRunning.size() - 1).timestamp();

    Evaluation e = diagnoser.evaluate(s.kind(), state, last, last + 15 * MINUTE);

    assertThat(e.status()).isEqualTo("stuck");
    assertThat(e.diagnosis().category()).isEqualTo("stuck_running");
  }

  // ---- one test per category ----

  @Test
  void oom_memoryErrorThenExitCode137_isOomNotContainerCrash() {
    Evaluation e = evaluateSoonAfter("job-oom-memoryerror-exit137");

    assertFailure(e, "running", "oom", "runs_without_results");
    assertThat(e.diagnosis().cause()).isEqualTo("out of memory");
    assertThat(e.diagnosis().resolution()).contains("strategy task 1024→2048 MB");
    // the first error is the first ERROR line; the category's evidence is the MemoryError itself
    assertThat(e.diagnosis().evidence().get(0).message()).isEqualTo("Fatal exception!");
    assertThat(e.diagnosis().evidence().get(1).exceptionType()).isEqualTo("MemoryError");
  }

  @Test
  void oom_lambdaReportRuntimeOutOfMemory_isOom_andTheTaskNeverStarts() {
    assertFailure(
        evaluateSoonAfter("job-oom-lambda-report"), "dispatched", "oom", "task_never_starts");
  }

  @Test
  void oom_lambdaMaxMemoryUsedEqualToMemorySize_isOom() {
    assertFailure(
        evaluateSoonAfter("job-oom-lambda-memory-exhausted"),
        "dispatched",
        "oom",
        "task_never_starts");
  }

  @Test
  void lambdaTimeout_reportStatusTimeout_failsTheJobAtDispatch() {
    Evaluation e = evaluateSoonAfter("job-lambda-timeout");

    assertFailure(e, "dispatched", "lambda_timeout", "task_never_starts");
    assertThat(e.diagnosis().resolution()).isEqualTo("increase the Lambda timeout");
  }

  @Test
  void lambdaTimeout_messageOnly_isRecognizedWithoutLambdaFacts() {
    assertFailure(
        evaluateSoonAfter("job-lambda-timeout-no-facts"),
        "dispatched",
        "lambda_timeout",
        "task_never_starts");
  }

  @Test
  void missingDependency_lambdaImportModuleError_isMissingDependency() {
    assertFailure(
        evaluateSoonAfter("job-missing-dependency-lambda"),
        "dispatched",
        "missing_dependency",
        "task_never_starts");
  }

  @Test
  void missingDependency_moduleNotFoundInTheStrategyTask_winsOverStrategyErrorAndCrash() {
    assertFailure(
        evaluateSoonAfter("job-missing-dependency-strategy"),
        "running",
        "missing_dependency",
        "runs_without_results");
  }

  @Test
  void accessDenied_onEcsRunTaskInTheConsumer_isAccessDeniedNotTaskNeverStarted() {
    Scenario s = Fixtures.load("job-access-denied-runtask");
    DiagnosisState state = fold(s.kind(), s.events());

    Evaluation soon = diagnoser.evaluate(s.kind(), state, s.end(), s.end() + 1000);
    Evaluation muchLater = diagnoser.evaluate(s.kind(), state, s.end(), s.end() + 30 * MINUTE);

    assertFailure(soon, "dispatched", "access_denied", "task_never_starts");
    assertThat(muchLater).isEqualTo(soon);
    assertThat(soon.diagnosis().evidence().get(0).service()).isEqualTo("sqs-consumer");
    assertThat(soon.diagnosis().evidence().get(0).message()).contains("ecs:RunTask");
  }

  @Test
  void dataError_noHistoryThenInsufficientData_isDataErrorNotStrategyErrorOrCrash() {
    assertFailure(
        evaluateSoonAfter("job-data-error"), "running", "data_error", "runs_without_results");
  }

  @Test
  void strategyError_tracebackInTheTaskThenExitCode1_isStrategyErrorNotContainerCrash() {
    Evaluation e = evaluateSoonAfter("job-strategy-error");

    assertFailure(e, "running", "strategy_error", "runs_without_results");
    assertThat(e.diagnosis().cause()).isEqualTo("strategy code error");
  }

  @Test
  void containerCrash_essentialContainerExitedRightAfterStart_stopsImmediately() {
    assertFailure(
        evaluateSoonAfter("job-container-crash"),
        "task_started",
        "container_crash",
        "stops_immediately");
  }

  @Test
  void containerCrash_missingSettingBeforeFreqtradeRuns_isContainerCrashNotStrategyError() {
    assertFailure(
        evaluateSoonAfter("job-container-crash-missing-config"),
        "task_started",
        "container_crash",
        "stops_immediately");
  }

  @Test
  void connectionRefused_inTheTask_isConnectionRefused() {
    assertFailure(
        evaluateSoonAfter("job-connection-refused"),
        "running",
        "connection_refused",
        "runs_without_results");
  }

  @Test
  void connectionTimeout_readTimeoutInTheTask_isConnectionTimeout() {
    assertFailure(
        evaluateSoonAfter("job-connection-timeout"),
        "running",
        "connection_timeout",
        "runs_without_results");
  }

  @Test
  void serviceUnavailable_mlflow503InTheTask_isServiceUnavailable() {
    assertFailure(
        evaluateSoonAfter("job-service-unavailable"),
        "running",
        "service_unavailable",
        "runs_without_results");
  }

  @Test
  void noResults_runFinishesWithoutResultsWritten_runsWithoutResults() {
    Evaluation e = evaluateSoonAfter("job-no-results");

    assertFailure(e, "running", "no_results", "runs_without_results");
    assertThat(e.diagnosis().resolution()).isEqualTo("check strategy logs");
  }

  @Test
  void failedStatusWithoutEvidence_takesTheFallbackOfItsSymptom() {
    assertFailure(
        evaluateSoonAfter("job-failed-status-only"),
        "dispatched",
        "task_never_started",
        "task_never_starts");
  }

  // ---- what AWS itself says: ECS task state changes and S3 events (EventBridge) ----

  @Test
  void oom_ecsKilledTheTaskWithNoLogLine_isOomAtOnce_withTheEcsMemoryTable() {
    Evaluation e = evaluateSoonAfter("job-oom-ecs-kill-no-log-line");

    assertFailure(e, "running", "oom", "runs_without_results");
    assertThat(e.diagnosis().resolution()).contains("strategy task 1024→2048 MB");
    assertThat(e.diagnosis().evidence()).extracting(EventRef::service).contains("aws-events");
    assertThat(e.diagnosis().evidence().get(0).message())
        .contains("OutOfMemoryError: Container killed");
  }

  @Test
  void oom_inALambdaFunction_resolvesWithTheLambdaMemorySetting_notTheEcsTable() {
    Evaluation e = evaluateSoonAfter("job-oom-lambda-report");

    assertThat(e.diagnosis().category()).isEqualTo("oom");
    assertThat(e.diagnosis().resolution())
        .contains("MemorySize")
        .doesNotContain("strategy task 1024→2048 MB");
  }

  @Test
  void oom_aShellsBareKilledLine_isMemoryEvidence() {
    assertFailure(
        evaluateSoonAfter("job-oom-bare-killed"), "running", "oom", "runs_without_results");
  }

  @Test
  void imagePullError_theTaskNeverRan_isImagePullError_overTaskStartError() {
    Evaluation e = evaluateSoonAfter("job-image-pull-error");

    assertFailure(e, "task_started", "image_pull_error", "stops_immediately");
    assertThat(e.diagnosis().cause()).contains("CannotPullContainerError");
    assertThat(e.diagnosis().resolution()).contains("ecr:BatchGetImage");
  }

  @Test
  void taskStartError_secretsNotFetched_isTaskStartError() {
    Evaluation e = evaluateSoonAfter("job-task-start-error-secrets");

    assertFailure(e, "task_started", "task_start_error", "stops_immediately");
    assertThat(e.diagnosis().resolution()).contains("secretsmanager:GetSecretValue");
  }

  @Test
  void taskStartError_whoseReasonIsAccessDenied_isAccessDenied() {
    assertFailure(
        evaluateSoonAfter("job-task-start-access-denied"),
        "task_started",
        "access_denied",
        "stops_immediately");
  }

  @Test
  void containerCrash_ecsSaysExitCode1AndNothingWasLogged_isContainerCrash() {
    assertFailure(
        evaluateSoonAfter("job-container-crash-ecs-exit-1"),
        "task_started",
        "container_crash",
        "stops_immediately");
  }

  @Test
  void
      noResults_taskStoppedCleanlyWithoutResultsOrError_isNoResultsAtOnce_notAfterTheStuckThreshold() {
    Evaluation e = evaluateSoonAfter("job-no-results-ecs-stopped-clean");

    assertFailure(e, "running", "no_results", "runs_without_results");
  }

  @Test
  void noResults_saidBeforeANonZeroExit_isNoResults_notContainerCrash() {
    assertFailure(
        evaluateSoonAfter("job-no-results-message-exit-1"),
        "running",
        "no_results",
        "runs_without_results");
  }

  @Test
  void resultsWritten_onlyTheS3EventSaysSo_theJobCompletes() {
    Evaluation e = evaluateSoonAfter("job-results-written-s3-event");

    assertThat(e.status()).isEqualTo("completed");
    assertThat(e.diagnosis().stages())
        .extracting(StageAt::stage)
        .contains("results_written", "completed");
    assertThat(e.diagnosis().category()).isNull();
  }

  @Test
  void taskInterrupted_spotInterruptionWithExitCode137_isAnInterruption_notOom() {
    Evaluation e = evaluateSoonAfter("job-task-interrupted-spot");

    assertFailure(e, "running", "task_interrupted", "runs_without_results");
    assertThat(e.diagnosis().resolution()).contains("FARGATE_SPOT");
  }

  @Test
  void taskStopped_byAUserWithExitCode143_isTaskStopped_notContainerCrash() {
    assertFailure(
        evaluateSoonAfter("job-task-stopped-by-user"),
        "running",
        "task_stopped",
        "runs_without_results");
  }

  @Test
  void request_thatSubmittedAJobWhoseImageCannotBePulled_isErrorWithImagePullError() {
    Scenario s = Fixtures.load("job-image-pull-error");
    DiagnosisState state = fold(TimelineId.Kind.CORRELATION, s.events());

    Evaluation e = diagnoser.evaluate(TimelineId.Kind.CORRELATION, state, s.end(), s.end() + 1000);

    assertThat(e.status()).isEqualTo("error");
    assertThat(e.diagnosis().category()).isEqualTo("image_pull_error");
  }

  // ---- resolutions that fit the failing piece ----

  @Test
  void connectionTimeout_toDataCollection_pointsAtTheDataCollectionAndArcticDbPath() {
    Evaluation e = evaluateSoonAfter("job-connection-timeout");

    assertThat(e.diagnosis().category()).isEqualTo("connection_timeout");
    assertThat(e.diagnosis().resolution()).contains("data_collection → ArcticDB");
  }

  @Test
  void serviceUnavailable_fromMlflow_pointsAtMlflowAndItsDatabase() {
    Evaluation e = evaluateSoonAfter("job-service-unavailable");

    assertThat(e.diagnosis().category()).isEqualTo("service_unavailable");
    assertThat(e.diagnosis().resolution()).contains("MLflow").contains("RDS");
  }

  // ---- stuck, driven by the test clock ----

  @Test
  void taskNeverStarted_queuedJobSilentForTheThreshold_isStuck() {
    Scenario s = Fixtures.load("job-queued-never-dispatched");
    DiagnosisState state = fold(s.kind(), s.events());

    Evaluation before = diagnoser.evaluate(s.kind(), state, s.end(), s.end() + 15 * MINUTE - 1);
    Evaluation after = diagnoser.evaluate(s.kind(), state, s.end(), s.end() + 15 * MINUTE);

    assertThat(before.status()).isEqualTo("running");
    assertThat(before.diagnosis().category()).isNull();
    assertThat(after.status()).isEqualTo("stuck");
    assertThat(after.diagnosis().stage()).isEqualTo("queued");
    assertThat(after.diagnosis().category()).isEqualTo("task_never_started");
    assertThat(after.diagnosis().cause()).isEqualTo("SQS consumer failed");
    assertThat(after.diagnosis().symptom()).isEqualTo("task_never_starts");
  }

  @Test
  void taskNeverStarted_dispatchedWithoutATask_isStuckWithTaskNeverStarts() {
    Scenario s = Fixtures.load("job-dispatched-no-task");
    Evaluation e = evaluate(s, s.end(), s.end() + 16 * MINUTE);

    assertThat(e.status()).isEqualTo("stuck");
    assertThat(e.diagnosis().stage()).isEqualTo("dispatched");
    assertThat(e.diagnosis().category()).isEqualTo("task_never_started");
    assertThat(e.diagnosis().symptom()).isEqualTo("task_never_starts");
  }

  @Test
  void stuckRunning_silentRunningJob_isStuckInRunning_andANewEventMakesItRunningAgain() {
    Scenario s = Fixtures.load("job-stuck-running");
    DiagnosisState state = fold(s.kind(), s.events());
    long arrival = s.end() + 2000;

    Evaluation stuck = diagnoser.evaluate(s.kind(), state, arrival, arrival + 15 * MINUTE);
    assertThat(stuck.status()).isEqualTo("stuck");
    assertThat(stuck.diagnosis().stage()).isEqualTo("running");
    assertThat(stuck.diagnosis().category()).isEqualTo("stuck_running");
    assertThat(stuck.diagnosis().resolution()).isEqualTo("force stop, investigate");
    assertThat(stuck.diagnosis().symptom()).isEqualTo("stuck_in_running");

    long now = arrival + 15 * MINUTE + 5000;
    LogEvent progress =
        Fixtures.event(
            "late-progress",
            now - 1000,
            "strategy",
            dev.correlate.core.model.SourceKind.ECS_TASK,
            dev.correlate.core.model.Level.INFO,
            "freqtrade.optimize.backtesting",
            "Backtesting with data from 2024-01-01 up to 2024-06-30",
            null,
            s.kind(),
            s.id());
    Evaluation unstuck =
        diagnoser.evaluate(s.kind(), diagnoser.observe(state, s.kind(), progress), now, now);
    assertThat(unstuck.status()).isEqualTo("running");
    assertThat(unstuck.diagnosis().category()).isNull();
    assertThat(unstuck.diagnosis().symptom()).isNull();
  }

  // ---- requests ----

  @Test
  void request_withoutErrors_isOk() {
    Evaluation e = evaluateSoonAfter("request-ok");

    assertThat(e.status()).isEqualTo("ok");
    assertThat(e.diagnosis().stage()).isNull();
    assertThat(e.diagnosis().stages()).isEmpty();
    assertThat(e.diagnosis().category()).isNull();
    assertThat(e.diagnosis().evidence())
        .extracting(EventRef::service)
        .containsExactly("backend", "backend", "data-collection", "strategy-service");
  }

  @Test
  void request_neverBecomesStuck() {
    Scenario s = Fixtures.load("request-ok");
    assertThat(evaluate(s, s.end(), s.end() + 60 * MINUTE).status()).isEqualTo("ok");
  }

  @Test
  void request_connectTimeoutDownstream_isErrorWithConnectionTimeout_andTheFirstErrorsService() {
    Evaluation e = evaluateSoonAfter("request-connection-timeout");

    assertThat(e.status()).isEqualTo("error");
    assertThat(e.diagnosis().category()).isEqualTo("connection_timeout");
    assertThat(e.diagnosis().cause()).isEqualTo("VPC/NAT or slow dependency");
    assertThat(e.diagnosis().evidence().get(0).service()).isEqualTo("strategy-service");
  }

  @Test
  void request_connectionRefusedInAStructuredField_isErrorWithConnectionRefused() {
    Evaluation e = evaluateSoonAfter("request-connection-refused");

    assertThat(e.status()).isEqualTo("error");
    assertThat(e.diagnosis().category()).isEqualTo("connection_refused");
    assertThat(e.diagnosis().evidence().get(0).service()).isEqualTo("strategy-service");
  }

  @Test
  void request_thatSubmittedAJob_getsTheJobsCategory_includingRulesThatRequireAStage() {
    Scenario s = Fixtures.load("job-strategy-error");
    DiagnosisState state = fold(TimelineId.Kind.CORRELATION, s.events());

    Evaluation e =
        diagnoser.evaluate(TimelineId.Kind.CORRELATION, state, s.end(), s.end() + 30 * MINUTE);

    assertThat(e.status()).isEqualTo("error");
    assertThat(e.diagnosis().category()).isEqualTo("strategy_error");
    assertThat(e.diagnosis().stage()).isNull();
    assertThat(e.diagnosis().symptom()).isNull();
  }

  @Test
  void request_503FromADependency_isErrorWithServiceUnavailable_firstErrorBeingThe503() {
    Evaluation e = evaluateSoonAfter("request-service-unavailable");

    assertThat(e.status()).isEqualTo("error");
    assertThat(e.diagnosis().category()).isEqualTo("service_unavailable");
    assertThat(e.diagnosis().evidence().get(0).service()).isEqualTo("mlflow");
    assertThat(e.diagnosis().evidence().get(0).message()).endsWith("503");
  }

  @Test
  void request_failedLambdaInvocationLoggedAtInfo_isErrorWithoutCategory() {
    Evaluation e = evaluateSoonAfter("request-lambda-error");

    assertThat(e.status()).isEqualTo("error");
    assertThat(e.diagnosis().category()).isNull();
    assertThat(e.diagnosis().evidence().get(0).message()).contains("Status: error");
  }

  @Test
  void request_5xxWithoutErrorLevelOrKnownCause_isErrorWithoutCategory() {
    Evaluation e = evaluateSoonAfter("request-server-error");

    assertThat(e.status()).isEqualTo("error");
    assertThat(e.diagnosis().category()).isNull();
    assertThat(e.diagnosis().evidence().get(0).message()).contains(" 500 ");
  }

  // ---- order independence ----

  static Stream<String> scenarios() {
    return Stream.of(
        "job-completed",
        "job-oom-memoryerror-exit137",
        "job-oom-lambda-report",
        "job-oom-lambda-memory-exhausted",
        "job-lambda-timeout",
        "job-lambda-timeout-no-facts",
        "job-missing-dependency-lambda",
        "job-missing-dependency-strategy",
        "job-access-denied-runtask",
        "job-data-error",
        "job-strategy-error",
        "job-container-crash",
        "job-container-crash-missing-config",
        "job-connection-refused",
        "job-connection-timeout",
        "job-service-unavailable",
        "job-no-results",
        "job-queued-never-dispatched",
        "job-dispatched-no-task",
        "job-stuck-running",
        "job-failed-status-only",
        "job-consumer-retry-completes",
        "request-ok",
        "request-connection-timeout",
        "request-connection-refused",
        "request-service-unavailable",
        "request-server-error",
        "request-lambda-error",
        "job-oom-ecs-kill-no-log-line",
        "job-oom-bare-killed",
        "job-image-pull-error",
        "job-task-start-error-secrets",
        "job-task-start-access-denied",
        "job-container-crash-ecs-exit-1",
        "job-no-results-ecs-stopped-clean",
        "job-no-results-message-exit-1",
        "job-results-written-s3-event",
        "job-task-interrupted-spot",
        "job-task-stopped-by-user");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void anyArrivalOrder_andDuplicates_giveTheSameStateAndDiagnosis(String name) {
    Scenario s = Fixtures.load(name);
    DiagnosisState inOrder = fold(s.kind(), s.events());
    Random random = new Random(name.hashCode());
    for (int round = 0; round < 25; round++) {
      List<LogEvent> shuffled = new ArrayList<>(s.events());
      if (round % 5 == 0) {
        shuffled.addAll(s.events().subList(0, random.nextInt(s.events().size()) + 1));
      }
      Collections.shuffle(shuffled, random);
      DiagnosisState state = fold(s.kind(), shuffled);

      assertThat(state).as("%s, round %d", name, round).isEqualTo(inOrder);
      for (long silence : new long[] {1000, 20 * MINUTE}) {
        assertThat(diagnoser.evaluate(s.kind(), state, s.end(), s.end() + silence))
            .isEqualTo(diagnoser.evaluate(s.kind(), inOrder, s.end(), s.end() + silence));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void stageHistory_isOrderedByEvidenceTime_andTheStageIsTheFurthestReached(String name) {
    Scenario s = Fixtures.load(name);
    List<LogEvent> reversed = new ArrayList<>(s.events());
    Collections.reverse(reversed);
    Diagnosis d =
        diagnoser.evaluate(s.kind(), fold(s.kind(), reversed), s.end(), s.end()).diagnosis();

    assertThat(d.stages()).extracting(StageAt::at).isSorted();
    if (s.kind() == TimelineId.Kind.JOB) {
      String furthest =
          d.stages().stream()
              .map(StageAt::stage)
              .map(id -> Stage.fromId(id).orElseThrow())
              .max(Stage::compareTo)
              .map(Stage::id)
              .orElse(null);
      assertThat(d.stage()).isEqualTo(furthest);
    }
  }

  // ---- helpers ----

  private DiagnosisState fold(TimelineId.Kind kind, List<LogEvent> events) {
    DiagnosisState state = DiagnosisState.empty();
    for (LogEvent event : events) {
      state = diagnoser.observe(state, kind, event);
    }
    return state;
  }

  private Evaluation evaluate(Scenario s, long lastActivityAt, long nowMs) {
    return diagnoser.evaluate(s.kind(), fold(s.kind(), s.events()), lastActivityAt, nowMs);
  }

  /** Evaluated a second after the last event arrived: before any stuck threshold. */
  private Evaluation evaluateSoonAfter(String name) {
    Scenario s = Fixtures.load(name);
    return evaluate(s, s.end(), s.end() + 1000);
  }

  private static void assertFailure(Evaluation e, String stage, String category, String symptom) {
    assertThat(e.status()).isEqualTo("failed");
    assertThat(e.diagnosis().stage()).isEqualTo(stage);
    assertThat(e.diagnosis().category()).isEqualTo(category);
    assertThat(e.diagnosis().cause()).isNotBlank();
    assertThat(e.diagnosis().resolution()).isNotBlank();
    assertThat(e.diagnosis().symptom()).isEqualTo(symptom);
    assertThat(e.diagnosis().evidence()).isNotEmpty();
  }
}

package dev.correlate.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Facts.EcsContainer;
import dev.correlate.core.model.Facts.EcsTaskFacts;
import dev.correlate.core.model.Facts.LambdaFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TradAI's runbook, row by row (the evidence column of conventions.md's failure categories, its
 * Lambda errors and health failures, and what AWS reports about tasks): each row's typical line is
 * matched by the default rule docs/diagnosis.md names for it, in the category it names. The
 * whole-timeline outcome of each row (status, stage, precedence) is in {@link DiagnoserTest}; the
 * table in docs/diagnosis.md points at both.
 */
class RunbookTest {
  private static final String ARN =
      "arn:aws:ecs:eu-central-1:123456789012:task/tradai-prod/4f1c2b3d4e5f6071";

  static Stream<Arguments> rows() {
    return Stream.of(
        row(
            "oom",
            "oom-error-type",
            task(Level.ERROR, "MemoryError: Unable to allocate 2.31 GiB", "MemoryError")),
        row(
            "oom",
            "oom-message",
            task(Level.ERROR, "java.lang.OutOfMemoryError: Java heap space", null)),
        row(
            "oom",
            "oom-message",
            service(Level.WARN, "ECS task stopped: Container killed due to memory usage")),
        row(
            "oom",
            "oom-exit-137",
            exit(service(Level.WARN, "ECS task stopped: exit code 137"), 137)),
        row(
            "oom",
            "oom-lambda-error-type",
            lambda(
                new LambdaFacts(
                    "REPORT",
                    "r-1",
                    10935.7,
                    10936.0,
                    1024,
                    1024,
                    null,
                    "error",
                    "Runtime.OutOfMemory",
                    null,
                    null))),
        row(
            "oom",
            "oom-lambda-memory-exhausted",
            lambda(
                new LambdaFacts(
                    "REPORT", "r-1", 900.0, 900.0, 512, 512, null, "success", null, null, null))),
        row(
            "oom",
            "oom-ecs-container-reason",
            ecs(
                "EssentialContainerExited",
                "Essential container in task exited",
                137,
                "OutOfMemoryError: Container killed due to memory usage")),
        row("oom", "oom-bare-words", task(Level.INFO, "OOMKilled", null)),
        row("oom", "oom-bare-words", task(Level.INFO, "Killed", null)),
        row(
            "oom",
            "oom-bare-words",
            task(Level.INFO, "/app/run.sh: line 12:    42 Killed      python -m freqtrade", null)),
        row(
            "oom",
            "oom-bare-words",
            service(Level.ERROR, "Out of memory: OOM killer invoked for python (pid 42)")),
        row(
            "data_error",
            "data-error-message",
            task(Level.ERROR, "insufficient data for BTC/USDT 1h", null)),
        row(
            "data_error",
            "data-error-message",
            task(Level.ERROR, "No data found. Terminating.", null)),
        row(
            "strategy_error",
            "strategy-error-exception",
            task(
                Level.ERROR,
                "AttributeError: 'MomentumV2' object has no attribute 'rsi_period'",
                "AttributeError")),
        row(
            "strategy_error",
            "strategy-error-traceback",
            task(Level.INFO, "Traceback (most recent call last):", null)),
        row(
            "container_crash",
            "container-crash-essential-exited",
            service(Level.WARN, "ECS task stopped: Essential container in task exited")),
        row(
            "container_crash",
            "container-crash-nonzero-exit",
            exit(service(Level.ERROR, "runner exited with code 1"), 1)),
        row(
            "container_crash",
            "container-crash-nonzero-exit",
            ecs("EssentialContainerExited", "Essential container in task exited", 1, null)),
        row(
            "container_crash",
            "container-crash-missing-config",
            task(
                Level.ERROR,
                "Configuration file /freqtrade/user_data/config-prod.json not found",
                null)),
        row(
            "container_crash",
            "container-crash-missing-config",
            task(Level.ERROR, "KeyError: 'MLFLOW_TRACKING_URI'", "KeyError")),
        row(
            "lambda_timeout",
            "lambda-timeout-message",
            service(
                Level.INFO,
                "2026-11-27T10:00:31.100Z a3d0c6f4-5e1b-4c8a-9f2d-7b6e5d4c3b2a Task timed out after 30.03 seconds")),
        row(
            "lambda_timeout",
            "lambda-timeout-report-status",
            lambda(
                new LambdaFacts(
                    "REPORT", "r-1", 30000.0, 30000.0, 512, 140, null, "timeout", null, null,
                    null))),
        row(
            "lambda_timeout",
            "lambda-timeout-report-status",
            lambda(
                new LambdaFacts(
                    "INIT_REPORT",
                    null,
                    null,
                    null,
                    null,
                    null,
                    10009.13,
                    "timeout",
                    null,
                    null,
                    null))),
        row(
            "missing_dependency",
            "missing-dependency-message",
            task(
                Level.WARN, "Could not import strategy due to 'No module named 'lightgbm''", null)),
        row(
            "missing_dependency",
            "missing-dependency-message",
            service(Level.ERROR, "Error: Module not found: talib")),
        row(
            "missing_dependency",
            "missing-dependency-lambda-error-type",
            lambda(
                new LambdaFacts(
                    "INIT_REPORT",
                    null,
                    null,
                    null,
                    null,
                    null,
                    316.8,
                    "error",
                    "Runtime.ImportModuleError",
                    null,
                    null))),
        row(
            "access_denied",
            "access-denied-message",
            service(
                Level.ERROR,
                "An error occurred (AccessDeniedException)"
                    + " when calling the RunTask operation: User: arn:aws:sts::123456789012:assumed-role/consumer is not"
                    + " authorized to perform: ecs:RunTask")),
        row(
            "connection_timeout",
            "connection-timeout-message",
            task(
                Level.ERROR,
                "Connection to data-collection.tradai.local timed out. (connect timeout=10)",
                null)),
        row(
            "connection_refused",
            "connection-refused-message",
            service(Level.ERROR, "[Errno 111] Connection refused")),
        row(
            "service_unavailable",
            "service-unavailable-http-status",
            http(service(Level.ERROR, "GET /api/2.0/mlflow/experiments/list 503"), 503)),
        row(
            "service_unavailable",
            "service-unavailable-message",
            service(Level.WARN, "Health check degraded: mlflow returned 503 Service Unavailable")),
        row(
            "no_results",
            "no-results-message",
            task(
                Level.ERROR,
                "Backtest produced no result file in /freqtrade/user_data/backtest_results",
                null)),
        row(
            "no_results",
            "no-results-message",
            task(Level.INFO, "Backtest finished: 0 trades", null)),
        row(
            "image_pull_error",
            "image-pull-error-ecs-reason",
            ecs(
                "TaskFailedToStart",
                "CannotPullContainerError: pull image manifest has been retried 7 time(s): not found",
                null,
                null)),
        row(
            "image_pull_error",
            "image-pull-error-message",
            service(
                Level.ERROR,
                "RunTask failed: CannotPullContainerError: inspect image has been retried 5 time(s)")),
        row(
            "task_start_error",
            "task-start-error-stop-code",
            ecs(
                "TaskFailedToStart",
                "ResourceInitializationError: unable to pull secrets or registry auth",
                null,
                null)),
        row(
            "task_start_error",
            "task-start-error-message",
            service(Level.ERROR, "ResourceInitializationError: failed to validate logger args")),
        row(
            "task_interrupted",
            "task-interrupted-stop-code",
            ecs("SpotInterruption", "Your Spot Task was interrupted.", 143, null)),
        row(
            "task_stopped",
            "task-stopped-stop-code",
            ecs("UserInitiated", "Task stopped by user", 137, null)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("rows")
  void everyRunbookRow_isMatchedByItsRule_inItsCategory(
      String category, String ruleId, LogEvent line) {
    DiagnosisRules rules = DiagnosisRules.defaults();
    EvidenceRule rule =
        rules.categoryEvidence(category).stream()
            .filter(r -> r.id().equals(ruleId))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no rule " + ruleId + " in category " + category));

    assertThat(rule.matches(new Condition.Subject(line, true))).as(line.message()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notMemory")
  void wordsThatOnlyLookLikeAnOomKill_areNotMemoryEvidence(String message) {
    EvidenceRule bare =
        DiagnosisRules.defaults().categoryEvidence("oom").stream()
            .filter(r -> r.id().equals("oom-bare-words"))
            .findFirst()
            .orElseThrow();

    assertThat(bare.matches(new Condition.Subject(task(Level.INFO, message, null), true)))
        .isFalse();
  }

  static Stream<String> notMemory() {
    return Stream.of(
        "zoom meeting room booked", "Skilled worker killed the process tree", "boomerang", "moon");
  }

  private static Arguments row(String category, String ruleId, LogEvent line) {
    return Arguments.of(category, ruleId, line);
  }

  private static LogEvent task(Level level, String message, String errorType) {
    Facts facts =
        errorType == null
            ? Facts.NONE
            : new Facts(
                null,
                null,
                new Facts.ErrorFacts(errorType, message, null, false),
                List.of(),
                null,
                null,
                null,
                null);
    return Fixtures.event(
        "l",
        Fixtures.T0,
        "strategy",
        SourceKind.ECS_TASK,
        level,
        "tradai.runner",
        message,
        facts,
        TimelineId.Kind.JOB,
        "bt-1");
  }

  private static LogEvent service(Level level, String message) {
    return Fixtures.event(
        "l",
        Fixtures.T0,
        "backend",
        SourceKind.ECS_SERVICE,
        level,
        "tradai.backend",
        message,
        Facts.NONE,
        TimelineId.Kind.JOB,
        "bt-1");
  }

  private static LogEvent exit(LogEvent e, int code) {
    return e.withFacts(new Facts(null, null, null, List.of(), null, code, null, null), e.level());
  }

  private static LogEvent http(LogEvent e, int status) {
    return e.withFacts(
        new Facts(
            null,
            new Facts.HttpFacts("GET", "/x", status, null),
            null,
            List.of(),
            null,
            null,
            null,
            null),
        e.level());
  }

  private static LogEvent lambda(LambdaFacts facts) {
    return Fixtures.event(
        "l",
        Fixtures.T0,
        "sqs-consumer",
        SourceKind.LAMBDA,
        Level.INFO,
        null,
        facts.type() + " RequestId: r-1",
        new Facts(facts, null, null, List.of(), null, null, null, null),
        TimelineId.Kind.JOB,
        "bt-1");
  }

  private static LogEvent ecs(
      String stopCode, String stoppedReason, Integer exitCode, String containerReason) {
    EcsTaskFacts task =
        new EcsTaskFacts(
            ARN,
            null,
            "family:tradai-strategy-prod",
            "STOPPED",
            "STOPPED",
            stopCode,
            stoppedReason,
            List.of(new EcsContainer("strategy", exitCode, containerReason, "STOPPED")),
            "1024",
            "2048",
            null,
            null,
            null,
            null,
            5L);
    return Fixtures.event(
        "l",
        Fixtures.T0,
        "aws-events",
        SourceKind.EVENTS,
        Level.ERROR,
        null,
        "ECS task 4f1c STOPPED: " + stopCode + " - " + stoppedReason,
        new Facts(null, null, null, List.of(), null, exitCode, task, null),
        TimelineId.Kind.JOB,
        "bt-1");
  }
}

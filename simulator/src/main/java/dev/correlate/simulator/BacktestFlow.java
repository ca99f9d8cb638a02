package dev.correlate.simulator;

import static dev.correlate.simulator.LineFormats.fields;

import dev.correlate.simulator.Estate.Function;
import dev.correlate.simulator.Estate.LambdaFormat;
import dev.correlate.simulator.Estate.LogStream;
import java.util.List;
import java.util.Map;

/**
 * The steps of one backtest job, each writing the lines the real service writes at that point and
 * advancing the job's stage by what it wrote. Job scenarios ({@link BacktestStories}) are sequences
 * of these steps.
 *
 * <p>Who names what: backend lines name the correlation and job ids; the SQS consumer names them in
 * its application lines (its platform lines name nothing); the task stream names them only in the
 * runner's first line (unless told not to) and in the S3 path; Freqtrade's lines name nothing.
 * AWS's own events (EventBridge, in {@code /aws/events/tradai-<env>}): the task's state changes
 * name the job through the container overrides' {@code JOB_ID} (unless the consumer put none) and
 * belong to the task's timelines; an S3 object's key names the job.
 */
final class BacktestFlow {
  private static final List<String> STRATEGIES =
      List.of("MomentumV2", "MeanReversionRsi", "BreakoutAtr", "TrendFollowEma");
  private static final List<String> PAIRS =
      List.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "BNB/USDT", "XRP/USDT");
  private static final List<String> TIMEFRAMES = List.of("5m", "15m", "1h", "4h");

  private static final String ESSENTIAL_EXITED = "Essential container in task exited";

  /** How the SQS consumer's invocation goes. */
  enum Dispatch {
    STARTS_TASK,
    PLACES_NO_TASK,
    TIMES_OUT,
    OUT_OF_MEMORY,
    ACCESS_DENIED
  }

  private final StoryWriter w;
  private final Estate estate;
  final String correlationId;
  final String jobId;
  final String strategy;
  final String pair;
  final String timeframe;
  private final LogStream backend;
  private long t;
  private Stage stage;
  private String taskId;
  private long linkDelayMs;
  private long taskCreatedAt;
  private Long taskStartedAt;
  private long taskVersion;
  private boolean jobInOverrides = true;

  BacktestFlow(StoryWriter w, long start) {
    this(w, start, Ids.pick(w.rnd, STRATEGIES));
  }

  BacktestFlow(StoryWriter w, long start, String strategy) {
    this.w = w;
    this.estate = w.estate;
    this.t = start;
    this.correlationId = Ids.uuid(w.rnd);
    this.jobId = Ids.jobId(w.rnd);
    this.strategy = strategy;
    this.pair = Ids.pick(w.rnd, PAIRS);
    this.timeframe = Ids.pick(w.rnd, TIMEFRAMES);
    this.backend = Ids.pick(w.rnd, estate.backend);
  }

  Stage stage() {
    return stage;
  }

  /** The ECS task id, once the consumer started one. */
  String taskId() {
    return taskId;
  }

  /**
   * Delays the delivery of every line naming the task ARN (consumer and backend) by minutes, so the
   * task stream's batches arrive first.
   */
  void deliverTaskLinkLate() {
    linkDelayMs = w.pause(240_000, 300_000);
  }

  /** The consumer starts the task without a JOB_ID override: its state changes name no id. */
  void noJobInOverrides() {
    jobInOverrides = false;
  }

  // ---- backend: submission and status
  // -------------------------------------------------------------------

  /** {@code POST /api/v1/backtests}: submitted, then enqueued to SQS (queued), then 202. */
  void submit() {
    backendLine(
        "INFO",
        "tradai.backend.api",
        "POST /api/v1/backtests",
        fields(
            "correlation_id",
            correlationId,
            "method",
            "POST",
            "path",
            "/api/v1/backtests",
            "client_ip",
            "10.20." + w.rnd.nextInt(256) + "." + w.rnd.nextInt(256)),
        false);
    backendLine(
        "INFO",
        "tradai.backend.jobs",
        "Backtest job submitted",
        fields(
            "correlation_id",
            correlationId,
            "job_id",
            jobId,
            "strategy",
            strategy,
            "pairs",
            List.of(pair),
            "timeframe",
            timeframe,
            "timerange",
            "20240101-20240630"),
        true);
    reach(Stage.SUBMITTED);
    backendLine(
        "INFO",
        "tradai.backend.sqs",
        "Backtest job enqueued to SQS",
        fields(
            "correlation_id",
            correlationId,
            "job_id",
            jobId,
            "queue_url",
            "https://sqs."
                + estate.settings.region()
                + ".amazonaws.com/"
                + estate.settings.account()
                + "/tradai-backtest-jobs-"
                + estate.settings.env(),
            "message_id",
            Ids.uuid(w.rnd)),
        true);
    reach(Stage.QUEUED);
    backendLine(
        "INFO",
        "tradai.backend.api",
        "POST /api/v1/backtests 202",
        fields("correlation_id", correlationId, "status_code", 202, "duration_ms", w.pause(18, 95)),
        false);
  }

  /**
   * The runner's status callback: COMPLETED (with the result URI) or FAILED (at ERROR, with a
   * reason).
   */
  void statusUpdate(String status, String reason) {
    t += w.pause(80, 900);
    boolean failed = "FAILED".equals(status);
    backendLine(
        failed ? "ERROR" : "INFO",
        "tradai.backend.jobs",
        "Backtest job status updated",
        fields(
            "correlation_id",
            correlationId,
            "job_id",
            jobId,
            "status",
            status,
            "reason",
            reason,
            "result_uri",
            failed ? null : resultUri()),
        true);
    if ("COMPLETED".equals(status)) {
      reach(Stage.COMPLETED);
    }
  }

  /**
   * The task stops ({@code containerReason}: ECS's reason for the container, such as an OOM kill,
   * or null) and the backend's ECS event handler reports it, with the container's exit code.
   */
  void taskStopped(int exitCode, String containerReason) {
    taskEnds(exitCode, containerReason);
    t += w.pause(2_000, 20_000);
    backendLine(
        exitCode == 0 ? "INFO" : "ERROR",
        "tradai.backend.ecs_events",
        "ECS task stopped",
        fields(
            "correlation_id",
            correlationId,
            "job_id",
            jobId,
            "task_arn",
            estate.taskArn(taskId),
            "stop_code",
            "EssentialContainerExited",
            "stopped_reason",
            containerReason != null ? containerReason : ESSENTIAL_EXITED,
            "exit_code",
            exitCode),
        Tags.names(correlationId, jobId).namingTask(taskId));
  }

  /**
   * The essential container exits with {@code exitCode} ({@code containerReason}: ECS's reason,
   * such as an OOM kill, or null): ECS reports the task DEPROVISIONING, then STOPPED.
   */
  void taskEnds(int exitCode, String containerReason) {
    EventBridgeEvents.Stop stop =
        new EventBridgeEvents.Stop(
            "EssentialContainerExited", ESSENTIAL_EXITED, exitCode, containerReason);
    t += w.pause(500, 3_000);
    taskChange(t, "DEPROVISIONING", stop);
    taskChange(t + w.pause(20_000, 60_000), "STOPPED", stop);
  }

  /**
   * ECS cannot start the task ({@code stoppedReason}): PENDING, then STOPPED with
   * TaskFailedToStart.
   */
  void taskFailsToStart(String stoppedReason, boolean containerSaysSo) {
    t += w.pause(10_000, 30_000);
    taskChange(t, "PENDING", null);
    t += w.pause(5_000, 40_000);
    taskChange(
        t,
        "STOPPED",
        new EventBridgeEvents.Stop(
            "TaskFailedToStart", stoppedReason, null, containerSaysSo ? stoppedReason : null));
  }

  /**
   * EventBridge delivers the task's last state change a second time (at least once, as AWS says).
   */
  void lastTaskChangeDeliveredTwice() {
    Line last = w.lines().get(w.lines().size() - 1);
    w.write(last.stream(), last.timestamp() + w.pause(50, 1_500), last.message(), last.tags());
  }

  /** Time passes with nothing logged (a retry's visibility timeout, a long computation). */
  void passes(long minMs, long maxMs) {
    t += w.pause(minMs, maxMs);
  }

  /**
   * After three failed receives SQS moves the message to the DLQ; the backend's DLQ watcher fails
   * the job.
   */
  void movedToDeadLetterQueue() {
    t += w.pause(60_000, 180_000);
    backendLine(
        "ERROR",
        "tradai.backend.dlq",
        "Backtest job message moved to dead-letter queue after 3 receives",
        fields(
            "correlation_id",
            correlationId,
            "job_id",
            jobId,
            "status",
            "FAILED",
            "queue",
            "tradai-backtest-jobs-dlq-" + estate.settings.env()),
        true);
  }

  // ---- SQS consumer Lambda
  // ------------------------------------------------------------------------------

  /** The consumer receives the job's message and tries to start its ECS task. */
  void dispatch(LambdaFormat format, Dispatch outcome) {
    t += w.pause(300, 15_000);
    long delay = outcome == Dispatch.STARTS_TASK ? linkDelayMs : 0;
    LambdaInvocation inv = LambdaInvocation.begin(w, Function.SQS_CONSUMER, format, t, delay);
    Tags ids = Tags.names(correlationId, jobId);
    inv.print("Received 1 SQS record(s)");
    inv.log("INFO", "Processing backtest job " + jobId, ids, format == LambdaFormat.JSON);
    reach(Stage.DISPATCHED);
    String status = "success";
    String errorType = null;
    switch (outcome) {
      case STARTS_TASK -> {
        inv.log(
            "INFO",
            "Calling ecs:RunTask on cluster " + estate.cluster + " for " + jobId,
            Tags.names(null, jobId),
            false);
        inv.pause(400, 2_500);
        taskId = Ids.hex32(w.rnd);
        inv.log(
            "INFO",
            "Started ECS task " + estate.taskArn(taskId) + " for " + jobId,
            ids.namingTask(taskId),
            false);
        reach(Stage.TASK_STARTED);
        taskCreatedAt = inv.time();
        taskChange(taskCreatedAt + w.pause(150, 900), "PROVISIONING", null);
      }
      case PLACES_NO_TASK -> {
        inv.log(
            "INFO",
            "Calling ecs:RunTask on cluster " + estate.cluster + " for " + jobId,
            Tags.names(null, jobId),
            false);
        inv.pause(400, 2_500);
        inv.log(
            "WARNING",
            "RunTask placed no task for "
                + jobId
                + " (reason: RESOURCE:ENI); message will be"
                + " retried",
            ids,
            false);
      }
      case TIMES_OUT -> {
        inv.log("INFO", "Validating strategy bundle for " + jobId, Tags.names(null, jobId), false);
        inv.timeout();
        status = "timeout";
      }
      case OUT_OF_MEMORY -> {
        inv.log("INFO", "Loading strategy bundle for validation", Tags.NONE, false);
        inv.pause(2_000, 6_000);
        status = "error";
        errorType = "Runtime.OutOfMemory";
      }
      case ACCESS_DENIED -> {
        inv.pause(200, 900);
        inv.log(
            "ERROR",
            "Failed to start ECS task for "
                + jobId
                + ": An error occurred (AccessDeniedException)"
                + " when calling the RunTask operation: User: arn:aws:sts::"
                + estate.settings.account()
                + ":assumed-role/tradai-sqs-consumer-role-"
                + estate.settings.env()
                + "/"
                + estate.functionName(Function.SQS_CONSUMER)
                + " is not authorized to perform: ecs:RunTask on"
                + " resource: arn:aws:ecs:"
                + estate.settings.region()
                + ":"
                + estate.settings.account()
                + ":task-definition/tradai-strategy-"
                + estate.settings.env()
                + ":42 because no identity-based"
                + " policy allows the ecs:RunTask action",
            ids,
            false);
      }
    }
    t = inv.end(status, errorType);
  }

  // ---- the strategy task
  // ---------------------------------------------------------------------------------

  /**
   * The task is provisioned: the backend's ECS event handler names its ARN (RUNNING), and the
   * runner writes its first line, naming the job and correlation ids when {@code runnerNamesIds}.
   */
  void taskStarts(boolean runnerNamesIds) {
    t += w.pause(10_000, 30_000);
    taskChange(t, "PENDING", null);
    t += w.pause(15_000, 40_000);
    taskStartedAt = t;
    taskChange(t, "RUNNING", null);
    backendLine(
        "INFO",
        "tradai.backend.ecs_events",
        "ECS task state change",
        fields(
            "correlation_id",
            correlationId,
            "job_id",
            jobId,
            "task_arn",
            estate.taskArn(taskId),
            "last_status",
            "RUNNING"),
        Tags.names(correlationId, jobId).namingTask(taskId).delayedBy(linkDelayMs));
    t += w.pause(200, 3_000);
    if (runnerNamesIds) {
      runner(
          "INFO",
          "Starting backtest job_id="
              + jobId
              + " correlation_id="
              + correlationId
              + " strategy="
              + strategy,
          Tags.names(correlationId, jobId));
    } else {
      runner("INFO", "Starting backtest runner (strategy=" + strategy + ")", Tags.NONE);
    }
    reach(Stage.TASK_STARTED);
  }

  /**
   * Freqtrade starts: configuration and strategy resolution (the first Freqtrade lines: running).
   */
  void freqtradeStarts() {
    freqtrade("freqtrade.loggers", "INFO", "Verbosity set to 0");
    reach(Stage.RUNNING);
    freqtrade(
        "freqtrade.configuration.configuration",
        "INFO",
        "Using config: /freqtrade/user_data/config-" + estate.settings.env() + ".json ...");
    freqtrade("freqtrade.configuration.configuration", "INFO", "Using exchange binance");
    freqtrade(
        "freqtrade.configuration.configuration",
        "INFO",
        "Parameter --timerange detected: 20240101-20240630 ...");
  }

  /** The strategy resolves; indicators need a startup period. */
  void strategyLoads() {
    freqtrade(
        "freqtrade.resolvers.strategy_resolver",
        "INFO",
        "Using resolved strategy "
            + strategy
            + " from '/freqtrade/user_data/strategies/"
            + strategy
            + ".py'...");
    freqtrade(
        "freqtrade.data.history.history_utils", "INFO", "Using indicator startup period: 200 ...");
  }

  /** Market data is loaded and indicators computed. */
  void dataLoads() {
    freqtrade(
        "freqtrade.optimize.backtesting",
        "INFO",
        "Loading data from 2024-01-01 00:00:00 up to 2024-06-30 00:00:00 (181 days).");
    t += w.pause(1_000, 8_000);
    freqtrade(
        "freqtrade.optimize.backtesting", "INFO", "Dataload complete. Calculating indicators");
  }

  /** The backtest itself, minutes long. */
  void backtestRuns() {
    t += w.pause(2_000, 15_000);
    freqtrade(
        "freqtrade.optimize.backtesting", "INFO", "Running backtesting for Strategy " + strategy);
    freqtrade(
        "freqtrade.optimize.backtesting",
        "INFO",
        "Backtesting with data from 2024-01-01 00:00:00 up to 2024-06-30 00:00:00 (181 days).");
  }

  /** Freqtrade writes its result file locally. */
  void resultsDumped() {
    t += w.pause(60_000, 360_000);
    freqtrade(
        "freqtrade.misc",
        "INFO",
        "dumping json to \"/freqtrade/user_data/backtest_results/"
            + "backtest-result-"
            + LineFormats.pythonTime(t).substring(0, 19).replace(' ', '_').replace(':', '-')
            + ".json\"");
  }

  /** The runner uploads the results to S3 (results_written); the path names the job. */
  void resultsUploaded() {
    runner("INFO", "Uploading results to " + resultUri(), Tags.names(null, jobId));
    resultsCreated();
  }

  /**
   * The runner uploads the results without logging where: only S3's "Object Created" event says so.
   */
  void resultsUploadedSilently() {
    t += w.pause(20, 1_500);
    resultsCreated();
  }

  private void resultsCreated() {
    String eventId = Ids.uuid(w.rnd);
    long at = t + w.pause(100, 2_000);
    String etag = Ids.hex32(w.rnd);
    w.write(
        estate.awsEvent(eventId),
        at,
        EventBridgeEvents.s3ObjectCreated(
            estate, eventId, at, resultKey(), w.pause(20_000, 900_000), etag),
        Tags.names(null, jobId));
    reach(Stage.RESULTS_WRITTEN);
  }

  /** The runner's "finished" line (completed). */
  void runnerFinished() {
    runner("INFO", "Backtest " + jobId + " finished", Tags.names(null, jobId));
    reach(Stage.COMPLETED);
  }

  /** An ERROR line of the runner naming no id. */
  void runnerError(String message) {
    runner("ERROR", message, Tags.NONE.error(true));
  }

  /** An informational runner line naming no id. */
  void runnerInfo(String message) {
    runner("INFO", message, Tags.NONE);
  }

  /** A Freqtrade line naming no id; ERROR lines count as errors. */
  void freqtrade(String logger, String level, String message) {
    t += w.pause(5, 400);
    taskLine(
        LineFormats.pythonText(t, logger, level, message), Tags.NONE.error("ERROR".equals(level)));
  }

  /**
   * A traceback as the awslogs driver ships it: Freqtrade's "Fatal exception!" line, then one event
   * per traceback line with no prefix at all.
   */
  void traceback(List<String> lines) {
    freqtrade("freqtrade", "ERROR", "Fatal exception!");
    for (String line : lines) {
      t += w.pause(0, 1);
      taskLine(line, Tags.NONE);
    }
  }

  private void runner(String level, String message, Tags tags) {
    t += w.pause(20, 1_500);
    taskLine(LineFormats.pythonText(t, "tradai.runner", level, message), tags);
  }

  private void taskLine(String line, Tags tags) {
    w.write(estate.strategyTask(taskId), t, line, tags.inTask(taskId));
  }

  private String resultUri() {
    return "s3://" + estate.resultsBucket() + "/" + resultKey();
  }

  private String resultKey() {
    return "backtests/" + jobId + "/backtest-result.json";
  }

  /**
   * One "ECS Task State Change" of the job's task at {@code at}. It names the job when the
   * overrides carry it, and belongs to the task's timelines in any case; a task that failed to
   * start, or whose container exited non-zero, makes it an error.
   */
  private void taskChange(long at, String lastStatus, EventBridgeEvents.Stop stop) {
    String eventId = Ids.uuid(w.rnd);
    EventBridgeEvents.TaskChange change =
        new EventBridgeEvents.TaskChange(
            lastStatus,
            ++taskVersion,
            taskCreatedAt,
            taskStartedAt,
            stop,
            jobInOverrides ? jobId : null);
    boolean error =
        stop != null
            && ("TaskFailedToStart".equals(stop.stopCode())
                || stop.exitCode() != null && stop.exitCode() != 0);
    w.write(
        estate.awsEvent(eventId),
        at,
        EventBridgeEvents.ecsTaskStateChange(estate, eventId, at, taskId, change, strategy),
        Tags.names(null, jobInOverrides ? jobId : null)
            .inTask(taskId)
            .namingTask(taskId)
            .error(error));
    reach(Stage.TASK_STARTED);
  }

  private void backendLine(
      String level, String logger, String message, Map<String, Object> fields, boolean namesJob) {
    backendLine(level, logger, message, fields, Tags.names(correlationId, namesJob ? jobId : null));
  }

  private void backendLine(
      String level, String logger, String message, Map<String, Object> fields, Tags tags) {
    t += w.pause(3, 40);
    w.write(
        backend,
        t,
        LineFormats.pythonJson(t, level, logger, message, fields),
        tags.error("ERROR".equals(level)));
  }

  private void reach(Stage reached) {
    stage = reached.furthest(stage);
  }
}

package dev.correlate.simulator;

import dev.correlate.simulator.BacktestFlow.Dispatch;
import dev.correlate.simulator.Estate.LambdaFormat;
import java.util.List;

/**
 * One method per job scenario of {@link Scenario}, each a short sequence of {@link BacktestFlow}
 * steps. The consumer's log format is fixed where the scenario is about it (timeout: text;
 * Runtime.OutOfMemory, access denied, late link: JSON) and alternates between jobs elsewhere. Every
 * task that ends reports it through ECS's state changes (DEPROVISIONING, STOPPED, with the
 * container's exit code), as EventBridge delivers them.
 */
final class BacktestStories {
  private static final int RECEIVES_BEFORE_DLQ = 3;
  private static final String OOM_KILLED = "OutOfMemoryError: Container killed due to memory usage";

  private BacktestStories() {}

  static BacktestFlow tell(Scenario scenario, StoryWriter w, long start, LambdaFormat alternating) {
    return switch (scenario) {
      case COMPLETED -> completed(w, start, LambdaFormat.TEXT);
      case LATE_TASK_LINK -> lateTaskLink(w, start);
      case IN_PROGRESS, STUCK_RUNNING -> stillBacktesting(w, start, alternating);
      case OOM_TASK -> oomInTask(w, start, alternating);
      case OOM_LAMBDA ->
          consumerFailsRepeatedly(w, start, LambdaFormat.JSON, Dispatch.OUT_OF_MEMORY);
      case DATA_ERROR -> dataError(w, start, alternating);
      case STRATEGY_ERROR -> strategyError(w, start, alternating);
      case CONTAINER_CRASH -> containerCrash(w, start, alternating);
      case LAMBDA_TIMEOUT ->
          consumerFailsRepeatedly(w, start, LambdaFormat.TEXT, Dispatch.TIMES_OUT);
      case MISSING_DEPENDENCY -> missingDependency(w, start, alternating);
      case ACCESS_DENIED ->
          consumerThenSilence(w, start, LambdaFormat.JSON, Dispatch.ACCESS_DENIED);
      case CONNECTION_TIMEOUT -> dataCollectionTimesOut(w, start, alternating);
      case CONNECTION_REFUSED ->
          mlflowFails(
              w,
              start,
              alternating,
              true,
              "ConnectionError: HTTPConnectionPool(host='mlflow.tradai.local', port=5000): Max retries exceeded with"
                  + " url: /api/2.0/mlflow/runs/create (Caused by NewConnectionError('<urllib3.connection"
                  + ".HTTPConnection object at 0x7f1c9b2e4d90>: Failed to establish a new connection: [Errno 111]"
                  + " Connection refused'))");
      case SERVICE_UNAVAILABLE ->
          mlflowFails(
              w,
              start,
              alternating,
              false,
              "503 Server Error: Service Unavailable for url:"
                  + " http://mlflow.tradai.local:5000/api/2.0/mlflow/runs/create");
      case NO_RESULTS -> noResults(w, start, alternating);
      case NEVER_DISPATCHED -> submittedThenSilence(w, start);
      case NEVER_STARTED ->
          consumerThenSilence(w, start, LambdaFormat.JSON, Dispatch.PLACES_NO_TASK);
      case OOM_KILLED -> oomKilledSilently(w, start, alternating);
      case RESULTS_UNLOGGED -> resultsWithoutALogLine(w, start, alternating);
      case IMAGE_PULL_ERROR ->
          taskFailsToStart(
              w,
              start,
              alternating,
              "CannotPullContainerError: pull image manifest"
                  + " has been retried 7 time(s): failed to resolve ref "
                  + image(w)
                  + ": "
                  + image(w)
                  + ": not found",
              true);
      case TASK_START_ERROR ->
          taskFailsToStart(
              w,
              start,
              alternating,
              "ResourceInitializationError: unable to pull"
                  + " secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm:"
                  + " service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:"
                  + w.estate.settings.region()
                  + ":"
                  + w.estate.settings.account()
                  + ":secret:tradai/"
                  + w.estate.settings.env()
                  + "/exchange-keys-Ab12Cd from secrets manager: RequestCanceled: request context"
                  + " canceled caused by: context deadline exceeded. Please check your task network configuration.",
              false);
      default -> throw new IllegalArgumentException(scenario + " is not a job scenario");
    };
  }

  private static BacktestFlow completed(StoryWriter w, long start, LambdaFormat format) {
    return runsToCompletion(taskStarted(w, start, format));
  }

  private static BacktestFlow lateTaskLink(StoryWriter w, long start) {
    BacktestFlow job = new BacktestFlow(w, start);
    job.deliverTaskLinkLate();
    job.noJobInOverrides();
    job.submit();
    job.dispatch(LambdaFormat.JSON, Dispatch.STARTS_TASK);
    job.taskStarts(false);
    return runsToCompletion(job);
  }

  private static BacktestFlow stillBacktesting(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    indicatorsComputed(job);
    job.backtestRuns();
    return job;
  }

  private static BacktestFlow oomInTask(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    indicatorsComputed(job);
    job.traceback(
        List.of(
            "Traceback (most recent call last):",
            "  File \"/freqtrade/freqtrade/optimize/backtesting.py\", line 1488, in start",
            "    data, timerange = self.load_bt_data()",
            "  File \"/freqtrade/freqtrade/data/history/history_utils.py\", line 95, in load_data",
            "    result[pair] = load_pair_history(pair=pair, timeframe=timeframe, datadir=datadir,",
            "  File \"/usr/local/lib/python3.11/site-packages/pandas/core/reshape/concat.py\", line 395, in concat",
            "    return op.get_result()",
            "MemoryError: Unable to allocate 2.31 GiB for an array with shape (12, 25804800) and data type float64"));
    job.taskStopped(137, OOM_KILLED);
    job.statusUpdate("FAILED", "ECS task exited with code 137");
    return job;
  }

  /**
   * ECS kills the task for memory in the middle of the backtest; nothing but the task state change
   * says so.
   */
  private static BacktestFlow oomKilledSilently(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    indicatorsComputed(job);
    job.backtestRuns();
    job.passes(30_000, 120_000);
    job.taskEnds(137, OOM_KILLED);
    job.lastTaskChangeDeliveredTwice();
    return job;
  }

  /**
   * The run completes and uploads its results without a line naming them; the status callback is
   * not logged.
   */
  private static BacktestFlow resultsWithoutALogLine(
      StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    indicatorsComputed(job);
    job.backtestRuns();
    job.resultsDumped();
    job.resultsUploadedSilently();
    job.runnerFinished();
    job.taskEnds(0, null);
    return job;
  }

  /**
   * RunTask places the task, but ECS cannot start it ({@code reason}); no container ever writes a
   * line.
   */
  private static BacktestFlow taskFailsToStart(
      StoryWriter w, long start, LambdaFormat format, String reason, boolean containerSaysSo) {
    BacktestFlow job = new BacktestFlow(w, start);
    job.submit();
    job.dispatch(format, Dispatch.STARTS_TASK);
    job.taskFailsToStart(reason, containerSaysSo);
    return job;
  }

  private static String image(StoryWriter w) {
    return w.estate.settings.account()
        + ".dkr.ecr."
        + w.estate.settings.region()
        + ".amazonaws.com/tradai-strategy:v1.43.0-rc1";
  }

  private static BacktestFlow consumerFailsRepeatedly(
      StoryWriter w, long start, LambdaFormat format, Dispatch failure) {
    BacktestFlow job = new BacktestFlow(w, start);
    job.submit();
    for (int receive = 1; receive <= RECEIVES_BEFORE_DLQ; receive++) {
      job.dispatch(format, failure);
      job.passes(30_000, 45_000);
    }
    job.movedToDeadLetterQueue();
    return job;
  }

  private static BacktestFlow dataError(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    job.freqtradeStarts();
    job.strategyLoads();
    job.freqtrade(
        "freqtrade.data.history.history_utils",
        "WARNING",
        "No history for "
            + job.pair
            + ", spot, "
            + job.timeframe
            + " found. Use `freqtrade download-data` to download the data");
    job.freqtrade("freqtrade", "ERROR", "No data found. Terminating.");
    job.statusUpdate("FAILED", "insufficient data for " + job.pair + " " + job.timeframe);
    job.taskEnds(1, null);
    return job;
  }

  private static BacktestFlow strategyError(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    indicatorsComputed(job);
    job.traceback(
        List.of(
            "Traceback (most recent call last):",
            "  File \"/freqtrade/freqtrade/optimize/backtesting.py\", line 1507, in start",
            "    min_date, max_date = self.backtest_one_strategy(strat, data, timerange)",
            "  File \"/freqtrade/freqtrade/strategy/interface.py\", line 1391, in advise_all_indicators",
            "    return {pair: self.advise_indicators(pair_data.copy(), {'pair': pair}).copy()",
            "  File \"/freqtrade/user_data/strategies/"
                + job.strategy
                + ".py\", line 87, in populate_indicators",
            "    dataframe['rsi'] = ta.RSI(dataframe, timeperiod=self.rsi_period)",
            "AttributeError: '" + job.strategy + "' object has no attribute 'rsi_period'"));
    job.statusUpdate("FAILED", "strategy raised AttributeError");
    job.taskEnds(1, null);
    return job;
  }

  private static BacktestFlow containerCrash(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    job.runnerError(
        "Configuration file /freqtrade/user_data/config-"
            + w.estate.settings.env()
            + ".json not found");
    job.taskStopped(1, null);
    job.statusUpdate("FAILED", "ECS task exited with code 1");
    return job;
  }

  private static BacktestFlow missingDependency(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(new BacktestFlow(w, start, "LgbmSignal"), format);
    job.freqtradeStarts();
    job.freqtrade(
        "freqtrade.resolvers.iresolver",
        "WARNING",
        "Could not import /freqtrade/user_data/strategies/"
            + job.strategy
            + ".py due to 'No module named 'lightgbm''");
    job.freqtrade(
        "freqtrade",
        "ERROR",
        "Impossible to load Strategy '"
            + job.strategy
            + "'. This class does not"
            + " exist or contains Python code errors.");
    job.statusUpdate("FAILED", "strategy " + job.strategy + " could not be loaded");
    job.taskEnds(1, null);
    return job;
  }

  private static BacktestFlow dataCollectionTimesOut(
      StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    job.runnerInfo(
        "Downloading market data for " + job.pair + " " + job.timeframe + " from data-collection");
    job.passes(10_000, 10_100);
    job.runnerError(
        "Market data download failed: ConnectTimeout: HTTPConnectionPool(host='data-collection.tradai"
            + ".local', port=8002): Max retries exceeded with url: /ohlcv (Caused by ConnectTimeoutError(<urllib3"
            + ".connection.HTTPConnection object at 0x7f3a2c1d0e50>, 'Connection to data-collection.tradai.local"
            + " timed out. (connect timeout=10)'))");
    job.statusUpdate("FAILED", "market data download failed");
    job.taskEnds(1, null);
    return job;
  }

  /**
   * The backtest runs; registering the run in MLflow fails, after ({@code uploaded}) or before the
   * upload.
   */
  private static BacktestFlow mlflowFails(
      StoryWriter w, long start, LambdaFormat format, boolean uploaded, String error) {
    BacktestFlow job = taskStarted(w, start, format);
    indicatorsComputed(job);
    job.backtestRuns();
    job.resultsDumped();
    if (uploaded) {
      job.resultsUploaded();
    }
    job.runnerInfo("Registering run in MLflow at http://mlflow.tradai.local:5000");
    job.runnerError("MLflow run registration failed: " + error);
    job.statusUpdate("FAILED", "MLflow run registration failed");
    job.taskEnds(1, null);
    return job;
  }

  private static BacktestFlow noResults(StoryWriter w, long start, LambdaFormat format) {
    BacktestFlow job = taskStarted(w, start, format);
    indicatorsComputed(job);
    job.backtestRuns();
    job.passes(60_000, 240_000);
    job.runnerError("Backtest produced no result file in /freqtrade/user_data/backtest_results");
    job.statusUpdate("FAILED", "backtest produced no results");
    job.taskEnds(1, null);
    return job;
  }

  private static BacktestFlow submittedThenSilence(StoryWriter w, long start) {
    BacktestFlow job = new BacktestFlow(w, start);
    job.submit();
    return job;
  }

  private static BacktestFlow consumerThenSilence(
      StoryWriter w, long start, LambdaFormat format, Dispatch outcome) {
    BacktestFlow job = new BacktestFlow(w, start);
    job.submit();
    job.dispatch(format, outcome);
    return job;
  }

  /**
   * Submitted, dispatched, its task started and its runner announced the job: the common beginning.
   */
  private static BacktestFlow taskStarted(StoryWriter w, long start, LambdaFormat format) {
    return taskStarted(new BacktestFlow(w, start), format);
  }

  private static BacktestFlow taskStarted(BacktestFlow job, LambdaFormat format) {
    job.submit();
    job.dispatch(format, Dispatch.STARTS_TASK);
    job.taskStarts(true);
    return job;
  }

  /** Freqtrade started, the strategy resolved, data loaded and indicators computed. */
  private static void indicatorsComputed(BacktestFlow job) {
    job.freqtradeStarts();
    job.strategyLoads();
    job.dataLoads();
  }

  private static BacktestFlow runsToCompletion(BacktestFlow job) {
    indicatorsComputed(job);
    job.backtestRuns();
    job.resultsDumped();
    job.resultsUploaded();
    job.runnerFinished();
    job.statusUpdate("COMPLETED", null);
    job.taskEnds(0, null);
    return job;
  }
}

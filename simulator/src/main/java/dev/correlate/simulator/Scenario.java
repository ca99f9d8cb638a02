package dev.correlate.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The stories the simulator tells, one per situation of conventions.md. A job scenario is a
 * backtest from submission on; a request scenario is one call crossing backend → strategy-service →
 * data-collection; noise belongs to no timeline. Its {@link #id()} is what the ground truth
 * records.
 */
public enum Scenario {
  /**
   * Submitted, queued, dispatched, task started, Freqtrade ran, results in S3, status COMPLETED.
   */
  COMPLETED(Kind.JOB, null, Placement.ANY),
  /**
   * Completed, but the task stream names no correlation id and the lines naming the task ARN
   * (consumer, backend) are delivered minutes after the task stream's batches: the link arrives
   * late, across log groups.
   */
  LATE_TASK_LINK(Kind.JOB, null, Placement.ANY),
  /** Freqtrade is running and its last line is a few minutes old: {@code running}, not stuck. */
  IN_PROGRESS(Kind.JOB, null, Placement.RECENT),
  /**
   * A MemoryError traceback in the task, then the task stops with exit code 137: {@code oom} wins.
   */
  OOM_TASK(Kind.JOB, "oom", Placement.ANY),
  /**
   * The consumer Lambda (JSON log format) dies with {@code Runtime.OutOfMemory}; the message goes
   * to the DLQ.
   */
  OOM_LAMBDA(Kind.JOB, "oom", Placement.ANY),
  /** Freqtrade finds no history for the pair: "No data found". */
  DATA_ERROR(Kind.JOB, "data_error", Placement.ANY),
  /** The strategy raises; the traceback arrives as one event per line. */
  STRATEGY_ERROR(Kind.JOB, "strategy_error", Placement.ANY),
  /**
   * The runner misses its configuration and the essential container exits with code 1 right after
   * start.
   */
  CONTAINER_CRASH(Kind.JOB, "container_crash", Placement.ANY),
  /**
   * The consumer Lambda (text log format) hits "Task timed out after"; the message goes to the DLQ.
   */
  LAMBDA_TIMEOUT(Kind.JOB, "lambda_timeout", Placement.ANY),
  /** Freqtrade cannot import the strategy: "No module named". */
  MISSING_DEPENDENCY(Kind.JOB, "missing_dependency", Placement.ANY),
  /**
   * The consumer is not authorized to perform ecs:RunTask, then silence: access_denied beats
   * task_never_started.
   */
  ACCESS_DENIED(Kind.JOB, "access_denied", Placement.SILENT),
  /** The runner cannot reach data-collection: connect timeout. */
  CONNECTION_TIMEOUT(Kind.JOB, "connection_timeout", Placement.ANY),
  /** Results are written, then MLflow refuses the connection. */
  CONNECTION_REFUSED(Kind.JOB, "connection_refused", Placement.ANY),
  /** MLflow answers HTTP 503 while the run is registered. */
  SERVICE_UNAVAILABLE(Kind.JOB, "service_unavailable", Placement.ANY),
  /** Freqtrade ran but no result file was produced and nothing reached S3. */
  NO_RESULTS(Kind.JOB, "no_results", Placement.ANY),
  /** Queued, then silence: no consumer ever picked the message up. */
  NEVER_DISPATCHED(Kind.JOB, "task_never_started", Placement.SILENT),
  /** Dispatched, RunTask placed no task, then silence. */
  NEVER_STARTED(Kind.JOB, "task_never_started", Placement.SILENT),
  /** Freqtrade started backtesting, then silence. */
  STUCK_RUNNING(Kind.JOB, "stuck_running", Placement.SILENT),
  /**
   * ECS kills the task for memory (exit code 137, OutOfMemoryError) in the middle of the backtest;
   * no line says so, only the task state change (delivered twice), and nobody logs a status.
   */
  OOM_KILLED(Kind.JOB, "oom", Placement.ANY),
  /**
   * The run completes; its results reach S3 with no line naming them (only S3's event) and no
   * status line.
   */
  RESULTS_UNLOGGED(Kind.JOB, null, Placement.ANY),
  /**
   * RunTask places the task, ECS cannot pull its image: TaskFailedToStart,
   * CannotPullContainerError.
   */
  IMAGE_PULL_ERROR(Kind.JOB, "image_pull_error", Placement.ANY),
  /**
   * RunTask places the task, ECS cannot fetch its secrets: TaskFailedToStart,
   * ResourceInitializationError.
   */
  TASK_START_ERROR(Kind.JOB, "task_start_error", Placement.ANY),
  /** A request crossing backend → strategy-service → data-collection that succeeds. */
  REQUEST_OK(Kind.REQUEST, null, Placement.ANY),
  /**
   * data-collection is down: the strategy service gets "Connection refused", the backend answers
   * 502.
   */
  REQUEST_CONNECTION_REFUSED(Kind.REQUEST, "connection_refused", Placement.ANY),
  /** data-collection answers 503, the backend answers 503. */
  REQUEST_SERVICE_UNAVAILABLE(Kind.REQUEST, "service_unavailable", Placement.ANY),
  /** data-collection is too slow: read timeout in the strategy service, the backend answers 504. */
  REQUEST_CONNECTION_TIMEOUT(Kind.REQUEST, "connection_timeout", Placement.ANY),
  /**
   * The health-check Lambda (JSON log format) and the backend's /health line: no ids, no timeline.
   */
  HEALTH_CHECK(Kind.NOISE, null, Placement.ANY);

  /** What a scenario's story is about. */
  public enum Kind {
    JOB,
    REQUEST,
    NOISE
  }

  private final Kind kind;
  private final String category;
  private final Placement placement;

  Scenario(Kind kind, String category, Placement placement) {
    this.kind = kind;
    this.category = category;
    this.placement = placement;
  }

  /** The stable id written in the ground truth, for example {@code oom_task}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Kind kind() {
    return kind;
  }

  /** The failure category conventions.md assigns to this story, if it fails. */
  public Optional<String> category() {
    return Optional.ofNullable(category);
  }

  Placement placement() {
    return placement;
  }

  public static List<Scenario> ofKind(Kind kind) {
    return Arrays.stream(values()).filter(s -> s.kind == kind).toList();
  }

  /** Where in the simulated span a story may sit. */
  enum Placement {
    /** Anywhere, as long as it ends before now. */
    ANY,
    /**
     * Its last event at least 20 minutes before now, so that the 15-minute stuck threshold has
     * passed.
     */
    SILENT,
    /** Its last event a few minutes before now, within the stuck threshold. */
    RECENT
  }
}

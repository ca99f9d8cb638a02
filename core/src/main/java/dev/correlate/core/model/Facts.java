package dev.correlate.core.model;

import java.util.List;

/**
 * Typed facts recognized in a log line. Every part is null when the line says nothing of it.
 *
 * @param lambda a Lambda platform record (START, END, REPORT, INIT_REPORT, timeout)
 * @param http an HTTP request or response line
 * @param error an error: exception type and message, and the group of events a multi-line error spans
 * @param s3Paths S3 URIs mentioned (backtest results)
 * @param statusUpdate a job status written by the runner or backend ({@code COMPLETED}, {@code FAILED} …)
 * @param exitCode a container or process exit code mentioned
 */
public record Facts(LambdaFacts lambda, HttpFacts http, ErrorFacts error, List<String> s3Paths,
                    String statusUpdate, Integer exitCode) {
  public static final Facts NONE = new Facts(null, null, null, List.of(), null, null);

  public Facts {
    s3Paths = s3Paths == null ? List.of() : List.copyOf(s3Paths);
  }

  /** These facts with {@code error} in place of the error. */
  public Facts withError(ErrorFacts error) {
    return new Facts(lambda, http, error, s3Paths, statusUpdate, exitCode);
  }

  /**
   * A Lambda platform record.
   *
   * @param type START, END, REPORT, INIT_REPORT or TIMEOUT
   * @param status {@code success}, {@code timeout}, {@code error} …, from REPORT or platform.report
   * @param errorType for example {@code Runtime.OutOfMemory}
   * @param timeoutSeconds from "Task timed out after N seconds"
   */
  public record LambdaFacts(String type, String requestId, Double durationMs, Double billedDurationMs,
                            Integer memorySizeMb, Integer maxMemoryUsedMb, Double initDurationMs,
                            String status, String errorType, Double timeoutSeconds, String version) {}

  /** An HTTP exchange mentioned in a line. */
  public record HttpFacts(String method, String path, Integer status, Double latencyMs) {}

  /**
   * An error.
   *
   * @param type exception type, for example {@code MemoryError} or {@code java.net.ConnectException}
   * @param message the exception's message
   * @param groupId shared by every event of one multi-line error (the first event's id)
   * @param continuation whether this event continues an error begun by an earlier event
   */
  public record ErrorFacts(String type, String message, String groupId, boolean continuation) {}
}

package dev.correlate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import java.util.Locale;
import java.util.Objects;

/**
 * Which requests the query API writes to its access log (the logger {@code
 * dev.correlate.api.access}, one line per request) and in which format. One scoring run of a few
 * thousand API calls must not bury the stack's log, so the default logs only the requests that
 * failed; metrics count every request whatever this says.
 *
 * @param requests which requests are logged ({@code CORRELATE_ACCESS_LOG}: {@code off}, {@code
 *     errors}: status 400 and above, {@code all}; default {@code errors})
 * @param format the line's shape ({@code CORRELATE_ACCESS_LOG_FORMAT}: {@code json}, one object per
 *     line for log shippers, or {@code text} for people; default {@code json})
 */
public record AccessLog(Requests requests, Format format) {
  /** Which requests are logged. */
  public enum Requests {
    OFF,
    ERRORS,
    ALL
  }

  /** How a line looks. */
  public enum Format {
    JSON,
    TEXT
  }

  /** What is logged for one request. */
  record Entry(
      String at,
      String correlationId,
      String method,
      String path,
      String route,
      int status,
      double durationMs,
      String remote) {}

  public AccessLog {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(format, "format");
  }

  /** Failed requests only, as JSON. */
  public static AccessLog defaults() {
    return new AccessLog(Requests.ERRORS, Format.JSON);
  }

  /** Whether a request answered with {@code status} is logged. */
  boolean logs(int status) {
    return switch (requests) {
      case OFF -> false;
      case ERRORS -> status >= 400;
      case ALL -> true;
    };
  }

  /**
   * {@code entry} as one line: a JSON object ({@code at, correlation_id, method, path, route,
   * status, duration_ms, remote}), or {@code GET /api/v1/jobs/bt-1 404 3.2 ms correlation_id=…
   * remote=…} (the log pattern carries the time).
   */
  String line(Entry entry) {
    if (format == Format.TEXT) {
      return String.format(
          Locale.ROOT,
          "%s %s %d %.1f ms correlation_id=%s remote=%s",
          entry.method(),
          entry.path(),
          entry.status(),
          entry.durationMs(),
          entry.correlationId(),
          entry.remote());
    }
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("at", entry.at());
    line.put("correlation_id", entry.correlationId());
    line.put("method", entry.method());
    line.put("path", entry.path());
    line.put("route", entry.route());
    line.put("status", entry.status());
    line.put("duration_ms", Math.round(entry.durationMs() * 1000) / 1000.0);
    line.put("remote", entry.remote());
    return Json.writeString(line);
  }
}

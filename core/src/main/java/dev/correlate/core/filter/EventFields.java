package dev.correlate.core.filter;

import java.util.List;
import java.util.Set;

/**
 * Where a JSON pattern's selector points in an event document. A selector naming one of the event's
 * own properties ({@code $.level}, {@code $.service}, {@code $.facts.http.status}) reads that
 * property; anything else ({@code $.latency}, {@code $.order.id}) reads the line's structured
 * fields, kept under {@code fields} with dotted keys.
 */
public final class EventFields {
  public static final String FIELDS = "fields";

  private static final Set<String> OWN =
      Set.of(
          "event_id",
          "timestamp",
          "message_timestamp",
          "received_at",
          "log_group",
          "log_stream",
          "account",
          "region",
          "service",
          "environment",
          "source_kind",
          "level",
          "logger",
          "message",
          "correlation_ids",
          "job_ids",
          "lambda_request_id",
          "ecs_task_id",
          "ecs_task_arns",
          "xray_trace_id",
          "facts",
          "link");

  private EventFields() {}

  /**
   * The document field for a selector path: {@code level}, {@code facts.http.status} or {@code
   * fields.latency}.
   */
  public static String resolve(List<String> path) {
    String dotted = String.join(".", path);
    return OWN.contains(path.get(0)) ? dotted : FIELDS + "." + dotted;
  }
}

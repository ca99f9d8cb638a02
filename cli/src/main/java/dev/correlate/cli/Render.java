package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the API's JSON into text for people at a terminal: one lane (a column and a color) per
 * service, times relative to the timeline's start or to now, errors in red, every line cut to the
 * terminal width. Pure: width, colors and clock are given, so output is testable.
 */
final class Render {
  private static final String RESET = "\u001b[0m";
  private static final String RED = "\u001b[1;31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String GREEN = "\u001b[32m";
  private static final String DIM = "\u001b[2m";
  private static final String BOLD = "\u001b[1m";

  /** Lane colors, given to services in order of appearance. */
  private static final String[] LANES = {
    "\u001b[36m",
    "\u001b[35m",
    "\u001b[34m",
    "\u001b[33m",
    "\u001b[32m",
    "\u001b[96m",
    "\u001b[95m",
    "\u001b[94m"
  };

  private static final int SERVICE_WIDTH = 16;

  private final int width;
  private final boolean colors;
  private final Clock clock;
  private final Map<String, String> lanes = new LinkedHashMap<>();

  Render(int width, boolean colors, Clock clock) {
    this.width = width;
    this.colors = colors;
    this.clock = clock;
  }

  /**
   * A timeline response: a header from its summary, then its events with offsets from the first
   * event.
   */
  String timeline(JsonNode body) {
    StringBuilder out = new StringBuilder();
    JsonNode summary = body.get("summary");
    String title = body.get("kind").asText() + " " + body.get("id").asText();
    if (summary != null && !summary.isNull()) {
      out.append(
          line(
              paint(BOLD, title)
                  + "  "
                  + status(summary.get("status").asText())
                  + "  "
                  + summary.get("event_count").asLong()
                  + " events, "
                  + errors(summary.get("error_count").asLong())
                  + "  "
                  + summary.get("first_event_at").asText()
                  + " ("
                  + ago(summary.get("first_event_at").asText())
                  + "), lasted "
                  + duration(summary.get("duration_ms").asLong())));
      List<String> services = new ArrayList<>();
      summary.path("services").fieldNames().forEachRemaining(services::add);
      out.append(
          line("services: " + String.join(", ", services.stream().map(this::lane).toList())));
    } else {
      out.append(line(paint(BOLD, title) + "  (no summary yet)"));
    }
    out.append(events(body.get("events"), true));
    out.append(next(body));
    return out.toString();
  }

  /** A job: status and diagnosis, evidence, then the first page of its timeline. */
  String job(JsonNode job, JsonNode context, JsonNode timeline) {
    StringBuilder out = new StringBuilder();
    out.append(
        line(
            paint(BOLD, "job " + job.get("job_id").asText())
                + "  "
                + status(job.get("status").asText())
                + "  stage "
                + text(job, "stage")));
    out.append(
        line(
            "  first seen "
                + job.get("first_seen").asText()
                + " ("
                + ago(job.get("first_seen").asText())
                + ")   last seen "
                + ago(job.get("last_seen").asText())
                + "   lasted "
                + duration(job.get("duration_ms").asLong())
                + "   "
                + job.get("event_count").asLong()
                + " events, "
                + errors(job.get("error_count").asLong())));
    List<String> stages = new ArrayList<>();
    job.path("stages")
        .forEach(s -> stages.add(s.get("stage").asText() + " " + clockTime(s.get("at").asText())));
    out.append(line("  stages: " + (stages.isEmpty() ? "-" : String.join(" → ", stages))));
    out.append(
        line(
            "  services: "
                + String.join(", ", strings(job.path("services")).stream().map(this::lane).toList())
                + "   requests: "
                + String.join(", ", strings(job.path("correlation_ids")))));
    if (!strings(job.path("warnings")).isEmpty()) {
      out.append(
          line(paint(YELLOW, "  warnings: " + String.join(", ", strings(job.path("warnings"))))));
    }
    JsonNode failure = job.get("failure");
    if (failure != null && !failure.isNull()) {
      out.append(
          line(
              paint(
                  RED,
                  "diagnosis: " + text(failure, "category") + " — " + text(failure, "cause"))));
      out.append(line("  symptom:    " + text(failure, "symptom")));
      out.append(line("  resolution: " + text(failure, "resolution")));
      if (failure.hasNonNull("aws_reason")) {
        out.append(line("  AWS reason: " + paint(RED, text(failure, "aws_reason"))));
      }
      JsonNode first = failure.get("first_error");
      if (first != null && !first.isNull()) {
        out.append(
            line(
                "  first error: "
                    + lane(text(first, "service"))
                    + " "
                    + paint(RED, text(first, "message"))));
      }
      if (context != null && context.path("evidence").size() > 0) {
        out.append(line("evidence (in time order):"));
        context
            .get("evidence")
            .forEach(
                e ->
                    out.append(
                        line(
                            "  "
                                + clockTime(e.get("timestamp").asText())
                                + "  "
                                + pad(lane(text(e, "service")), text(e, "service"), SERVICE_WIDTH)
                                + "  "
                                + level(text(e, "level"))
                                + "  "
                                + message(e, text(e, "level")))));
      }
    } else {
      out.append(line("diagnosis: no failure"));
    }
    out.append(aws(job.get("context")));
    if (timeline != null) {
      out.append(line("timeline:"));
      out.append(events(timeline.get("events"), true));
      out.append(next(timeline));
    }
    return out.toString();
  }

  /**
   * What AWS and the submission say of the job: its ECS tasks (state, stop code, exit code, memory,
   * reason), its results, the submission's parameters, its Lambda requests, and the console links.
   * Links are printed whole on lines of their own, whatever the terminal width: a cut link opens
   * nothing.
   */
  private String aws(JsonNode context) {
    if (context == null || context.isNull()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            line(
                "aws: account "
                    + text(context, "account")
                    + "   region "
                    + text(context, "region")));
    for (JsonNode task : context.path("ecs_tasks")) {
      out.append(
          line(
              "  ECS task "
                  + text(task, "task_id")
                  + "  "
                  + text(task, "last_status")
                  + "  exit "
                  + text(task, "exit_code")
                  + "  "
                  + text(task, "memory")
                  + " MiB"));
      out.append(
          line(
              "    cluster "
                  + text(task, "cluster")
                  + "   stop code "
                  + text(task, "stop_code")
                  + "   cpu "
                  + text(task, "cpu")));
      if (task.hasNonNull("stopped_reason")) {
        out.append(line("    stopped reason: " + text(task, "stopped_reason")));
      }
      task.path("containers")
          .forEach(
              c -> {
                if (c.hasNonNull("reason")) {
                  out.append(
                      line(
                          "    container "
                              + text(c, "name")
                              + ": "
                              + paint(RED, text(c, "reason"))));
                }
              });
      if (task.hasNonNull("console_url")) {
        out.append("    ").append(task.get("console_url").asText()).append('\n');
      }
    }
    context
        .path("results")
        .forEach(
            r ->
                out.append(
                    line(
                        "  results: "
                            + text(r, "location")
                            + (r.hasNonNull("size")
                                ? " (" + r.get("size").asLong() + " bytes)"
                                : ""))));
    JsonNode sub = context.get("submission");
    if (sub != null && !sub.isNull()) {
      out.append(
          line(
              "  submission: strategy "
                  + text(sub, "strategy")
                  + "   pairs "
                  + String.join(",", strings(sub.path("pairs")))
                  + "   timeframe "
                  + text(sub, "timeframe")
                  + "   range "
                  + text(sub, "timerange")));
    }
    if (context.path("lambda_request_ids").size() > 0) {
      out.append(
          line(
              "  Lambda requests: "
                  + String.join(", ", strings(context.get("lambda_request_ids")))));
    }
    if (context.hasNonNull("logs_insights_url")) {
      out.append("  Logs Insights: ")
          .append(context.get("logs_insights_url").asText())
          .append('\n');
    }
    return out.toString();
  }

  /** A page of jobs as a table, newest first. */
  String jobs(JsonNode page) {
    StringBuilder out = new StringBuilder();
    String header =
        String.format(
            "%-24s %-10s %-16s %-20s %-10s %-9s %7s %6s",
            "JOB", "STATUS", "STAGE", "CATEGORY", "LAST SEEN", "DURATION", "EVENTS", "ERRORS");
    out.append(line(paint(BOLD, header)));
    for (JsonNode job : page.get("items")) {
      String status = job.get("status").asText();
      JsonNode failure = job.get("failure");
      String category = failure == null || failure.isNull() ? "-" : text(failure, "category");
      out.append(
          line(
              String.format("%-24s ", cut(job.get("job_id").asText(), 24))
                  + pad(status(status), status, 10)
                  + " "
                  + String.format(
                      "%-16s %-20s %-10s %-9s %7d %6d",
                      cut(text(job, "stage"), 16),
                      cut(category, 20),
                      ago(job.get("last_seen").asText()),
                      duration(job.get("duration_ms").asLong()),
                      job.get("event_count").asLong(),
                      job.get("error_count").asLong())));
    }
    if (page.get("items").isEmpty()) {
      out.append(line("no jobs match"));
    }
    out.append(next(page));
    return out.toString();
  }

  /** Search hits, newest first, with their absolute times. */
  String search(JsonNode page) {
    StringBuilder out = new StringBuilder();
    for (JsonNode e : page.get("events")) {
      out.append(
          line(
              paint(DIM, e.get("timestamp").asText())
                  + "  "
                  + pad(lane(text(e, "service")), text(e, "service"), SERVICE_WIDTH)
                  + "  "
                  + level(text(e, "level"))
                  + "  "
                  + message(e, text(e, "level"))));
    }
    if (page.get("events").isEmpty()) {
      out.append(line("no events match"));
    }
    out.append(next(page));
    return out.toString();
  }

  private String events(JsonNode events, boolean offsets) {
    StringBuilder out = new StringBuilder();
    for (JsonNode e : events) {
      String when =
          offsets && e.has("offset_ms")
              ? offset(e.get("offset_ms").asLong())
              : clockTime(e.get("timestamp").asText());
      out.append(
          line(
              String.format("%10s", when)
                  + "  "
                  + pad(lane(text(e, "service")), text(e, "service"), SERVICE_WIDTH)
                  + "  "
                  + level(text(e, "level"))
                  + "  "
                  + message(e, text(e, "level"))));
    }
    if (events.isEmpty()) {
      out.append(line("no events match"));
    }
    return out.toString();
  }

  private String next(JsonNode body) {
    JsonNode cursor = body.get("next_cursor");
    return cursor == null || cursor.isNull()
        ? ""
        : line(paint(DIM, "more: --cursor " + cursor.asText()));
  }

  // ---- pieces

  private String message(JsonNode e, String level) {
    String text = text(e, "message").replace("\r", "").replace("\n", " ⏎ ");
    return isError(level) ? paint(RED, text) : text;
  }

  private String level(String level) {
    String padded = String.format("%-5s", level);
    if (isError(level)) {
      return paint(RED, padded);
    }
    return "WARN".equals(level) ? paint(YELLOW, padded) : padded;
  }

  private String status(String status) {
    return switch (status) {
      case "failed", "error" -> paint(RED, status.toUpperCase(java.util.Locale.ROOT));
      case "stuck" -> paint(YELLOW, status.toUpperCase(java.util.Locale.ROOT));
      case "completed", "ok" -> paint(GREEN, status.toUpperCase(java.util.Locale.ROOT));
      default -> status.toUpperCase(java.util.Locale.ROOT);
    };
  }

  private String lane(String service) {
    String color = lanes.computeIfAbsent(service, s -> LANES[lanes.size() % LANES.length]);
    return paint(color, cut(service, SERVICE_WIDTH));
  }

  private String errors(long n) {
    String text = n + (n == 1 ? " error" : " errors");
    return n > 0 ? paint(RED, text) : text;
  }

  private String paint(String color, String text) {
    return colors ? color + text + RESET : text;
  }

  /**
   * Pads painted text to {@code width} visible characters ({@code plain} is its text without
   * colors).
   */
  private static String pad(String painted, String plain, int width) {
    int visible = Math.min(plain.length(), width);
    return painted + " ".repeat(Math.max(0, width - visible));
  }

  /** Cuts a line to the terminal width, counting visible characters only, so colors never break. */
  private String line(String text) {
    if (visibleLength(text) <= width) {
      return text + "\n";
    }
    StringBuilder out = new StringBuilder();
    int visible = 0;
    for (int i = 0; i < text.length() && visible < width - 1; i++) {
      if (text.charAt(i) == '\u001b') {
        int end = text.indexOf('m', i);
        out.append(text, i, end + 1);
        i = end;
      } else {
        out.append(text.charAt(i));
        visible++;
      }
    }
    return out.append('…').append(colors ? RESET : "").append('\n').toString();
  }

  private static int visibleLength(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\u001b') {
        i = text.indexOf('m', i);
      } else {
        n++;
      }
    }
    return n;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static boolean isError(String level) {
    return "ERROR".equals(level) || "FATAL".equals(level);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** {@code +0.250s}, {@code +12.000s}, {@code +3m05.2s}, {@code +2h04m}. */
  static String offset(long ms) {
    if (ms < 0) {
      return "-" + offset(-ms).substring(1);
    }
    if (ms < 60_000) {
      return String.format("+%d.%03ds", ms / 1000, ms % 1000);
    }
    if (ms < 3_600_000) {
      return String.format("+%dm%02d.%ds", ms / 60_000, (ms / 1000) % 60, (ms % 1000) / 100);
    }
    return String.format("+%dh%02dm", ms / 3_600_000, (ms / 60_000) % 60);
  }

  static String duration(long ms) {
    return offset(ms).substring(1);
  }

  /** {@code 12s ago}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}. */
  String ago(String iso) {
    try {
      long s = Duration.between(Instant.parse(iso), clock.instant()).toSeconds();
      if (s < 0) {
        return "in the future";
      }
      if (s < 60) {
        return s + "s ago";
      }
      if (s < 3600) {
        return s / 60 + "m ago";
      }
      return s < 86_400 ? s / 3600 + "h ago" : s / 86_400 + "d ago";
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** The time of day of an ISO instant, {@code 10:00:01.000}. */
  private static String clockTime(String iso) {
    int t = iso.indexOf('T');
    return t < 0 ? iso : iso.substring(t + 1).replace("Z", "");
  }
}

package dev.correlate.simulator;

import static dev.correlate.simulator.LineFormats.fields;

import dev.correlate.simulator.Estate.Function;
import dev.correlate.simulator.Estate.LambdaEnvironment;
import dev.correlate.simulator.Estate.LambdaFormat;
import java.util.Locale;
import java.util.Map;

/**
 * One Lambda invocation in one execution environment, in the environment's log format (ingest.md
 * §6.1–6.2): the init phase on a cold start, START (or {@code platform.start}), application lines,
 * and END + REPORT (or {@code platform.report}). Application lines name the ids they are given;
 * platform lines name none, so they belong to timelines only through the invocation.
 */
final class LambdaInvocation {
  private static final String RUNTIME = "python:3.12.v38";

  private final StoryWriter w;
  private final LambdaEnvironment env;
  private final String requestId;
  private final long deliveryDelayMs;
  private final boolean cold;
  private final double initMs;
  private final long started;
  private long t;

  private LambdaInvocation(StoryWriter w, LambdaEnvironment env, long at, long deliveryDelayMs) {
    this.w = w;
    this.env = env;
    this.requestId = Ids.uuid(w.rnd);
    this.deliveryDelayMs = deliveryDelayMs;
    this.cold = env.cold();
    this.initMs = cold ? w.pause(250_000, 900_000) / 1000.0 : 0;
    this.started = at + (long) initMs;
    this.t = started;
  }

  /**
   * Starts an invocation of {@code function} at {@code at} in an idle environment writing {@code
   * format}.
   */
  static LambdaInvocation begin(
      StoryWriter w, Function function, LambdaFormat format, long at, long deliveryDelayMs) {
    LambdaInvocation inv =
        new LambdaInvocation(w, w.estate.lambda(function, format, at), at, deliveryDelayMs);
    inv.platformStart(at);
    return inv;
  }

  long time() {
    return t;
  }

  void pause(long minMs, long maxMs) {
    t += w.pause(minMs, maxMs);
  }

  /**
   * An application log line at {@code level} (INFO, WARNING, ERROR) naming the ids in {@code
   * names}: in text format the ids not already in the message are appended as {@code key=value}; in
   * JSON format they are fields, or, with {@code nested}, fields of a JSON document carried as the
   * message string.
   */
  void log(String level, String message, Tags names, boolean nested) {
    pause(2, 60);
    String correlationId = names.correlationIds().isEmpty() ? null : names.correlationIds().get(0);
    String jobId = names.jobIds().isEmpty() ? null : names.jobIds().get(0);
    String line;
    if (env.format == LambdaFormat.TEXT) {
      StringBuilder text = new StringBuilder(message);
      if (jobId != null && !message.contains(jobId)) {
        text.append(" job_id=").append(jobId);
      }
      if (correlationId != null) {
        text.append(" correlation_id=").append(correlationId);
      }
      line = LineFormats.lambdaText(level, t, requestId, text.toString());
    } else {
      String jsonLevel = "WARNING".equals(level) ? "WARN" : level;
      Map<String, Object> ids = fields("correlationId", correlationId, "jobId", jobId);
      if (nested) {
        Map<String, Object> inner = fields("event", message);
        inner.putAll(ids);
        line =
            LineFormats.lambdaJson(
                t, jsonLevel, requestId, LineFormats.compactJson(inner), Map.of());
      } else {
        line = LineFormats.lambdaJson(t, jsonLevel, requestId, message, ids);
      }
    }
    write(line, names.error("ERROR".equals(level)));
  }

  /**
   * Raw stdout ({@code print}) in a text-format environment: no level, no request id, no ids at
   * all.
   */
  void print(String raw) {
    if (env.format == LambdaFormat.TEXT) {
      pause(1, 10);
      write(raw + "\n", Tags.NONE);
    }
  }

  /** The runtime's "Task timed out after" line when the function's timeout elapses. */
  void timeout() {
    t = Math.max(t, started + env.function.timeoutSeconds * 1000L + w.pause(10, 40));
    double seconds = (t - started) / 1000.0;
    write(
        LineFormats.isoTime(t)
            + " "
            + requestId
            + " Task timed out after "
            + String.format(Locale.ROOT, "%.2f", seconds)
            + " seconds\n",
        Tags.NONE.error(true));
  }

  /**
   * Ends the invocation: END and REPORT in text format, {@code platform.report} in JSON format.
   *
   * @param status {@code success}, {@code timeout} or {@code error}
   * @param errorType for example {@code Runtime.OutOfMemory}, or null
   * @return when the invocation ended
   */
  long end(String status, String errorType) {
    pause(1, 5);
    double duration = t - started + w.pause(0, 99) / 100.0;
    int memory = env.function.memoryMb;
    int maxUsed =
        "Runtime.OutOfMemory".equals(errorType) ? memory : (int) w.pause(58, memory * 2L / 5);
    boolean failed = !"success".equals(status);
    Tags tags = Tags.NONE.error(failed);
    if (env.format == LambdaFormat.TEXT) {
      write("END RequestId: " + requestId + "\n", Tags.NONE);
      StringBuilder report =
          new StringBuilder("REPORT RequestId: ")
              .append(requestId)
              .append(
                  String.format(
                      Locale.ROOT,
                      "\tDuration: %.2f ms\tBilled Duration: %d ms",
                      duration,
                      (long) Math.ceil(duration + initMs)))
              .append("\tMemory Size: ")
              .append(memory)
              .append(" MB\tMax Memory Used: ")
              .append(maxUsed)
              .append(" MB");
      if (cold) {
        report.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMs));
      }
      if (failed) {
        report.append("\tStatus: ").append(status);
        if (errorType != null) {
          report.append("\tError Type: ").append(errorType);
        }
        report.append('\n');
      } else {
        report.append("\t\n");
      }
      write(report.toString(), tags);
    } else {
      Map<String, Object> metrics =
          fields(
              "durationMs",
              duration,
              "billedDurationMs",
              (long) Math.ceil(duration + initMs),
              "memorySizeMB",
              memory,
              "maxMemoryUsedMB",
              maxUsed,
              "initDurationMs",
              cold ? initMs : null);
      write(
          LineFormats.lambdaPlatform(
              t,
              "platform.report",
              fields(
                  "requestId",
                  requestId,
                  "metrics",
                  metrics,
                  "status",
                  status,
                  "errorType",
                  errorType)),
          tags);
    }
    env.release(t);
    return t;
  }

  private void platformStart(long at) {
    String arn =
        "arn:aws:lambda:"
            + w.estate.settings.region()
            + ":"
            + w.estate.settings.account()
            + ":function:"
            + env.functionName;
    String runtimeArn =
        "arn:aws:lambda:"
            + w.estate.settings.region()
            + "::runtime:"
            + Ids.hex32(w.rnd)
            + Ids.hex32(w.rnd);
    if (env.format == LambdaFormat.TEXT) {
      if (cold) {
        writeAt(
            at,
            "INIT_START Runtime Version: "
                + RUNTIME
                + "\tRuntime Version ARN: "
                + runtimeArn
                + "\n");
      }
      writeAt(started, "START RequestId: " + requestId + " Version: $LATEST\n");
    } else {
      if (cold) {
        writeAt(
            at,
            LineFormats.lambdaPlatform(
                at,
                "platform.initStart",
                fields(
                    "initializationType",
                    "on-demand",
                    "phase",
                    "init",
                    "runtimeVersion",
                    RUNTIME,
                    "runtimeVersionArn",
                    runtimeArn,
                    "functionName",
                    env.functionName,
                    "functionVersion",
                    "$LATEST")));
      }
      writeAt(
          started,
          LineFormats.lambdaPlatform(
              started,
              "platform.start",
              fields("requestId", requestId, "functionArn", arn, "version", "$LATEST")));
    }
  }

  private void writeAt(long ts, String line) {
    // the init phase precedes START: it belongs to the environment, not to this invocation
    Tags tags =
        ts < started
            ? Tags.NONE.delayedBy(deliveryDelayMs)
            : Tags.NONE.inInvocation(requestId).delayedBy(deliveryDelayMs);
    w.write(env.stream, ts, line, tags);
  }

  private void write(String line, Tags tags) {
    w.write(env.stream, t, line, tags.inInvocation(requestId).delayedBy(deliveryDelayMs));
  }
}

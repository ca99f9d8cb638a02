package dev.correlate.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.model.Facts.LambdaFacts;
import dev.correlate.core.model.Level;
import java.util.Locale;

/**
 * Lambda's platform records, in the text format ({@code START RequestId: …}, {@code END}, {@code
 * REPORT} with its tab-separated metrics and optional {@code XRAY} line, {@code INIT_START}, {@code
 * INIT_REPORT}) and in the JSON format ({@code {"time", "type": "platform.…", "record": {…}}}).
 */
final class LambdaLines {
  private static final String START = "START RequestId: ";
  private static final String END = "END RequestId: ";
  private static final String REPORT = "REPORT RequestId: ";
  private static final String INIT_START = "INIT_START ";
  private static final String INIT_REPORT = "INIT_REPORT ";
  private static final String PLATFORM = "platform.";

  private LambdaLines() {}

  /** Recognizes a text platform line; fills facts, request id, trace id and level. */
  static boolean text(String line, Draft d) {
    switch (line.charAt(0)) {
      case 'S':
        if (line.startsWith(START)) {
          int idEnd = line.indexOf(' ', START.length());
          String id = line.substring(START.length(), idEnd < 0 ? line.length() : idEnd);
          String version = null;
          int v = line.indexOf("Version: ");
          if (v >= 0) {
            version = line.substring(v + "Version: ".length()).trim();
          }
          d.lambdaRequestId = requestId(id);
          d.lambda =
              new LambdaFacts(
                  "START",
                  d.lambdaRequestId,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  version);
          return true;
        }
        return false;
      case 'E':
        if (line.startsWith(END)) {
          d.lambdaRequestId = requestId(line.substring(END.length()).trim());
          d.lambda =
              new LambdaFacts(
                  "END", d.lambdaRequestId, null, null, null, null, null, null, null, null, null);
          return true;
        }
        return false;
      case 'R':
        if (line.startsWith(REPORT)) {
          report(line, d);
          return true;
        }
        return false;
      case 'I':
        if (line.startsWith(INIT_START)) {
          for (String part : line.substring(INIT_START.length()).split("\t", 8)) {
            int colon = part.indexOf(": ");
            if (colon > 0) {
              d.field(
                  "lambda." + snake(part.substring(0, colon)), part.substring(colon + 2).trim());
            }
          }
          d.lambda =
              new LambdaFacts(
                  "INIT_START", null, null, null, null, null, null, null, null, null, null);
          return true;
        }
        if (line.startsWith(INIT_REPORT)) {
          Metrics m = Metrics.of(line.substring(INIT_REPORT.length()));
          if (m.phase != null) {
            d.field("lambda.phase", m.phase);
          }
          d.lambda =
              new LambdaFacts(
                  "INIT_REPORT",
                  null,
                  null,
                  null,
                  null,
                  null,
                  m.initDuration,
                  m.status,
                  m.errorType,
                  null,
                  null);
          d.level = levelOf(m.status);
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  private static void report(String line, Draft d) {
    int tab = line.indexOf('\t');
    String id = line.substring(REPORT.length(), tab < 0 ? line.length() : tab).trim();
    Metrics m = Metrics.of(tab < 0 ? "" : line.substring(tab + 1));
    d.lambdaRequestId = requestId(id);
    d.lambda =
        new LambdaFacts(
            "REPORT",
            d.lambdaRequestId,
            m.duration,
            m.billed,
            m.memory,
            m.maxMemory,
            m.initDuration,
            m.status,
            m.errorType,
            null,
            null);
    if (m.traceId != null) {
      d.xrayTraceId = m.traceId;
    }
    d.level = levelOf(m.status);
  }

  /** Whether {@code node} is a JSON platform record. */
  static boolean isPlatformRecord(JsonNode node) {
    JsonNode type = node.get("type");
    return type != null && type.isTextual() && type.asText().startsWith(PLATFORM);
  }

  /** Reads a JSON platform record's facts, request id, trace id and level. */
  static void json(JsonNode node, Draft d) {
    String type = node.get("type").asText();
    String kind = upperSnake(type.substring(PLATFORM.length()));
    JsonNode record = node.path("record");
    JsonNode metrics = record.path("metrics");
    String requestId = requestId(textOrNull(record.get("requestId")));
    String status = textOrNull(record.get("status"));
    String errorType = textOrNull(record.get("errorType"));
    Double duration = number(metrics.get("durationMs"));
    Double init = number(metrics.get("initDurationMs"));
    if (kind.startsWith("INIT_") && !kind.equals("INIT_START")) {
      init = duration;
      duration = null;
    }
    String version = textOrNull(record.get("version"));
    if (version == null) {
      version = textOrNull(record.get("functionVersion"));
    }
    d.lambda =
        new LambdaFacts(
            kind,
            requestId,
            duration,
            number(metrics.get("billedDurationMs")),
            integer(metrics.get("memorySizeMB")),
            integer(metrics.get("maxMemoryUsedMB")),
            init,
            status,
            errorType,
            null,
            version);
    if (requestId != null) {
      d.lambdaRequestId = requestId;
    }
    String tracing = textOrNull(record.path("tracing").get("value"));
    if (tracing != null) {
      String trace = Ids.xrayRoot(tracing);
      if (trace != null) {
        d.xrayTraceId = trace;
      }
    }
    d.level = kind.equals("LOGS_DROPPED") ? Level.WARN : levelOf(status);
  }

  static Level levelOf(String status) {
    if (status == null) {
      return Level.INFO;
    }
    switch (status) {
      case "timeout":
      case "error":
      case "failure":
      case "crash":
        return Level.ERROR;
      default:
        return Level.INFO;
    }
  }

  /** A Lambda request id is a UUID; anything else in its place is not kept. */
  static String requestId(String s) {
    if (s == null || s.length() < 8 || s.length() > 64) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '-')) {
        return null;
      }
    }
    return s;
  }

  private static String upperSnake(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length() && i < 64; i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        b.append('_');
      }
      b.append(Character.toUpperCase(c));
    }
    return b.toString();
  }

  private static String snake(String words) {
    return words.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
  }

  private static String textOrNull(JsonNode n) {
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  private static Double number(JsonNode n) {
    return n != null && n.isNumber() ? n.asDouble() : null;
  }

  private static Integer integer(JsonNode n) {
    return n != null && n.isNumber() ? (int) n.asLong() : null;
  }

  /**
   * The {@code Key: value} parts of REPORT and INIT_REPORT lines, separated by tabs and newlines.
   */
  private static final class Metrics {
    Double duration;
    Double billed;
    Integer memory;
    Integer maxMemory;
    Double initDuration;
    String status;
    String errorType;
    String phase;
    String traceId;

    static Metrics of(String parts) {
      Metrics m = new Metrics();
      int start = 0;
      int n = parts.length();
      int count = 0;
      while (start < n && count++ < 32) {
        int end = start;
        while (end < n && parts.charAt(end) != '\t' && parts.charAt(end) != '\n') {
          end++;
        }
        m.part(parts.substring(start, end).trim());
        start = end + 1;
      }
      return m;
    }

    private void part(String part) {
      int colon = part.indexOf(": ");
      if (colon <= 0) {
        return;
      }
      String key = part.substring(0, colon);
      String value = part.substring(colon + 2).trim();
      switch (key) {
        case "Duration":
          duration = leadingNumber(value);
          break;
        case "Billed Duration":
          billed = leadingNumber(value);
          break;
        case "Memory Size":
          memory = toInt(leadingNumber(value));
          break;
        case "Max Memory Used":
          maxMemory = toInt(leadingNumber(value));
          break;
        case "Init Duration":
          initDuration = leadingNumber(value);
          break;
        case "Status":
          status = value;
          break;
        case "Error Type":
          errorType = value;
          break;
        case "Phase":
          phase = value;
          break;
        case "XRAY TraceId":
          traceId = Ids.isXrayTraceId(value) ? value : null;
          break;
        default:
          break;
      }
    }

    private static Integer toInt(Double d) {
      return d == null ? null : d.intValue();
    }

    private static Double leadingNumber(String value) {
      int end = 0;
      while (end < value.length()
          && end < 24
          && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.')) {
        end++;
      }
      if (end == 0) {
        return null;
      }
      try {
        return Double.parseDouble(value.substring(0, end));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}

package dev.correlate.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The line formats of conventions.md ("Line formats seen"), one method per format. Field order
 * follows the loggers that write them; JSON written by Python ({@code json.dumps}) keeps its {@code
 * ", "} and {@code ": "} separators, JSON written by the Lambda runtime is compact.
 */
final class LineFormats {
  private static final DateTimeFormatter PYTHON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter PYTHON = MAPPER.writer(new PythonSeparators());

  private LineFormats() {}

  /**
   * Key/value pairs in order; null values are left out, as the loggers' {@code extra} would not
   * have them.
   */
  static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return fields;
  }

  /** Python JSON logging (backend): asctime, levelname, name, message, then the extra fields. */
  static String pythonJson(
      long ts, String level, String logger, String message, Map<String, Object> extra) {
    Map<String, Object> line =
        fields("asctime", pythonTime(ts), "levelname", level, "name", logger, "message", message);
    line.putAll(extra);
    return write(PYTHON, line);
  }

  /**
   * structlog's JSONRenderer (strategy-service): timestamp, level (lower case), event, then the
   * fields.
   */
  static String structlog(
      long ts, String level, String logger, String event, Map<String, Object> extra) {
    Map<String, Object> line =
        fields(
            "timestamp",
            isoTime(ts),
            "level",
            level.toLowerCase(Locale.ROOT),
            "logger",
            logger,
            "event",
            event);
    line.putAll(extra);
    return write(PYTHON, line);
  }

  /** key=value text (data-collection): {@code <time> LEVEL [logger] k=v k=v}. */
  static String keyValue(long ts, String level, String logger, Map<String, Object> pairs) {
    StringBuilder line =
        new StringBuilder(pythonTime(ts))
            .append(' ')
            .append(level)
            .append(" [")
            .append(logger)
            .append(']');
    pairs.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    return line.toString();
  }

  /**
   * Python text logging (Freqtrade, the backtest runner): {@code <time> - logger - LEVEL -
   * message}.
   */
  static String pythonText(long ts, String logger, String level, String message) {
    return pythonTime(ts) + " - " + logger + " - " + level + " - " + message;
  }

  /** A Lambda Python application line in text format. */
  static String lambdaText(String level, long ts, String requestId, String message) {
    return "[" + level + "]\t" + isoTime(ts) + "\t" + requestId + "\t" + message + "\n";
  }

  /** A Lambda application line in JSON format. */
  static String lambdaJson(
      long ts, String level, String requestId, String message, Map<String, Object> extra) {
    Map<String, Object> line =
        fields(
            "timestamp",
            isoTime(ts),
            "level",
            level,
            "message",
            message,
            "logger",
            "root",
            "requestId",
            requestId);
    line.putAll(extra);
    return write(COMPACT, line) + "\n";
  }

  /**
   * A Lambda platform record in JSON format ({@code platform.start}, {@code platform.report} …).
   */
  static String lambdaPlatform(long ts, String type, Map<String, Object> record) {
    return write(COMPACT, fields("time", isoTime(ts), "type", type, "record", record)) + "\n";
  }

  /** Compact JSON of {@code value}, for a message that is itself JSON in a string. */
  static String compactJson(Map<String, Object> value) {
    return write(COMPACT, value);
  }

  static String isoTime(long ts) {
    return ISO_TIME.format(Instant.ofEpochMilli(ts));
  }

  static String pythonTime(long ts) {
    return PYTHON_TIME.format(Instant.ofEpochMilli(ts));
  }

  private static String write(ObjectWriter writer, Map<String, Object> line) {
    try {
      return writer.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("log line fields are strings and numbers", e);
    }
  }

  /**
   * {@code json.dumps} default separators: {@code ", "} between entries, {@code ": "} after keys.
   */
  private static final class PythonSeparators extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }
}

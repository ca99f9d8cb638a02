package dev.correlate.core.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts.ErrorFacts;
import dev.correlate.core.model.Facts.HttpFacts;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON lines: Python JSON logging, structlog, Lambda's JSON format (application lines and platform
 * records), and JSON nested as a string inside {@code message}. Fields are flattened with dotted
 * keys within the rules' limits; a document nested deeper than {@link Json#MAX_NESTING_DEPTH} is
 * not JSON to us and stays text.
 */
final class JsonLines {
  /**
   * Error keys, compared with the whole lower-case field name (Lambda's, structlog's, ECS
   * logging's).
   */
  private static final Set<String> ERROR_TYPE_KEYS =
      Set.of("errortype", "error_type", "exc_type", "error.type", "exception.type");

  private static final Set<String> ERROR_MESSAGE_KEYS =
      Set.of(
          "errormessage",
          "error_message",
          "exc_message",
          "error",
          "error.message",
          "exception.message");
  private static final Set<String> TRACEBACK_KEYS =
      Set.of(
          "exc_info", "exc_text", "exception", "stack_trace", "stacktrace", "traceback", "stack");
  private static final Set<String> METHOD_KEYS =
      Set.of("method", "http_method", "request_method", "httpmethod");
  private static final Set<String> PATH_KEYS =
      Set.of("path", "url", "route", "uri", "request_path", "endpoint");
  private static final Set<String> STATUS_CODE_KEYS =
      Set.of("status_code", "statuscode", "http_status", "response_status", "status");
  private static final Set<String> LATENCY_KEYS =
      Set.of("duration_ms", "latency_ms", "elapsed_ms", "response_time_ms", "process_time_ms");

  private final ParserRules rules;
  private final Ids ids;
  private final EventBridgeLines events;

  JsonLines(ParserRules rules, Ids ids) {
    this.rules = rules;
    this.ids = ids;
    this.events = new EventBridgeLines(rules, ids);
  }

  /** Whether {@code line} looks like one JSON object (cheap check before parsing). */
  static boolean looksLikeObject(String line) {
    return line.length() >= 2 && line.charAt(0) == '{' && line.charAt(line.length() - 1) == '}';
  }

  /**
   * The object {@code text} holds, or null when it is not a JSON object within the nesting bound.
   */
  static JsonNode object(String text) {
    try {
      JsonNode node = Json.mapper().readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  /** Reads a JSON line's level, logger, time, message, fields and the facts its fields state. */
  void read(JsonNode node, String line, Draft d, boolean lambdaSource) {
    if (LambdaLines.isPlatformRecord(node)) {
      LambdaLines.json(node, d);
      d.messageTimestamp = Timestamps.fromNode(node.get("time"));
      d.message = line;
      flatten(node, "", 0, d, null);
      scanFields(d, lambdaSource, false);
      return;
    }
    if (EventBridgeLines.isEvent(node)) {
      events.read(node, line, d);
      flatten(node, "", 0, d, null);
      scanFields(d, lambdaSource, false);
      return;
    }
    String messageKey = firstText(node, rules.json().message());
    d.message = messageKey == null ? line : ParseText.trimEnd(node.get(messageKey).asText());
    header(node, d);
    flatten(node, "", 0, d, messageKey);
    if (messageKey != null && looksLikeObject(d.message)) {
      JsonNode nested = object(d.message);
      if (nested != null) {
        String nestedKey = firstText(nested, rules.json().message());
        if (nestedKey != null) {
          d.message = ParseText.trimEnd(nested.get(nestedKey).asText());
        }
        String level = firstText(nested, rules.json().level());
        if (level != null) {
          rules.level(nested.get(level).asText()).ifPresent(l -> d.level = l);
        }
        if (d.logger == null) {
          String logger = firstText(nested, rules.json().logger());
          d.logger = logger == null ? null : ParseText.cut(nested.get(logger).asText(), 256);
        }
        flatten(nested, "", 0, d, nestedKey);
      }
    }
    scanFields(d, lambdaSource, true);
  }

  private void header(JsonNode node, Draft d) {
    String level = firstText(node, rules.json().level());
    if (level != null) {
      rules.level(lookup(node, level).asText()).ifPresent(l -> d.level = l);
    }
    String logger = firstText(node, rules.json().logger());
    if (logger != null) {
      d.logger = ParseText.cut(lookup(node, logger).asText(), 256);
    }
    for (String key : rules.json().timestamp()) {
      Long ts = Timestamps.fromNode(lookup(node, key));
      if (ts != null) {
        d.messageTimestamp = ts;
        break;
      }
    }
  }

  /**
   * Ids, Lambda request id, trace id, status, HTTP and error facts stated by the flattened fields.
   */
  private void scanFields(Draft d, boolean lambdaSource, boolean appLine) {
    String method = null;
    String path = null;
    Integer status = null;
    Double latency = null;
    String errorType = null;
    String errorMessage = null;
    String traceback = null;
    for (Map.Entry<String, String> e : d.fields.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      ids.field(key, value, d, lambdaSource);
      if (!appLine) {
        continue;
      }
      int dot = key.lastIndexOf('.');
      String last = (dot < 0 ? key : key.substring(dot + 1)).toLowerCase(Locale.ROOT);
      if (method == null && METHOD_KEYS.contains(last) && isHttpMethod(value)) {
        method = ParseText.upper(value);
      } else if (path == null
          && PATH_KEYS.contains(last)
          && !value.isEmpty()
          && (value.charAt(0) == '/' || value.startsWith("http"))) {
        path = ParseText.cut(value, 1024);
      } else if (status == null && STATUS_CODE_KEYS.contains(last)) {
        status = httpStatus(value);
      } else if (latency == null && LATENCY_KEYS.contains(last)) {
        latency = number(value);
      } else if (errorType == null && ERROR_TYPE_KEYS.contains(lower(key))) {
        errorType = value;
      } else if (errorMessage == null
          && ERROR_MESSAGE_KEYS.contains(lower(key))
          && !isFlag(value)) {
        errorMessage = value;
      } else if (traceback == null && TRACEBACK_KEYS.contains(last)) {
        traceback = value;
      }
    }
    if (method != null || path != null && status != null) {
      d.http = new HttpFacts(method, path, status, latency);
    }
    if (errorType != null || errorMessage != null) {
      d.error = Exceptions.facts(new String[] {errorType, errorMessage});
    } else if (traceback != null) {
      ErrorFacts fromTrace = Exceptions.fromTraceback(traceback);
      if (fromTrace != null) {
        d.error = fromTrace;
      }
    }
  }

  /** Flattens {@code node} into the draft's fields, skipping the top-level {@code skipKey}. */
  private void flatten(JsonNode node, String prefix, int depth, Draft d, String skipKey) {
    ParserRules.Limits limits = rules.limits();
    if (node.isArray()) {
      int index = 0;
      for (JsonNode item : node) {
        if (d.fields.size() >= limits.maxFields()) {
          d.droppedFields += node.size() - index;
          return;
        }
        put(prefix, Integer.toString(index++), item, depth, d, null, limits);
      }
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      put(prefix, e.getKey(), e.getValue(), depth, d, skipKey, limits);
    }
  }

  private void put(
      String prefix,
      String name,
      JsonNode value,
      int depth,
      Draft d,
      String skipKey,
      ParserRules.Limits limits) {
    if (depth == 0 && name.equals(skipKey)) {
      return;
    }
    String key = prefix.isEmpty() ? name : prefix + "." + name;
    if (value.isContainerNode()) {
      if (value.isEmpty()) {
        return;
      }
      if (depth + 1 >= limits.maxDepth() || key.length() > limits.maxKeyChars()) {
        d.field(key, value.toString());
      } else {
        flatten(value, key, depth + 1, d, null);
      }
    } else if (!value.isNull() && !value.isMissingNode()) {
      d.field(key, value.asText());
    }
  }

  /** The first of {@code keys} that {@code node} has as a text value. */
  private static String firstText(JsonNode node, List<String> keys) {
    for (String key : keys) {
      JsonNode v = lookup(node, key);
      if (v.isTextual()) {
        return key;
      }
    }
    return null;
  }

  /** A top-level key, or a dotted path into nested objects. */
  private static JsonNode lookup(JsonNode node, String key) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() && key.indexOf('.') > 0) {
      v = node;
      for (String part : key.split("\\.", 8)) {
        v = v.path(part);
      }
    }
    return v;
  }

  /** {@code "error": false} and the like say nothing of an error's message. */
  private static boolean isFlag(String value) {
    return value.isEmpty() || value.equals("true") || value.equals("false");
  }

  private static String lower(String key) {
    return key.toLowerCase(Locale.ROOT);
  }

  private static boolean isHttpMethod(String v) {
    switch (ParseText.upper(v)) {
      case "GET":
      case "POST":
      case "PUT":
      case "PATCH":
      case "DELETE":
      case "HEAD":
      case "OPTIONS":
        return true;
      default:
        return false;
    }
  }

  private static Integer httpStatus(String v) {
    if (v.length() != 3) {
      return null;
    }
    for (int i = 0; i < 3; i++) {
      if (!Character.isDigit(v.charAt(i))) {
        return null;
      }
    }
    int s = Integer.parseInt(v);
    return s >= 100 && s <= 599 ? s : null;
  }

  private static Double number(String v) {
    if (v.isEmpty() || v.length() > 24) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

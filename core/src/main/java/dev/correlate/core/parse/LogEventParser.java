package dev.correlate.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Facts.HttpFacts;
import dev.correlate.core.model.Facts.LambdaFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a raw CloudWatch event into a {@link LogEvent}: source (service, environment, kind,
 * account, region, ECS task), level, logger, message and in-message time, flattened fields,
 * correlation and job ids, Lambda request id, ECS task ARNs, X-Ray trace id and typed {@link
 * Facts}.
 *
 * <p>Formats: JSON lines (Python JSON logging, structlog, Lambda's JSON format with its platform
 * records, JSON nested as a string in {@code message}, EventBridge events with typed facts for ECS
 * task state changes and S3 object creations), Python text logging, key=value text, Lambda's text
 * format and any other text. What the rules do not cover is kept as text: the line is the message.
 *
 * <p>Never throws, and the work per event is bounded whatever the input: JSON nesting is capped by
 * {@link dev.correlate.core.json.Json}, fields by {@link ParserRules.Limits}, and text searches
 * look at most at {@code max_scan_chars} characters with expressions whose repetitions are all
 * bounded. Thread-safe; one instance can serve every stream thread.
 *
 * <p>Each event is parsed alone. Multi-line errors (tracebacks, stack traces) that span events of
 * one stream are joined afterwards by {@link MultilineErrors}.
 */
public final class LogEventParser {
  /** Field set when the message was cut: its original length in characters. */
  public static final String MESSAGE_LENGTH_FIELD = "@message.length";

  /** Field set when structured fields were dropped beyond the limit: how many. */
  public static final String DROPPED_FIELDS_FIELD = "@fields.dropped";

  /** Field naming the ECS container, from the awslogs log stream name. */
  public static final String CONTAINER_FIELD = "@ecs.container";

  /**
   * Field set when parsing failed unexpectedly: the failure's type. The event keeps its raw line.
   */
  public static final String PARSE_ERROR_FIELD = "@parse.error";

  private static final String TIMED_OUT = "Task timed out after ";
  private static final List<String> HTTP_METHODS =
      List.of("GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS ");

  /** An HTTP request and maybe its status and latency, matched where a method word starts. */
  private static final Pattern HTTP =
      Pattern.compile(
          "(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) {1,4}(/[^\\s\"?]{0,1024})(?:\\?[^\\s\"]{0,2048})?"
              + "(?: {1,4}HTTP/\\d(?:\\.\\d)?)?\"?(?: {0,4}(?:->|=>|-|:)? {0,4}([1-5]\\d\\d)(?![\\d.])"
              + "(?: {1,4}(?:[A-Za-z][A-Za-z ]{0,30} )?(?:in )?(\\d{1,9}(?:\\.\\d{1,6})?) ?ms\\b)?)?");

  private final ParserRules rules;
  private final Ids ids;
  private final JsonLines json;
  private final TextLines text;
  private final Source.Names.Cache names;

  /** A parser with TradAI's default rules. */
  public LogEventParser() {
    this(ParserRules.defaults());
  }

  public LogEventParser(ParserRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.ids = new Ids(rules);
    this.json = new JsonLines(rules, ids);
    this.text = new TextLines(rules);
    this.names = new Source.Names.Cache(rules);
  }

  /** The parsed event; never throws, whatever the message holds. */
  public LogEvent parse(RawLogEvent raw) {
    try {
      return parseChecked(raw);
    } catch (RuntimeException | StackOverflowError e) {
      return fallback(raw, e);
    }
  }

  private LogEvent parseChecked(RawLogEvent raw) {
    Source source = Source.of(raw, names);
    ParserRules.Limits limits = rules.limits();
    Draft d = new Draft(rules);
    String line = ParseText.trimEnd(raw.message());
    if (line.length() > limits.maxMessageChars()) {
      d.derived(MESSAGE_LENGTH_FIELD, Integer.toString(line.length()));
      line = ParseText.cut(line, limits.maxMessageChars());
    }
    boolean lambdaSource = source.kind() == SourceKind.LAMBDA;
    JsonNode node = JsonLines.looksLikeObject(line.strip()) ? JsonLines.object(line) : null;
    if (node != null) {
      json.read(node, line, d, lambdaSource);
    } else {
      text.read(line, d);
    }
    if (d.message.length() > limits.maxMessageChars()) {
      d.message = ParseText.cut(d.message, limits.maxMessageChars());
    }

    String scan = ParseText.cut(line, limits.maxScanChars());
    ids.scan(scan, d);
    messageFacts(ParseText.cut(d.message, limits.maxScanChars()), d);

    if (source.container() != null) {
      d.derived(CONTAINER_FIELD, source.container());
    }
    if (d.droppedFields > 0) {
      d.derived(DROPPED_FIELDS_FIELD, Integer.toString(d.droppedFields));
    }
    return new LogEvent(
        raw.eventId(),
        raw.timestamp(),
        d.messageTimestamp,
        raw.receivedAt(),
        source.logGroup(),
        raw.logStream(),
        d.account != null ? d.account : source.account(),
        d.region != null ? d.region : source.region(),
        source.service(),
        source.environment(),
        source.kind(),
        d.level,
        d.logger,
        d.message,
        d.fields,
        d.list(d.correlationIds),
        d.list(d.jobIds),
        d.lambdaRequestId,
        source.ecsTaskId() != null ? source.ecsTaskId() : d.ecsTaskId,
        d.list(d.ecsTaskArns),
        d.xrayTraceId,
        d.facts(),
        null);
  }

  /** Facts read from the message text: Lambda timeouts, HTTP exchanges, exceptions. */
  private void messageFacts(String message, Draft d) {
    int timedOut = message.indexOf(TIMED_OUT);
    if (timedOut >= 0 && (d.lambda == null || !"REPORT".equals(d.lambda.type()))) {
      Double seconds = leadingNumber(message, timedOut + TIMED_OUT.length());
      d.lambda =
          new LambdaFacts(
              "TIMEOUT",
              d.lambdaRequestId,
              null,
              null,
              null,
              null,
              null,
              "timeout",
              null,
              seconds,
              null);
      d.level = Level.ERROR;
    }
    if (d.http == null && d.lambda == null && message.indexOf('/') >= 0) {
      d.http = http(message);
    }
    if (d.error == null && d.lambda == null) {
      boolean errorLevel = d.level != null && d.level.isError();
      d.error = Exceptions.find(message, errorLevel);
    }
  }

  /** The first HTTP request the text mentions (a method word not inside another word), or null. */
  private static HttpFacts http(String text) {
    HttpFacts[] first = new HttpFacts[1];
    int[] firstAt = {Integer.MAX_VALUE};
    for (String method : HTTP_METHODS) {
      Ids.at(
          text,
          method,
          true,
          HTTP,
          m -> {
            if (m.start() < firstAt[0]) {
              firstAt[0] = m.start();
              Integer status = m.group(3) == null ? null : Integer.valueOf(m.group(3));
              Double latency = m.group(4) == null ? null : Double.valueOf(m.group(4));
              first[0] = new HttpFacts(m.group(1), m.group(2), status, latency);
            }
          });
    }
    return first[0];
  }

  private static Double leadingNumber(String s, int from) {
    int end = from;
    while (end < s.length()
        && end - from < 16
        && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
      end++;
    }
    try {
      return end == from ? null : Double.valueOf(s.substring(from, end));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The line as its own message, when parsing failed in a way the rules did not foresee. */
  private LogEvent fallback(RawLogEvent raw, Throwable failure) {
    String message =
        ParseText.cut(ParseText.trimEnd(raw.message()), rules.limits().maxMessageChars());
    return new LogEvent(
        raw.eventId(),
        raw.timestamp(),
        null,
        raw.receivedAt(),
        raw.logGroup(),
        raw.logStream(),
        raw.owner(),
        null,
        raw.logGroup(),
        null,
        SourceKind.OTHER,
        Level.INFO,
        null,
        message,
        Map.of(PARSE_ERROR_FIELD, failure.getClass().getSimpleName()),
        List.of(),
        List.of(),
        null,
        null,
        List.of(),
        null,
        Facts.NONE,
        null);
  }
}

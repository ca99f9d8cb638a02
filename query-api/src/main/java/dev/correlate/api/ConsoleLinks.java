package dev.correlate.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links into the AWS console, in the shapes the console itself writes into its address bar:
 *
 * <ul>
 *   <li>a log event: {@code
 *       …/cloudwatch/home?region=<r>#logsV2:log-groups/log-group/<group>/log-events/<stream>
 *       $3Fstart$3D<ms>}, names percent-encoded twice with {@code %} written {@code $} ({@code /}
 *       is {@code $252F});
 *   <li>Logs Insights: {@code …#logsV2:logs-insights$3FqueryDetail$3D<criteria>}, the criteria a
 *       rison-like {@code
 *       ~(end~'…~start~'…~timeType~'ABSOLUTE~tz~'UTC~editorString~'…~isLiveTail~false~source~(~'…))}
 *       whose punctuation is form-encoded twice ({@code ~} is {@code $257E}) and whose values once,
 *       {@code %} written {@code *} ({@code /} is {@code *2F});
 *   <li>an ECS task: {@code
 *       https://<r>.console.aws.amazon.com/ecs/v2/clusters/<cluster>/tasks/<task id>}.
 * </ul>
 *
 * A link is only made for a well-formed region: the region comes from the data (ARNs, EventBridge
 * events), and must not be able to point a link at another host.
 */
final class ConsoleLinks {
  /**
   * Logs Insights reads at most this many log groups per query, and a link must stay short enough
   * to open.
   */
  static final int MAX_QUERY_LOG_GROUPS = 20;

  /** Ids a query filters on, at most. */
  static final int MAX_QUERY_IDS = 12;

  /** How far before the first and after the last event the Logs Insights range reaches. */
  static final long MARGIN_MS = 5 * 60_000L;

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+){1,2}-\\d{1,2}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'.000Z'").withZone(ZoneOffset.UTC);

  private ConsoleLinks() {}

  /** The console page of one log event, opened at its time. */
  static Optional<String> logEvent(
      String region, String logGroup, String logStream, long timestamp) {
    if (!valid(region) || logGroup == null || logStream == null) {
      return Optional.empty();
    }
    return Optional.of(
        cloudWatch(region)
            + "#logsV2:log-groups/log-group/"
            + twice(logGroup)
            + "/log-events/"
            + twice(logStream)
            + once("?")
            + "start"
            + once("=")
            + timestamp);
  }

  /**
   * Logs Insights over {@code logGroups} from {@code startMs} to {@code endMs}, the query filled
   * in.
   */
  static Optional<String> logsInsights(
      String region, List<String> logGroups, String query, long startMs, long endMs) {
    if (!valid(region) || logGroups.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder detail =
        new StringBuilder(punctuation("~("))
            .append("end")
            .append(punctuation("~'"))
            .append(value(ISO_SECONDS.format(Instant.ofEpochMilli(endMs))))
            .append(punctuation("~start~'"))
            .append(value(ISO_SECONDS.format(Instant.ofEpochMilli(startMs))))
            .append(punctuation("~timeType~'"))
            .append("ABSOLUTE")
            .append(punctuation("~tz~'"))
            .append("UTC")
            .append(punctuation("~editorString~'"))
            .append(value(query))
            .append(punctuation("~isLiveTail~"))
            .append("false")
            .append(punctuation("~source~("));
    logGroups.stream()
        .limit(MAX_QUERY_LOG_GROUPS)
        .forEach(g -> detail.append(punctuation("~'")).append(value(g)));
    detail.append(punctuation("))"));
    return Optional.of(
        cloudWatch(region)
            + "#logsV2:logs-insights"
            + once("?")
            + "queryDetail"
            + once("=")
            + detail);
  }

  /** The ECS console page of a task. */
  static Optional<String> ecsTask(String region, String cluster, String taskId) {
    if (!valid(region)
        || cluster == null
        || taskId == null
        || !NAME.matcher(cluster).matches()
        || !NAME.matcher(taskId).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "https://"
            + region
            + ".console.aws.amazon.com/ecs/v2/clusters/"
            + cluster
            + "/tasks/"
            + taskId);
  }

  /**
   * A Logs Insights query for everything of one job: lines naming any of its ids (job id,
   * correlation ids, Lambda request ids, ECS task ids, which EventBridge events name in their ARNs)
   * or written in one of its tasks' streams, oldest first. Ids are tokens of {@code
   * [A-Za-z0-9._:-]}; dots are escaped for the regex.
   */
  static String query(List<String> ids, List<String> taskIds) {
    List<String> terms = new ArrayList<>();
    ids.stream().limit(MAX_QUERY_IDS).forEach(id -> terms.add(id.replace(".", "\\.")));
    String filter = "@message like /" + String.join("|", terms) + "/";
    if (!taskIds.isEmpty()) {
      filter +=
          " or @logStream like /"
              + String.join("|", taskIds.stream().limit(MAX_QUERY_IDS).toList())
              + "/";
    }
    return "fields @timestamp, @log, @logStream, @message\n| filter "
        + filter
        + "\n| sort @timestamp asc\n"
        + "| limit 10000";
  }

  static long queryStart(long firstEventAt) {
    return firstEventAt - MARGIN_MS;
  }

  static long queryEnd(long lastEventAt) {
    return lastEventAt + MARGIN_MS;
  }

  private static boolean valid(String region) {
    return region != null && REGION.matcher(region).matches();
  }

  private static String cloudWatch(String region) {
    return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region;
  }

  /**
   * Percent-encoded once, {@code %} written {@code $}: the console's punctuation of its fragment.
   */
  private static String once(String s) {
    return percent(s).replace('%', '$');
  }

  /** Percent-encoded twice, {@code %} written {@code $}: log group and stream names. */
  private static String twice(String s) {
    return percent(percent(s)).replace('%', '$');
  }

  /**
   * Form-encoded twice, {@code %} written {@code $}: the Insights criteria's punctuation ({@code ~}
   * too).
   */
  private static String punctuation(String s) {
    return form(form(s)).replace('%', '$');
  }

  /** A criteria value: form-encoded once, {@code %} written {@code *}. */
  private static String value(String s) {
    return form(s).replace('%', '*');
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding: everything but {@code A-Z a-z 0-9 - . _ ~}, as UTF-8 bytes. */
  private static String percent(String s) {
    StringBuilder b = new StringBuilder(s.length() * 3);
    for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        b.append((char) c);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}

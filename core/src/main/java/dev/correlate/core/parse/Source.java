package dev.correlate.core.parse;

import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.parse.ParserRules.LogGroupRule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * Where an event came from: the origin's log group, account and region (from the centralization
 * fields {@code @aws.account}, {@code @aws.region} and {@code @source.log} when present, else the
 * envelope), and what the log group and log stream names say of service, environment, source kind,
 * ECS task and container.
 */
record Source(
    String logGroup,
    String account,
    String region,
    String service,
    String environment,
    SourceKind kind,
    String ecsTaskId,
    String container) {

  static final String ACCOUNT = "@aws.account";
  static final String REGION = "@aws.region";
  static final String SOURCE_LOG = "@source.log";

  /**
   * The source of {@code raw}; {@code names} gives what the origin's log group and stream names
   * say.
   */
  static Source of(RawLogEvent raw, Names.Cache names) {
    Map<String, String> extracted = raw.extractedFields();
    String account = nonBlank(extracted.get(ACCOUNT));
    String region = nonBlank(extracted.get(REGION));
    String logGroup = raw.logGroup();
    String sourceLog = nonBlank(extracted.get(SOURCE_LOG));
    if (sourceLog != null) {
      // seen both as "/log/group" and as "<account>:/log/group"
      int colon = sourceLog.indexOf(':');
      if (colon == 12 && sourceLog.substring(0, 12).chars().allMatch(Character::isDigit)) {
        if (account == null) {
          account = sourceLog.substring(0, 12);
        }
        sourceLog = sourceLog.substring(13);
      }
      if (!sourceLog.isEmpty()) {
        logGroup = sourceLog;
      }
    }
    if (account == null) {
      account = nonBlank(raw.owner());
    }
    Names n = names.get(logGroup, raw.logStream());
    return new Source(
        logGroup,
        account,
        region,
        n.service(),
        n.environment(),
        n.kind(),
        n.ecsTaskId(),
        n.container());
  }

  /** What a log group and log stream name say, by the rules. */
  record Names(
      String service, String environment, SourceKind kind, String ecsTaskId, String container) {

    static Names of(String logGroup, String stream, ParserRules rules) {
      String service = logGroup;
      String environment = null;
      SourceKind kind = null;
      for (LogGroupRule rule : rules.logGroups()) {
        Matcher m = rule.pattern().matcher(logGroup);
        if (m.find()) {
          kind = rule.kind();
          String s = rule.service() != null ? rule.service() : group(m, "service");
          service = s == null ? logGroup : s;
          environment = group(m, "env");
          break;
        }
      }
      String taskId = null;
      String container = null;
      Matcher ecs = rules.ecsStream().matcher(stream);
      if (ecs.matches()) {
        taskId = ecs.group("task");
        container = group(ecs, "container");
        if (kind == null) {
          kind = SourceKind.ECS_SERVICE;
        }
      } else if (kind == null && rules.lambdaStream().matcher(stream).matches()) {
        kind = SourceKind.LAMBDA;
      }
      return new Names(
          service, environment, kind == null ? SourceKind.OTHER : kind, taskId, container);
    }

    /**
     * Names by log group and stream, remembered: a stream's events arrive together, and the rules'
     * expressions need not run for each. Bounded: past {@link #MAX_ENTRIES} streams it starts
     * afresh. Thread-safe.
     */
    static final class Cache {
      static final int MAX_ENTRIES = 8192;
      private final ParserRules rules;
      private final ConcurrentHashMap<String, Names> byStream = new ConcurrentHashMap<>();

      Cache(ParserRules rules) {
        this.rules = rules;
      }

      Names get(String logGroup, String stream) {
        String key = logGroup + '|' + stream;
        Names names = byStream.get(key);
        if (names == null) {
          names = of(logGroup, stream, rules);
          if (byStream.size() >= MAX_ENTRIES) {
            byStream.clear();
          }
          byStream.put(key, names);
        }
        return names;
      }
    }
  }

  private static String group(Matcher m, String name) {
    try {
      return nonBlank(m.group(name));
    } catch (IllegalArgumentException noSuchGroup) {
      return null;
    }
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

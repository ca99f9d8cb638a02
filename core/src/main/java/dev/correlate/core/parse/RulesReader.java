package dev.correlate.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.parse.ParserRules.IdRule;
import dev.correlate.core.parse.ParserRules.JsonKeys;
import dev.correlate.core.parse.ParserRules.Limits;
import dev.correlate.core.parse.ParserRules.LogGroupRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads parser rules from YAML: overrides are merged key by key over the shipped defaults, then
 * every value is validated and compiled. Errors name the key, for example {@code
 * log_groups[2].pattern}.
 */
final class RulesReader {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> GROUP_RULE_KEYS = Set.of("pattern", "kind", "service");
  private static final Set<String> LOG_GROUP_NAMES = Set.of("service", "env");
  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  private RulesReader() {}

  static JsonNode defaultsTree() {
    try (InputStream in = ParserRules.class.getResourceAsStream(ParserRules.DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + ParserRules.DEFAULTS_RESOURCE);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ParserRules.DEFAULTS_RESOURCE, e);
    }
  }

  /** The defaults with {@code overrides} (may be null) merged over them, validated. */
  static ParserRules read(JsonNode defaults, InputStream overrides) {
    JsonNode tree = defaults.deepCopy();
    if (overrides != null) {
      JsonNode override;
      try {
        override = YAML.readTree(overrides);
      } catch (IOException e) {
        throw new IllegalArgumentException("parser rules: not valid YAML: " + e.getMessage(), e);
      }
      if (override != null && !override.isMissingNode() && !override.isNull()) {
        if (!override.isObject()) {
          throw new IllegalArgumentException("parser rules: the file must be a mapping of keys");
        }
        merge((ObjectNode) tree, override, "");
      }
    }
    return build(tree);
  }

  private static void merge(ObjectNode target, JsonNode override, String path) {
    for (Map.Entry<String, JsonNode> e : override.properties()) {
      String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode existing = target.get(e.getKey());
      if (existing == null) {
        throw bad(key, "unknown key");
      }
      if (existing.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) existing, e.getValue(), key);
      } else {
        target.set(e.getKey(), e.getValue());
      }
    }
  }

  private static ParserRules build(JsonNode t) {
    List<LogGroupRule> groups = new ArrayList<>();
    JsonNode groupNodes = list(t, "log_groups");
    for (int i = 0; i < groupNodes.size(); i++) {
      String key = "log_groups[" + i + "]";
      JsonNode g = groupNodes.get(i);
      if (!g.isObject()) {
        throw bad(key, "must be a mapping with pattern and kind");
      }
      g.fieldNames()
          .forEachRemaining(
              name -> {
                if (!GROUP_RULE_KEYS.contains(name)) {
                  throw bad(key + "." + name, "unknown key");
                }
              });
      Pattern pattern = regex(g, "pattern", key + ".pattern");
      Matcher named = NAMED_GROUP.matcher(pattern.pattern());
      while (named.find()) {
        if (!LOG_GROUP_NAMES.contains(named.group(1))) {
          throw bad(
              key + ".pattern",
              "group names must be exactly service and env, not " + named.group(1));
        }
      }
      String service = g.has("service") ? text(g, "service", key + ".service") : null;
      if (service != null && pattern.pattern().contains("(?<service>")) {
        throw bad(
            key + ".service", "give either a fixed service or the named group service, not both");
      }
      groups.add(
          new LogGroupRule(pattern, kind(text(g, "kind", key + ".kind"), key + ".kind"), service));
    }
    JsonNode streams = object(t, "log_streams");
    Pattern lambda = regex(streams, "lambda", "log_streams.lambda");
    Pattern ecs = regex(streams, "ecs", "log_streams.ecs");
    if (!ecs.pattern().contains("(?<task>")) {
      throw bad("log_streams.ecs", "must capture the ECS task id as the named group task");
    }
    JsonNode ids = object(t, "ids");
    int maxIds = positive(ids, "max_per_event", "ids.max_per_event");
    return new ParserRules(
        groups,
        lambda,
        ecs,
        idRule(object(ids, "correlation"), "ids.correlation"),
        idRule(object(ids, "job"), "ids.job"),
        strings(ids, "lambda_request_id_keys", "ids.lambda_request_id_keys"),
        maxIds,
        levels(object(t, "levels")),
        jsonKeys(object(t, "json")),
        upperSet(strings(t, "status_words", "status_words")),
        limits(object(t, "limits")),
        awsEvents(object(t, "aws_events")));
  }

  private static ParserRules.AwsEvents awsEvents(JsonNode n) {
    return new ParserRules.AwsEvents(
        new LinkedHashSet<>(strings(n, "job_id_env", "aws_events.job_id_env")),
        new LinkedHashSet<>(strings(n, "correlation_id_env", "aws_events.correlation_id_env")),
        withJobGroup(
            regex(n, "started_by_job", "aws_events.started_by_job"), "aws_events.started_by_job"),
        withJobGroup(regex(n, "s3_key_job", "aws_events.s3_key_job"), "aws_events.s3_key_job"));
  }

  private static Pattern withJobGroup(Pattern pattern, String key) {
    if (!pattern.pattern().contains("(?<job>")) {
      throw bad(key, "must capture the job id as the named group job");
    }
    return pattern;
  }

  private static IdRule idRule(JsonNode n, String key) {
    List<String> jsonKeys = strings(n, "json_keys", key + ".json_keys");
    List<String> textKeys = strings(n, "text_keys", key + ".text_keys");
    Set<String> lower = new LinkedHashSet<>();
    jsonKeys.forEach(k -> lower.add(k.toLowerCase(Locale.ROOT)));
    for (int i = 0; i < textKeys.size(); i++) {
      if (!textKeys.get(i).matches("[A-Za-z0-9_.@-]{1,64}")) {
        throw bad(key + ".text_keys[" + i + "]", "must be 1-64 characters of [A-Za-z0-9_.@-]");
      }
    }
    Pattern pattern = regex(n, "pattern", key + ".pattern");
    List<String> bareSources = strings(n, "bare", key + ".bare");
    List<Pattern> bare = new ArrayList<>();
    for (int i = 0; i < bareSources.size(); i++) {
      bare.add(compile(bareSources.get(i), key + ".bare[" + i + "]"));
    }
    return new IdRule(lower, textKeys, pattern, bare);
  }

  private static Map<String, Level> levels(JsonNode n) {
    Map<String, Level> words = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String key = "levels." + e.getKey();
      // the keys are the defaults' (merge rejects any other), so each names a level
      Level level = Level.valueOf(e.getKey());
      for (String word : strings(n, e.getKey(), key)) {
        Level previous = words.put(word.toUpperCase(Locale.ROOT), level);
        if (previous != null && previous != level) {
          throw bad(key, "the word '" + word + "' is also listed under " + previous);
        }
        if (word.length() > 16) {
          throw bad(key, "level words are at most 16 characters: '" + word + "'");
        }
      }
    }
    return words;
  }

  private static JsonKeys jsonKeys(JsonNode n) {
    return new JsonKeys(
        strings(n, "message_keys", "json.message_keys"),
        strings(n, "level_keys", "json.level_keys"),
        strings(n, "timestamp_keys", "json.timestamp_keys"),
        strings(n, "logger_keys", "json.logger_keys"));
  }

  private static Limits limits(JsonNode n) {
    Limits limits =
        new Limits(
            positive(n, "max_fields", "limits.max_fields"),
            positive(n, "max_key_chars", "limits.max_key_chars"),
            positive(n, "max_value_chars", "limits.max_value_chars"),
            positive(n, "max_depth", "limits.max_depth"),
            positive(n, "max_message_chars", "limits.max_message_chars"),
            positive(n, "max_scan_chars", "limits.max_scan_chars"));
    if (limits.maxDepth() > 32) {
      throw bad("limits.max_depth", "must be at most 32");
    }
    return limits;
  }

  private static Set<String> upperSet(List<String> words) {
    Set<String> upper = new LinkedHashSet<>();
    words.forEach(w -> upper.add(w.toUpperCase(Locale.ROOT)));
    return upper;
  }

  private static SourceKind kind(String value, String key) {
    try {
      return SourceKind.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw bad(key, "not a source kind (LAMBDA, ECS_SERVICE, ECS_TASK, EVENTS, OTHER): " + value);
    }
  }

  private static JsonNode object(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    if (n == null || !n.isObject()) {
      throw bad(name, "must be a mapping");
    }
    return n;
  }

  private static JsonNode list(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    if (n == null || !n.isArray()) {
      throw bad(name, "must be a list");
    }
    return n;
  }

  private static List<String> strings(JsonNode parent, String name, String key) {
    JsonNode n = parent.get(name);
    if (n == null || !n.isArray()) {
      throw bad(key, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode item = n.get(i);
      if (!item.isTextual() || item.asText().isEmpty()) {
        throw bad(key + "[" + i + "]", "must be a non-empty string");
      }
      out.add(item.asText());
    }
    return out;
  }

  private static String text(JsonNode parent, String name, String key) {
    JsonNode n = parent.get(name);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw bad(key, "must be a non-empty string");
    }
    return n.asText();
  }

  private static int positive(JsonNode parent, String name, String key) {
    JsonNode n = parent.get(name);
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
      throw bad(key, "must be a positive integer");
    }
    return n.asInt();
  }

  private static Pattern regex(JsonNode parent, String name, String key) {
    return compile(text(parent, name, key), key);
  }

  private static Pattern compile(String source, String key) {
    try {
      return Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      throw bad(key, "not a valid regular expression: " + e.getDescription());
    }
  }

  private static IllegalArgumentException bad(String key, String why) {
    return new IllegalArgumentException("parser rules: " + key + ": " + why);
  }
}

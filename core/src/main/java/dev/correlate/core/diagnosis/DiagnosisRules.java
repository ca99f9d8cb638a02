package dev.correlate.core.diagnosis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.correlate.core.model.TimelineId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Diagnosis as data: the evidence of each lifecycle stage, of a failed job and of a finished run,
 * the failure categories with their evidence, cause, resolution and precedence, and the fallback
 * category of each symptom. TradAI's defaults ship as {@value #DEFAULT_RESOURCE}; a file given by
 * {@code CORRELATE_DIAGNOSIS_RULES} replaces them. The schema is documented in docs/operations.md
 * ("Diagnosis rules").
 *
 * <p>Immutable and thread-safe. A file that does not validate throws {@link
 * IllegalArgumentException} naming the offending rule, so a service stops at start-up rather than
 * diagnose with half its rules.
 */
public final class DiagnosisRules {
  public static final String DEFAULT_RESOURCE = "correlate/diagnosis-rules.yaml";

  /** Symptoms of failed jobs that may name a fallback category. */
  static final List<String> FAILED_SYMPTOMS =
      List.of(
          Diagnoser.TASK_NEVER_STARTS, Diagnoser.STOPS_IMMEDIATELY, Diagnoser.RUNS_WITHOUT_RESULTS);

  /** Symptoms of stuck jobs that may name a fallback category. */
  static final List<String> STUCK_SYMPTOMS =
      List.of(Diagnoser.TASK_NEVER_STARTS, Diagnoser.STUCK_IN_RUNNING);

  private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final List<String> TOP_KEYS =
      List.of("version", "stages", "failed", "run_end", "categories", "fallbacks");
  private static final List<String> RULE_KEYS = List.of("id", "when", "requires");
  private static final List<String> CATEGORY_KEYS =
      List.of(
          "category",
          "priority",
          "fatal",
          "applies_to",
          "cause",
          "resolution",
          "resolutions",
          "evidence");
  private static final List<String> RESOLUTION_KEYS = List.of("when", "resolution");
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final DiagnosisRules DEFAULTS = loadDefaults();

  private final Map<Stage, List<EvidenceRule>> stageEvidence;
  private final List<EvidenceRule> failed;
  private final List<EvidenceRule> runEnd;
  private final List<FailureCategory> categories;
  private final Map<String, List<EvidenceRule>> categoryEvidence;
  private final Map<String, String> failedFallbacks;
  private final Map<String, String> stuckFallbacks;

  private DiagnosisRules(
      Map<Stage, List<EvidenceRule>> stageEvidence,
      List<EvidenceRule> failed,
      List<EvidenceRule> runEnd,
      List<FailureCategory> categories,
      Map<String, List<EvidenceRule>> categoryEvidence,
      Map<String, String> failedFallbacks,
      Map<String, String> stuckFallbacks) {
    this.stageEvidence = stageEvidence;
    this.failed = failed;
    this.runEnd = runEnd;
    this.categories = categories;
    this.categoryEvidence = categoryEvidence;
    this.failedFallbacks = failedFallbacks;
    this.stuckFallbacks = stuckFallbacks;
  }

  /** TradAI's defaults, shipped in core. */
  public static DiagnosisRules defaults() {
    return DEFAULTS;
  }

  /**
   * Reads a rules file that replaces the defaults; unreadable or invalid throws
   * IllegalArgumentException.
   */
  public static DiagnosisRules load(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "diagnosis rules " + path + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, path.toString());
  }

  /** Parses rules from YAML text; {@code source} names it in error messages. */
  static DiagnosisRules parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "diagnosis rules " + source + ": not valid YAML: " + e.getMessage(), e);
    }
    try {
      return new Reader().read(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("diagnosis rules " + source + ": " + e.getMessage(), e);
    }
  }

  /** The failure categories, most specific (lowest priority) first. */
  public List<FailureCategory> categories() {
    return categories;
  }

  public Optional<FailureCategory> category(String id) {
    return categories.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  List<EvidenceRule> stageEvidence(Stage stage) {
    return stageEvidence.getOrDefault(stage, List.of());
  }

  List<EvidenceRule> failedEvidence() {
    return failed;
  }

  List<EvidenceRule> runEndEvidence() {
    return runEnd;
  }

  List<EvidenceRule> categoryEvidence(String category) {
    return categoryEvidence.getOrDefault(category, List.of());
  }

  /**
   * The category of a failed ({@code failed == true}) or stuck job with {@code symptom} and no
   * evidence.
   */
  Optional<String> fallback(boolean failed, String symptom) {
    return Optional.ofNullable((failed ? failedFallbacks : stuckFallbacks).get(symptom));
  }

  private static DiagnosisRules loadDefaults() {
    try (InputStream in =
        DiagnosisRules.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Walks the YAML tree, validating as it goes; every message names the rule or category and its
   * path.
   */
  private static final class Reader {
    private final Set<String> ruleIds = new HashSet<>();

    DiagnosisRules read(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("the file must be a map with keys " + TOP_KEYS);
      }
      onlyKeys(root, TOP_KEYS, "top level");
      JsonNode version = root.get("version");
      if (version == null || !version.isInt() || version.intValue() != 1) {
        throw new IllegalArgumentException("version: must be 1");
      }
      Map<Stage, List<EvidenceRule>> stages = new EnumMap<>(Stage.class);
      JsonNode stagesNode = root.get("stages");
      if (stagesNode != null) {
        if (!stagesNode.isObject()) {
          throw new IllegalArgumentException("stages: must be a map of stage to evidence rules");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = stagesNode.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          Stage stage =
              Stage.fromId(entry.getKey())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "stages: unknown stage '"
                                  + entry.getKey()
                                  + "' (known: "
                                  + stageIds()
                                  + ")"));
          stages.put(stage, rules(entry.getValue(), "stages." + entry.getKey()));
        }
      }
      List<EvidenceRule> failed = rules(root.get("failed"), "failed");
      List<EvidenceRule> runEnd = rules(root.get("run_end"), "run_end");

      List<FailureCategory> categories = new ArrayList<>();
      Map<String, List<EvidenceRule>> categoryEvidence = new HashMap<>();
      Map<Integer, String> priorities = new HashMap<>();
      JsonNode categoriesNode = root.get("categories");
      if (categoriesNode == null || !categoriesNode.isArray()) {
        throw new IllegalArgumentException("categories: must be a list");
      }
      for (int i = 0; i < categoriesNode.size(); i++) {
        FailureCategory category = category(categoriesNode.get(i), i, categoryEvidence);
        String clash = priorities.putIfAbsent(category.priority(), category.id());
        if (clash != null) {
          throw new IllegalArgumentException(
              categoryName(category.id(), i)
                  + ": priority "
                  + category.priority()
                  + " is also the priority of '"
                  + clash
                  + "'; precedence must be explicit");
        }
        categories.add(category);
      }
      categories.sort(Comparator.comparingInt(FailureCategory::priority));

      Map<String, String> failedFallbacks = new LinkedHashMap<>();
      Map<String, String> stuckFallbacks = new LinkedHashMap<>();
      JsonNode fallbacks = root.get("fallbacks");
      if (fallbacks != null) {
        if (!fallbacks.isObject()) {
          throw new IllegalArgumentException("fallbacks: must be a map with keys failed and stuck");
        }
        onlyKeys(fallbacks, List.of("failed", "stuck"), "fallbacks");
        fallbacks(
            fallbacks.get("failed"),
            "fallbacks.failed",
            FAILED_SYMPTOMS,
            categoryEvidence.keySet(),
            failedFallbacks);
        fallbacks(
            fallbacks.get("stuck"),
            "fallbacks.stuck",
            STUCK_SYMPTOMS,
            categoryEvidence.keySet(),
            stuckFallbacks);
      }
      return new DiagnosisRules(
          stages,
          failed,
          runEnd,
          List.copyOf(categories),
          Map.copyOf(categoryEvidence),
          Map.copyOf(failedFallbacks),
          Map.copyOf(stuckFallbacks));
    }

    private FailureCategory category(
        JsonNode node, int index, Map<String, List<EvidenceRule>> evidence) {
      String where = "categories[" + index + "]";
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(where + ": must be a map with keys " + CATEGORY_KEYS);
      }
      JsonNode idNode = node.get("category");
      if (idNode == null
          || !idNode.isTextual()
          || !CATEGORY_ID.matcher(idNode.asText()).matches()) {
        throw new IllegalArgumentException(
            where + ": 'category' must be an identifier such as oom or " + "connection_timeout");
      }
      String id = idNode.asText();
      String name = categoryName(id, index);
      if (evidence.containsKey(id)) {
        throw new IllegalArgumentException(name + ": defined twice");
      }
      onlyKeys(node, CATEGORY_KEYS, name);
      JsonNode priority = node.get("priority");
      if (priority == null || !priority.isInt()) {
        throw new IllegalArgumentException(name + ": 'priority' must be an integer (lowest wins)");
      }
      JsonNode fatal = node.get("fatal");
      if (fatal != null && !fatal.isBoolean()) {
        throw new IllegalArgumentException(name + ": 'fatal' must be true or false");
      }
      Set<TimelineId.Kind> appliesTo = EnumSet.allOf(TimelineId.Kind.class);
      JsonNode applies = node.get("applies_to");
      if (applies != null) {
        appliesTo = EnumSet.noneOf(TimelineId.Kind.class);
        if (!applies.isArray() || applies.isEmpty()) {
          throw new IllegalArgumentException(
              name + ": 'applies_to' must be a list of job, correlation");
        }
        for (JsonNode kind : applies) {
          appliesTo.add(kind(kind.asText(), name));
        }
      }
      evidence.put(id, rules(node.get("evidence"), where + ".evidence"));
      return new FailureCategory(
          id,
          priority.intValue(),
          fatal != null && fatal.booleanValue(),
          appliesTo,
          requiredText(node, "cause", name),
          requiredText(node, "resolution", name),
          resolutions(node.get("resolutions"), name));
    }

    private static List<Resolution> resolutions(JsonNode node, String name) {
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw new IllegalArgumentException(
            name + ": 'resolutions' must be a list of {when, resolution}");
      }
      List<Resolution> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        String where = name + ".resolutions[" + i + "]";
        JsonNode item = node.get(i);
        if (item == null || !item.isObject()) {
          throw new IllegalArgumentException(where + ": must be a map {when, resolution}");
        }
        onlyKeys(item, RESOLUTION_KEYS, where);
        try {
          out.add(
              new Resolution(
                  Resolution.parse(item.get("when")), requiredText(item, "resolution", where)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
      }
      return List.copyOf(out);
    }

    private List<EvidenceRule> rules(JsonNode node, String where) {
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw new IllegalArgumentException(
            where + ": must be a list of rules {id, when, requires?}");
      }
      List<EvidenceRule> rules = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        rules.add(rule(node.get(i), where + "[" + i + "]"));
      }
      return List.copyOf(rules);
    }

    private EvidenceRule rule(JsonNode node, String where) {
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(where + ": a rule must be a map {id, when, requires?}");
      }
      JsonNode idNode = node.get("id");
      if (idNode == null || !idNode.isTextual() || !RULE_ID.matcher(idNode.asText()).matches()) {
        throw new IllegalArgumentException(
            "rule at "
                + where
                + ": 'id' must be a token of lower-case letters, "
                + "digits, '-', '_' or '.'");
      }
      String name = "rule '" + idNode.asText() + "' (" + where + ")";
      if (!ruleIds.add(idNode.asText())) {
        throw new IllegalArgumentException(name + ": id already used by another rule");
      }
      onlyKeys(node, RULE_KEYS, name);
      Stage requires = null;
      JsonNode requiresNode = node.get("requires");
      if (requiresNode != null) {
        requires =
            Stage.fromId(requiresNode.asText())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            name
                                + ": requires unknown stage '"
                                + requiresNode.asText()
                                + "' (known: "
                                + stageIds()
                                + ")"));
      }
      try {
        return new EvidenceRule(idNode.asText(), requires, Condition.parse(node.get("when")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
      }
    }

    private static void fallbacks(
        JsonNode node,
        String where,
        List<String> symptoms,
        Set<String> categories,
        Map<String, String> out) {
      if (node == null) {
        return;
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException(where + ": must be a map of symptom to category");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!symptoms.contains(entry.getKey())) {
          throw new IllegalArgumentException(
              where
                  + ": unknown symptom '"
                  + entry.getKey()
                  + "' (known: "
                  + String.join(", ", symptoms)
                  + ")");
        }
        String category = entry.getValue().asText();
        if (!categories.contains(category)) {
          throw new IllegalArgumentException(
              where + "." + entry.getKey() + ": unknown category '" + category + "'");
        }
        out.put(entry.getKey(), category);
      }
    }

    private static TimelineId.Kind kind(String word, String name) {
      for (TimelineId.Kind kind : TimelineId.Kind.values()) {
        if (kind.prefix().equals(word)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          name + ": 'applies_to' has unknown kind '" + word + "' (known: job, correlation)");
    }

    private static String requiredText(JsonNode node, String key, String name) {
      JsonNode value = node.get(key);
      if (value == null || !value.isTextual() || value.asText().isBlank()) {
        throw new IllegalArgumentException(name + ": '" + key + "' must be a non-empty text");
      }
      return value.asText().strip();
    }

    private static void onlyKeys(JsonNode node, List<String> allowed, String name) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key)) {
          throw new IllegalArgumentException(
              name + ": unknown key '" + key + "' (known: " + String.join(", ", allowed) + ")");
        }
      }
    }

    private static String categoryName(String id, int index) {
      return "category '" + id + "' (categories[" + index + "])";
    }

    private static String stageIds() {
      List<String> ids = new ArrayList<>();
      for (Stage stage : Stage.values()) {
        ids.add(stage.id());
      }
      return String.join(", ", ids);
    }
  }
}

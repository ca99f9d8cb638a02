package dev.correlate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/prometheus/metrics.json: the metric families Correlate exports, and the names that use
 * them.
 */
record MetricContract(Map<String, Family> families) {
  static final String FILE = "deploy/prometheus/metrics.json";

  /**
   * Labels every series may carry: set by Prometheus (job, instance) or a histogram's bucket bound.
   */
  static final Set<String> STANDARD_LABELS = Set.of("job", "instance", "le", "__name__");

  /** One family: histograms and summaries add _bucket/_count/_sum series, timers a _max gauge. */
  record Family(
      String name, String type, List<String> labels, List<String> exportedBy, boolean max) {}

  static MetricContract load() {
    Map<String, Family> families = new LinkedHashMap<>();
    for (JsonNode m : DeployFiles.jsonFile(FILE).get("metrics")) {
      Family f =
          new Family(
              m.get("name").asText(),
              m.get("type").asText(),
              strings(m.get("labels")),
              strings(m.get("exported_by")),
              m.path("max").asBoolean(false));
      if (families.put(f.name(), f) != null) {
        throw new IllegalStateException(FILE + ": " + f.name() + " listed twice");
      }
    }
    return new MetricContract(families);
  }

  /**
   * The family a series name belongs to: itself, or a histogram's/summary's parts, or a timer's
   * _max.
   */
  Optional<Family> family(String series) {
    Family exact = families.get(series);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
      if (series.endsWith(suffix)) {
        Family f = families.get(series.substring(0, series.length() - suffix.length()));
        if (f != null
            && (suffix.equals("_max")
                ? f.max()
                : f.type().equals("histogram")
                    || f.type().equals("summary") && !suffix.equals("_bucket"))) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /**
   * The metric names and label names of a PromQL expression (Grafana's {@code
   * $__rate_interval}-style variables allowed): label names from matchers and from {@code
   * by}/{@code without}/{@code on}/{@code ignoring} clauses; metric names are the identifiers left
   * that are neither functions, keywords nor aggregation operators.
   */
  record Names(
      Set<String> metrics, Map<String, Set<String>> matcherLabels, Set<String> groupingLabels) {}

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN");

  static Names names(String promql) {
    String expr = STRING.matcher(promql).replaceAll("\"\"");
    expr = expr.replaceAll("\\$\\{[^}]*}|\\$[a-zA-Z_]+", "1m");
    Map<String, Set<String>> matcherLabels = new LinkedHashMap<>();
    Matcher s = SELECTOR.matcher(expr);
    StringBuilder rest = new StringBuilder();
    while (s.find()) {
      String metric = s.group(1) == null ? "" : s.group(1);
      Matcher m = MATCHER.matcher(s.group(2));
      while (m.find()) {
        matcherLabels.computeIfAbsent(metric, k -> new TreeSet<>()).add(m.group(1));
      }
      s.appendReplacement(rest, Matcher.quoteReplacement(metric + " "));
    }
    s.appendTail(rest);
    expr = rest.toString().replaceAll("\\[[^]]*]", " ");
    Set<String> grouping = new TreeSet<>();
    Matcher g = GROUPING.matcher(expr);
    while (g.find()) {
      for (String label : g.group(2).split(",")) {
        if (!label.isBlank()) {
          grouping.add(label.trim());
        }
      }
    }
    expr = GROUPING.matcher(expr).replaceAll(" ");
    expr = expr.replaceAll("\\boffset\\s+\\d+[smhdwy]", " ");
    Set<String> metrics = new TreeSet<>();
    Matcher id = IDENTIFIER.matcher(expr);
    while (id.find()) {
      if (id.group(2) == null && !KEYWORDS.contains(id.group(1))) {
        metrics.add(id.group(1));
      }
    }
    return new Names(metrics, matcherLabels, grouping);
  }
}

package dev.correlate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric contract (deploy/prometheus/metrics.json) against what a service really serves: its
 * families, read from the contract and from a live {@code /metrics} scrape, so that a service's
 * test can require the two to be equal. The Kafka clients' own families ({@code kafka_*}) are not
 * in the contract and not compared. (deploy-tests checks the contract's own consistency.)
 */
public final class ContractedMetrics {
  /** From a module's directory, where Maven runs its tests. */
  private static final Path FILE = Path.of("..", "deploy", "prometheus", "metrics.json");

  private ContractedMetrics() {}

  /** The families the contract says {@code service} exports. */
  public static Set<String> exportedBy(String service) {
    return labelsExportedBy(service).keySet();
  }

  /** The families the contract says {@code service} exports, with the labels it gives each. */
  public static Map<String, Set<String>> labelsExportedBy(String service) {
    JsonNode contract;
    try {
      contract = Json.mapper().readTree(Files.readString(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the metric contract " + FILE.toAbsolutePath().normalize(), e);
    }
    Map<String, Set<String>> families = new TreeMap<>();
    for (JsonNode metric : contract.get("metrics")) {
      String name = metric.get("name").asText();
      for (JsonNode exporter : metric.path("exported_by")) {
        if (exporter.asText().equals(service) && ours(name)) {
          Set<String> labels = new TreeSet<>();
          metric.path("labels").forEach(l -> labels.add(l.asText()));
          families.put(name, labels);
        }
      }
    }
    return families;
  }

  /**
   * The families of a scrape, as {@link #scraped} names them, with the label names their samples
   * carry (but a histogram bucket's {@code le}).
   */
  public static Map<String, Set<String>> scrapedLabels(String scrape) {
    Map<String, Set<String>> labels = new TreeMap<>();
    for (String family : scraped(scrape)) {
      labels.put(family, new TreeSet<>());
    }
    scrape
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(
            line -> {
              int brace = line.indexOf('{');
              String series =
                  brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
              Set<String> names = family(labels, series);
              if (names != null && brace >= 0) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}')));
                while (m.find()) {
                  if (!m.group(1).equals("le")) {
                    names.add(m.group(1));
                  }
                }
              }
            });
    return labels;
  }

  private static final Pattern LABEL = Pattern.compile("[{,]([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private static Set<String> family(Map<String, Set<String>> families, String series) {
    if (families.containsKey(series)) {
      return families.get(series);
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
      if (series.endsWith(suffix)
          && families.containsKey(series.substring(0, series.length() - suffix.length()))) {
        return families.get(series.substring(0, series.length() - suffix.length()));
      }
    }
    return null;
  }

  /**
   * The families of a Prometheus text scrape but the Kafka clients', named as the contract names
   * them: a counter with its {@code _total}, a histogram or summary once (not its {@code _bucket},
   * {@code _count}, {@code _sum}, nor a timer's {@code _max} gauge).
   */
  public static Set<String> scraped(String scrape) {
    Map<String, String> types = new HashMap<>();
    scrape
        .lines()
        .filter(line -> line.startsWith("# TYPE "))
        .forEach(
            line -> {
              String[] parts = line.split(" ");
              types.put(parts[2], parts[3]);
            });
    Set<String> families = new TreeSet<>();
    types.forEach(
        (name, type) -> {
          String family =
              switch (type) {
                case "counter" -> name.endsWith("_total") ? name : name + "_total";
                case "gauge" ->
                    name.endsWith("_max")
                            && isTimer(types.get(name.substring(0, name.length() - 4)))
                        ? name.substring(0, name.length() - 4)
                        : name;
                default -> name;
              };
          if (ours(family)) {
            families.add(family);
          }
        });
    return families;
  }

  private static boolean isTimer(String type) {
    return "histogram".equals(type) || "summary".equals(type);
  }

  private static boolean ours(String family) {
    return !family.startsWith("kafka_");
  }
}

package dev.correlate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric contract (deploy/prometheus/metrics.json) against what a service really serves: its families, read
 * from the contract and from a live {@code /metrics} scrape, so that a service's test can require the two to be
 * equal. The Kafka clients' own families ({@code kafka_*}) are not in the contract and not compared.
 * (deploy-tests checks the contract's own consistency.)
 */
public final class ContractedMetrics {
  /** From a module's directory, where Maven runs its tests. */
  private static final Path FILE = Path.of("..", "deploy", "prometheus", "metrics.json");

  private ContractedMetrics() {}

  /** The families the contract says {@code service} exports today. */
  public static Set<String> exportedBy(String service) {
    JsonNode contract;
    try {
      contract = Json.mapper().readTree(Files.readString(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metric contract " + FILE.toAbsolutePath().normalize(), e);
    }
    Set<String> families = new TreeSet<>();
    for (JsonNode metric : contract.get("metrics")) {
      String name = metric.get("name").asText();
      for (JsonNode exporter : metric.path("exported_by")) {
        if (exporter.asText().equals(service) && ours(name)) {
          families.add(name);
        }
      }
    }
    return families;
  }

  /**
   * The families of a Prometheus text scrape but the Kafka clients', named as the contract names them: a counter with
   * its {@code _total}, a histogram or summary once (not its {@code _bucket}, {@code _count}, {@code _sum}, nor a
   * timer's {@code _max} gauge).
   */
  public static Set<String> scraped(String scrape) {
    Map<String, String> types = new HashMap<>();
    scrape.lines().filter(line -> line.startsWith("# TYPE ")).forEach(line -> {
      String[] parts = line.split(" ");
      types.put(parts[2], parts[3]);
    });
    Set<String> families = new TreeSet<>();
    types.forEach((name, type) -> {
      String family = switch (type) {
        case "counter" -> name.endsWith("_total") ? name : name + "_total";
        case "gauge" -> name.endsWith("_max") && isTimer(types.get(name.substring(0, name.length() - 4)))
            ? name.substring(0, name.length() - 4) : name;
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

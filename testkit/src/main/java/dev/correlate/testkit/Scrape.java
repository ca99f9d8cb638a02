package dev.correlate.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of one Prometheus text scrape, by series: {@code name{label="value",…}} as the
 * registry wrote it (Micrometer sorts labels by name). For tests that check what a service's {@code
 * /metrics} says.
 */
public final class Scrape {
  private final Map<String, Double> samples;

  private Scrape(Map<String, Double> samples) {
    this.samples = samples;
  }

  public static Scrape of(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    text.lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(
            line -> {
              int space = line.lastIndexOf(' ');
              samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            });
    return new Scrape(samples);
  }

  /**
   * The samples of {@code name} (exactly that series name: {@code foo_total}, {@code foo_count}) by
   * their label text ({@code consumer="indexer",topic="x"}, empty without labels).
   */
  public Map<String, Double> series(String name) {
    Map<String, Double> out = new TreeMap<>();
    samples.forEach(
        (series, value) -> {
          if (series.equals(name)) {
            out.put("", value);
          } else if (series.startsWith(name + "{")) {
            out.put(series.substring(name.length() + 1, series.length() - 1), value);
          }
        });
    return out;
  }

  /**
   * The sample of {@code name} with exactly the labels {@code labels} ({@code status="stuck"}), or
   * null.
   */
  public Double value(String name, String labels) {
    return series(name).get(labels);
  }

  /** The sum of every sample of {@code name} (NaN if one is). */
  public double sum(String name) {
    return series(name).values().stream().mapToDouble(Double::doubleValue).sum();
  }
}

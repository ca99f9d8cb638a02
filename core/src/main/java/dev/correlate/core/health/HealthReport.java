package dev.correlate.core.health;

import dev.correlate.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The health of a service, in the one shape every Correlate service answers on its health endpoint:
 * {@code {"status": "healthy|degraded|unhealthy", "dependencies": {name: {"status": …, "detail":
 * …}}}}.
 *
 * <p>An <em>essential</em> dependency counts as it is: when it is unhealthy, so is the service
 * (HTTP 503). An <em>advisory</em> one (something whose outage makes answers stale, not impossible)
 * makes the service at most {@code degraded} (HTTP 200).
 *
 * @param status {@code healthy}, {@code degraded} or {@code unhealthy}: the worst of the
 *     dependencies as counted
 * @param dependencies each checked part by name, in the order they were added
 */
public record HealthReport(String status, Map<String, Dependency> dependencies) {
  /**
   * One dependency's health.
   *
   * @param status {@code healthy}, {@code degraded} or {@code unhealthy}
   * @param detail what is wrong, in words an operator can act on; null when healthy
   */
  public record Dependency(String status, String detail) {
    public Dependency {
      Objects.requireNonNull(status, "status");
    }

    /** This dependency as a check result. */
    public CheckResult result() {
      return new CheckResult(parse(status), detail);
    }
  }

  public HealthReport {
    Objects.requireNonNull(status, "status");
    dependencies =
        dependencies == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dependencies));
  }

  /** A report whose every component is essential. */
  public static HealthReport of(List<? extends Component> components) {
    Builder builder = builder();
    components.forEach(builder::essential);
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The overall status as a check result level. */
  public CheckResult.Status overall() {
    return parse(status);
  }

  /** 503 when unhealthy, else 200: a load balancer keeps a degraded service. */
  public int httpStatus() {
    return overall() == CheckResult.Status.UNHEALTHY ? 503 : 200;
  }

  /** The report as one check result: its status, and what is not healthy as the detail. */
  public CheckResult asResult() {
    String detail =
        dependencies.entrySet().stream()
            .filter(e -> !"healthy".equals(e.getValue().status()))
            .map(
                e ->
                    e.getKey()
                        + " "
                        + e.getValue().status()
                        + (e.getValue().detail() == null ? "" : ": " + e.getValue().detail()))
            .collect(Collectors.joining("; "));
    return new CheckResult(overall(), detail.isEmpty() ? null : detail);
  }

  /** The JSON document served on a health endpoint. */
  public byte[] toJson() {
    return Json.write(this);
  }

  /**
   * Reads a health document as another service served it.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static HealthReport read(byte[] json) {
    HealthReport report = Json.read(json, HealthReport.class);
    report.overall();
    report.dependencies().values().forEach(d -> parse(d.status()));
    return report;
  }

  private static String name(CheckResult.Status status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static CheckResult.Status parse(String status) {
    try {
      return CheckResult.Status.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a health status: " + status, e);
    }
  }

  /** Collects dependencies; each component's check runs once, when it is added. */
  public static final class Builder {
    private final Map<String, Dependency> dependencies = new LinkedHashMap<>();
    private CheckResult.Status overall = CheckResult.Status.HEALTHY;

    private Builder() {}

    /** A dependency the service cannot work without. */
    public Builder essential(String name, CheckResult result) {
      return add(name, result, result.status());
    }

    /** {@link #essential(String, CheckResult)} with the component's own check. */
    public Builder essential(Component component) {
      return essential(component.name(), safeCheck(component));
    }

    /** A dependency whose outage only makes answers stale: unhealthy counts as degraded. */
    public Builder advisory(String name, CheckResult result) {
      return add(
          name,
          result,
          result.status() == CheckResult.Status.UNHEALTHY
              ? CheckResult.Status.DEGRADED
              : result.status());
    }

    /** {@link #advisory(String, CheckResult)} with the component's own check. */
    public Builder advisory(Component component) {
      return advisory(component.name(), safeCheck(component));
    }

    public HealthReport build() {
      return new HealthReport(name(overall), dependencies);
    }

    private Builder add(String name, CheckResult result, CheckResult.Status counted) {
      dependencies.put(name, new Dependency(name(result.status()), result.detail()));
      if (counted.compareTo(overall) > 0) {
        overall = counted;
      }
      return this;
    }

    /**
     * {@link Component#check()} must not throw; if one does, that component is unhealthy, not the
     * service.
     */
    private static CheckResult safeCheck(Component component) {
      try {
        return component.check();
      } catch (RuntimeException e) {
        return CheckResult.unhealthy(component.name() + " check failed: " + e);
      }
    }
  }
}

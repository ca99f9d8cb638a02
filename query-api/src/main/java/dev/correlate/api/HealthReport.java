package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.store.TimelineQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's health, in the shape TradAI's services use: an overall status and one entry per dependency.
 *
 * <p>Without OpenSearch the API cannot answer anything: {@code unhealthy} (503). Without Kafka, streams or the
 * indexer it still answers from what is indexed, but the data goes stale: {@code degraded} (200). Any degraded
 * dependency makes the whole {@code degraded}.
 */
final class HealthReport {
  static final String OPENSEARCH = "opensearch";

  private final TimelineQueries queries;
  private final List<Component> components;

  HealthReport(TimelineQueries queries, List<Component> components) {
    this.queries = queries;
    this.components = List.copyOf(components);
  }

  Views.Health check() {
    Map<String, Views.Dependency> dependencies = new LinkedHashMap<>();
    CheckResult.Status overall = CheckResult.Status.HEALTHY;
    CheckResult store = queries.check();
    dependencies.put(OPENSEARCH, view(store));
    overall = worst(overall, store.status());
    for (Component component : components) {
      CheckResult result = safeCheck(component);
      dependencies.put(component.name(), view(result));
      CheckResult.Status counted = result.status() == CheckResult.Status.UNHEALTHY
          ? CheckResult.Status.DEGRADED : result.status();
      overall = worst(overall, counted);
    }
    return new Views.Health(overall.name().toLowerCase(Locale.ROOT), dependencies);
  }

  private static CheckResult safeCheck(Component component) {
    try {
      return component.check();
    } catch (RuntimeException e) {
      // check() must not throw; if one does, it is the component that is unhealthy, not the API
      return CheckResult.unhealthy(component.name() + " check failed: " + e);
    }
  }

  private static CheckResult.Status worst(CheckResult.Status a, CheckResult.Status b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Views.Dependency view(CheckResult result) {
    return new Views.Dependency(result.status().name().toLowerCase(Locale.ROOT), result.detail());
  }
}

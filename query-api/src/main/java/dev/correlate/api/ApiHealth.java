package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.health.HealthReport;
import dev.correlate.core.store.TimelineQueries;
import java.util.List;

/**
 * The API's health, in the shape every Correlate service answers ({@link HealthReport}).
 *
 * <p>Without OpenSearch the API cannot answer anything: {@code unhealthy} (503). The other services
 * (ingest, streams), asked over their own health endpoints, are advisory: without them the API
 * still answers from what is indexed, but the data goes stale, so they make it {@code degraded}
 * (200) at most.
 */
final class ApiHealth {
  static final String OPENSEARCH = "opensearch";

  private final TimelineQueries queries;
  private final List<Component> services;

  ApiHealth(TimelineQueries queries, List<Component> services) {
    this.queries = queries;
    this.services = List.copyOf(services);
  }

  HealthReport report() {
    HealthReport.Builder report = HealthReport.builder().essential(OPENSEARCH, store());
    services.forEach(report::advisory);
    return report.build();
  }

  /** The store alone: whether the API itself can answer. */
  CheckResult store() {
    try {
      return queries.check();
    } catch (RuntimeException e) {
      return CheckResult.unhealthy("OpenSearch check failed: " + e);
    }
  }
}

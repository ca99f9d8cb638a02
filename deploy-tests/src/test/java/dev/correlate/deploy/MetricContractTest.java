package dev.correlate.deploy;

import static dev.correlate.deploy.DeployFiles.list;
import static dev.correlate.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.deploy.MetricContract.Family;
import dev.correlate.deploy.MetricContract.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric and label an alert rule or a Grafana panel names is in the metric contract, with
 * that label; the contract follows Micrometer's Prometheus naming and docs/operations.md documents
 * every family of it.
 */
class MetricContractTest {
  private static final MetricContract CONTRACT = MetricContract.load();

  @Test
  void names_ofAnExpression_areItsMetricsAndLabels_notItsFunctionsOrVariables() {
    Names names =
        MetricContract.names(
            "sum by (le, from) (rate(a_seconds_bucket{kind=\"job\", x=~\"y|z\"}[$__rate_interval]))"
                + " > 3 * (sum without (topic) (b_total offset 15m) or on () vector(1)) and c unless d{e!=\"on(f)\"}");

    assertThat(names.metrics()).containsExactly("a_seconds_bucket", "b_total", "c", "d");
    assertThat(names.matcherLabels())
        .containsEntry("a_seconds_bucket", Set.of("kind", "x"))
        .containsEntry("d", Set.of("e"));
    assertThat(names.groupingLabels()).containsExactly("from", "le", "topic");
  }

  @Test
  void family_ofSeriesNames_followsTheFamilyType() {
    assertThat(CONTRACT.family("correlate_ingest_produce_latency_seconds_bucket")).isPresent();
    assertThat(CONTRACT.family("correlate_ingest_produce_latency_seconds_max")).isPresent();
    assertThat(CONTRACT.family("http_server_requests_seconds_count")).isPresent();
    assertThat(CONTRACT.family("http_server_requests_seconds_bucket"))
        .as("a summary has no buckets")
        .isEmpty();
    assertThat(CONTRACT.family("correlate_ingest_requests")).isEmpty();
  }

  @Test
  void contract_followsMicrometersPrometheusNaming() {
    for (Family f : CONTRACT.families().values()) {
      assertThat(f.type()).as(f.name()).isIn("counter", "gauge", "histogram", "summary");
      assertThat(f.name()).as(f.name()).matches("[a-z][a-z0-9_]*");
      assertThat(f.name().endsWith("_total"))
          .as(f.name() + ": counters, and only counters, end in _total")
          .isEqualTo(f.type().equals("counter"));
      if (f.type().equals("histogram") || f.type().equals("summary")) {
        assertThat(f.name()).as(f.name() + ": timers are in seconds").endsWith("_seconds");
      }
      assertThat(f.exportedBy())
          .as(f.name() + ": who exports it")
          .isNotEmpty()
          .isSubsetOf("ingest", "streams", "query-api", "prometheus");
    }
  }

  @Test
  void everyMetricAndLabel_ofTheAlertRules_isInTheContract() {
    Map<String, String> expressions = new LinkedHashMap<>();
    for (String file : DeployFiles.list("deploy/prometheus/rules", ".yml")) {
      for (Object group : list(DeployFiles.yamlFile(file).get("groups"), "groups")) {
        for (Object rule : list(map(group, "group").get("rules"), "rules")) {
          Map<String, Object> r = map(rule, "rule");
          expressions.put(file + " " + r.get("alert"), (String) r.get("expr"));
        }
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
    expressions.forEach(MetricContractTest::assertContracted);
  }

  @Test
  void everyMetricAndLabel_ofTheGrafanaPanels_isInTheContract() {
    Map<String, String> expressions = new LinkedHashMap<>();
    for (String file : DeployFiles.list("deploy/grafana/dashboards", ".json")) {
      for (JsonNode panel : DeployFiles.jsonFile(file).get("panels")) {
        for (JsonNode target : panel.path("targets")) {
          if (target.path("datasource").path("type").asText().equals("prometheus")) {
            expressions.put(
                file + " '" + panel.get("title").asText() + "' " + target.get("refId").asText(),
                target.get("expr").asText());
          }
        }
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(20);
    expressions.forEach(MetricContractTest::assertContracted);
  }

  @Test
  void everyFamily_isDocumentedInOperations() {
    String operations = DeployFiles.read("docs/operations.md");
    List<String> undocumented = new ArrayList<>();
    CONTRACT
        .families()
        .keySet()
        .forEach(
            name -> {
              if (!operations.contains("`" + name + "`")) {
                undocumented.add(name);
              }
            });
    assertThat(undocumented)
        .as("families of %s missing from docs/operations.md", MetricContract.FILE)
        .isEmpty();
  }

  private static void assertContracted(String where, String expr) {
    Names names = MetricContract.names(expr);
    assertThat(names.metrics()).as(where + ": names a metric").isNotEmpty();
    Set<String> labels = new TreeSet<>(MetricContract.STANDARD_LABELS);
    for (String metric : names.metrics()) {
      Family family = CONTRACT.family(metric).orElse(null);
      assertThat(family).as("%s: %s is not in %s", where, metric, MetricContract.FILE).isNotNull();
      labels.addAll(family.labels());
      Set<String> used = new TreeSet<>(names.matcherLabels().getOrDefault(metric, Set.of()));
      used.removeAll(MetricContract.STANDARD_LABELS);
      assertThat(family.labels()).as("%s: labels of %s", where, metric).containsAll(used);
    }
    assertThat(labels).as("%s: grouping labels", where).containsAll(names.groupingLabels());
  }
}

package dev.correlate.deploy;

import static dev.correlate.deploy.DeployFiles.list;
import static dev.correlate.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;

/** docker-compose.yml: valid for Compose v2 (no duplicate keys), topics created once, every dashboard provisioned. */
class ComposeFileTest {
  private static final Map<String, Object> COMPOSE = DeployFiles.yamlFile("docker-compose.yml");

  @Test
  void strictParser_refusesADuplicateServicesKey() {
    String twice = "services:\n  a:\n    image: x\nservices:\n  b:\n    image: y\n";

    assertThatThrownBy(() -> DeployFiles.yaml(twice)).isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining("services");
  }

  @Test
  void strictParser_resolvesMergeKeys_withoutCallingThemDuplicates() {
    Map<String, Object> doc = DeployFiles.yaml("x: &base\n  a: 1\n  b: 2\ny:\n  <<: *base\n  b: 3\n");

    assertThat(map(doc.get("y"), "y")).containsEntry("a", 1).containsEntry("b", 3);
  }

  @Test
  void compose_parsesStrictly_withEveryServiceOnce() {
    assertThat(services()).containsKeys("kafka", "kafka-topics", "opensearch", "dashboards", "dashboards-objects",
        "prometheus", "grafana", "streams", "ingest", "query-api");
  }

  @Test
  void ingestAndStreams_startOnlyAfterTheTopicOneShotSucceeded() {
    for (String name : List.of("ingest", "streams", "query-api")) {
      Map<String, Object> dependsOn = map(service(name).get("depends_on"), name + ".depends_on");
      assertThat(map(dependsOn.get("kafka-topics"), name + " on kafka-topics"))
          .as(name).containsEntry("condition", "service_completed_successfully");
    }
    assertThat(service("kafka-topics")).containsEntry("restart", "no");
    assertThat(list(service("kafka-topics").get("command"), "command").toString())
        .contains("correlate.raw", "correlate.events", "correlate.timelines", "correlate.deadletter",
            "cleanup.policy=compact");
  }

  @Test
  void prometheus_loadsTheRules_andScrapesEveryCorrelateService() {
    assertThat(volumes("prometheus")).contains("./deploy/prometheus/rules:/etc/prometheus/rules:ro",
        "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    Map<String, Object> config = DeployFiles.yamlFile("deploy/prometheus/prometheus.yml");
    assertThat(list(config.get("rule_files"), "rule_files")).containsExactly("/etc/prometheus/rules/*.yml");

    Map<String, String> targets = new java.util.TreeMap<>();
    for (Object job : list(config.get("scrape_configs"), "scrape_configs")) {
      Map<String, Object> scrape = map(job, "scrape config");
      for (Object sc : list(scrape.get("static_configs"), "static_configs")) {
        for (Object target : list(map(sc, "static config").get("targets"), "targets")) {
          targets.put((String) scrape.get("job_name"), (String) target);
        }
      }
    }
    assertThat(targets).containsExactlyInAnyOrderEntriesOf(Map.of("correlate-ingest", "ingest:8081",
        "correlate-query-api", "query-api:8080", "correlate-streams", "streams:8082"));
    targets.values().forEach(t -> assertThat(services()).containsKey(t.substring(0, t.indexOf(':'))));
  }

  @Test
  void grafana_getsItsProvisioningAndDashboards_andOsdItsSavedObjects() {
    assertThat(volumes("grafana")).contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
        "./deploy/grafana/dashboards:/etc/grafana/dashboards:ro");
    Map<String, Object> provider = map(list(DeployFiles.yamlFile("deploy/grafana/provisioning/dashboards/correlate.yml")
        .get("providers"), "providers").get(0), "provider");
    assertThat(map(provider.get("options"), "options")).containsEntry("path", "/etc/grafana/dashboards");

    assertThat(volumes("dashboards-objects")).contains("./deploy/opensearch-dashboards:/objects:ro");
    assertThat(map(map(service("dashboards-objects").get("depends_on"), "depends_on").get("dashboards"), "on OSD"))
        .containsEntry("condition", "service_healthy");
    assertThat(list(service("dashboards-objects").get("command"), "command").toString())
        .contains("/api/saved_objects/_import?overwrite=true", "osd-xsrf: true", "/objects/*.ndjson");
  }

  private static Map<String, Object> services() {
    return map(COMPOSE.get("services"), "services");
  }

  private static Map<String, Object> service(String name) {
    return map(services().get(name), name);
  }

  private static List<Object> volumes(String name) {
    return list(service(name).get("volumes"), name + ".volumes");
  }
}

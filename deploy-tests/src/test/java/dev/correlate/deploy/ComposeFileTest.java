package dev.correlate.deploy;

import static dev.correlate.deploy.DeployFiles.list;
import static dev.correlate.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;

/**
 * docker-compose.yml: valid for Compose v2 (no duplicate keys), topics created once, every
 * dashboard provisioned.
 */
class ComposeFileTest {
  private static final Map<String, Object> COMPOSE = DeployFiles.yamlFile("docker-compose.yml");

  @Test
  void strictParser_refusesADuplicateServicesKey() {
    String twice = "services:\n  a:\n    image: x\nservices:\n  b:\n    image: y\n";

    assertThatThrownBy(() -> DeployFiles.yaml(twice))
        .isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining("services");
  }

  @Test
  void strictParser_resolvesMergeKeys_withoutCallingThemDuplicates() {
    Map<String, Object> doc =
        DeployFiles.yaml("x: &base\n  a: 1\n  b: 2\ny:\n  <<: *base\n  b: 3\n");

    assertThat(map(doc.get("y"), "y")).containsEntry("a", 1).containsEntry("b", 3);
  }

  @Test
  void compose_parsesStrictly_withEveryServiceOnce() {
    assertThat(services())
        .containsKeys(
            "kafka",
            "kafka-topics",
            "opensearch",
            "dashboards",
            "dashboards-objects",
            "prometheus",
            "grafana",
            "streams",
            "ingest",
            "query-api");
  }

  @Test
  void ingestAndStreams_startOnlyAfterTheTopicOneShotSucceeded() {
    for (String name : List.of("ingest", "streams", "query-api")) {
      Map<String, Object> dependsOn = map(service(name).get("depends_on"), name + ".depends_on");
      assertThat(map(dependsOn.get("kafka-topics"), name + " on kafka-topics"))
          .as(name)
          .containsEntry("condition", "service_completed_successfully");
    }
    assertThat(service("kafka-topics")).containsEntry("restart", "no");
    assertThat(list(service("kafka-topics").get("command"), "command").toString())
        .contains(
            "correlate.raw",
            "correlate.events",
            "correlate.timelines",
            "correlate.deadletter",
            "cleanup.policy=compact");
  }

  /**
   * Every topic takes the record budget: the broker keeps Kafka's default record size, as a managed
   * cluster does.
   */
  @Test
  void everyTopic_isCreatedWithTheRecordBudget_andTheBrokerKeepsItsDefault() {
    String command = list(service("kafka-topics").get("command"), "command").toString();
    assertThat(command)
        .contains("for topic in correlate.raw correlate.events correlate.deadletter")
        .contains(
            "--topic correlate.timelines --partitions 6 --replication-factor 1 --config max.message.bytes=8388608");
    assertThat(command.split("max.message.bytes=8388608", -1)).hasSize(3);
    assertThat(map(service("kafka").get("environment"), "kafka.environment"))
        .doesNotContainKey("KAFKA_MESSAGE_MAX_BYTES");
  }

  /**
   * A service that cannot recover exits non-zero and compose starts it again; its health check asks
   * its own endpoint with the service artifact's probe (a 503, unhealthy, fails it).
   */
  @Test
  void correlateServices_restartAfterAFatalExit_andCheckTheirOwnHealthEndpoint() {
    Map<String, String> endpoints =
        Map.of(
            "ingest",
            "http://127.0.0.1:8081/health",
            "streams",
            "http://127.0.0.1:8082/health",
            "query-api",
            "http://127.0.0.1:8080/api/v1/health");
    endpoints.forEach(
        (name, url) -> {
          assertThat(service(name)).as(name).containsEntry("restart", "unless-stopped");
          assertThat(
                  list(
                      map(service(name).get("healthcheck"), name + ".healthcheck").get("test"),
                      "test"))
              .as(name)
              .containsExactly(
                  "CMD", "java", "-Xmx32m", "-jar", "/app/correlate-services.jar", "health", url);
        });
  }

  /** Without an access key ingest listens on loopback only, out of reach of the published port. */
  @Test
  void ingest_bindsBeyondLoopback_withAnAccessKey() {
    Map<String, Object> env = map(service("ingest").get("environment"), "ingest.environment");
    assertThat(env).containsEntry("CORRELATE_INGEST_HOST", "0.0.0.0");
    assertThat((String) env.get("CORRELATE_FIREHOSE_ACCESS_KEYS"))
        .matches("\\$\\{CORRELATE_FIREHOSE_ACCESS_KEYS:-.+}");
  }

  @Test
  void prometheus_loadsTheRules_andScrapesEveryCorrelateService() {
    assertThat(volumes("prometheus"))
        .contains(
            "./deploy/prometheus/rules:/etc/prometheus/rules:ro",
            "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    Map<String, Object> config = DeployFiles.yamlFile("deploy/prometheus/prometheus.yml");
    assertThat(list(config.get("rule_files"), "rule_files"))
        .containsExactly("/etc/prometheus/rules/*.yml");

    Map<String, String> targets = new java.util.TreeMap<>();
    for (Object job : list(config.get("scrape_configs"), "scrape_configs")) {
      Map<String, Object> scrape = map(job, "scrape config");
      for (Object sc : list(scrape.get("static_configs"), "static_configs")) {
        for (Object target : list(map(sc, "static config").get("targets"), "targets")) {
          targets.put((String) scrape.get("job_name"), (String) target);
        }
      }
    }
    assertThat(targets)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "correlate-ingest",
                "ingest:8081",
                "correlate-query-api",
                "query-api:8080",
                "correlate-streams",
                "streams:8082"));
    targets
        .values()
        .forEach(t -> assertThat(services()).containsKey(t.substring(0, t.indexOf(':'))));
  }

  @Test
  void grafana_getsItsProvisioningAndDashboards_andOsdItsSavedObjects() {
    assertThat(volumes("grafana"))
        .contains(
            "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
            "./deploy/grafana/dashboards:/etc/grafana/dashboards:ro");
    Map<String, Object> provider =
        map(
            list(
                    DeployFiles.yamlFile("deploy/grafana/provisioning/dashboards/correlate.yml")
                        .get("providers"),
                    "providers")
                .get(0),
            "provider");
    assertThat(map(provider.get("options"), "options"))
        .containsEntry("path", "/etc/grafana/dashboards");

    assertThat(volumes("dashboards-objects"))
        .contains("./deploy/opensearch-dashboards:/objects:ro");
    assertThat(
            map(
                map(service("dashboards-objects").get("depends_on"), "depends_on")
                    .get("dashboards"),
                "on OSD"))
        .containsEntry("condition", "service_healthy");
    assertThat(list(service("dashboards-objects").get("command"), "command").toString())
        .contains(
            "/api/saved_objects/_import?overwrite=true", "osd-xsrf: true", "/objects/*.ndjson");
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

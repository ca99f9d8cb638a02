package dev.correlate.deploy;

import static dev.correlate.deploy.DeployFiles.list;
import static dev.correlate.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Grafana's provisioning and dashboards: they parse, every data source a panel uses is provisioned
 * (by uid), and no dashboard names a host: panels reach data only through data sources, which name
 * compose services.
 */
class GrafanaDashboardsTest {
  private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://[^\"\\s]*");
  private static final List<String> DASHBOARDS =
      DeployFiles.list("deploy/grafana/dashboards", ".json");

  @Test
  void dashboards_parse_withUniqueUidsAndTitles_andDescribedPanels() {
    assertThat(DASHBOARDS).hasSize(2);
    Set<String> uids = new HashSet<>();
    for (String file : DASHBOARDS) {
      JsonNode dashboard = DeployFiles.jsonFile(file);
      assertThat(uids.add(dashboard.get("uid").asText())).as(file + " uid").isTrue();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : dashboard.get("panels")) {
        assertThat(ids.add(panel.get("id").asInt()))
            .as(file + " panel id " + panel.get("id"))
            .isTrue();
        if (!panel.get("type").asText().equals("row")) {
          assertThat(panel.path("description").asText())
              .as(file + " '" + panel.get("title") + "'")
              .isNotBlank();
          assertThat(panel.path("targets").size())
              .as(file + " '" + panel.get("title") + "' queries")
              .isPositive();
        }
      }
    }
  }

  @Test
  void everyDataSourceUid_aPanelUses_isProvisioned() {
    Map<String, String> provisioned = provisionedTypes();
    assertThat(provisioned)
        .containsKeys("correlate-prometheus", "correlate-events", "correlate-timelines");
    for (String file : DASHBOARDS) {
      for (JsonNode panel : DeployFiles.jsonFile(file).get("panels")) {
        List<JsonNode> refs = new ArrayList<>();
        if (panel.has("datasource")) {
          refs.add(panel.get("datasource"));
        }
        panel.path("targets").forEach(t -> refs.add(t.get("datasource")));
        for (JsonNode ref : refs) {
          String where = file + " '" + panel.get("title").asText() + "'";
          assertThat(ref).as(where + ": data source by uid").isNotNull();
          assertThat(provisioned)
              .as(where)
              .containsEntry(ref.get("uid").asText(), ref.get("type").asText());
        }
      }
    }
  }

  @Test
  void openSearchTargets_areLuceneQueries_theQueryTestCanRun() {
    int targets = 0;
    for (String file : DASHBOARDS) {
      for (JsonNode panel : DeployFiles.jsonFile(file).get("panels")) {
        for (JsonNode t : panel.path("targets")) {
          if (t.path("datasource").path("type").asText().equals("grafana-opensearch-datasource")) {
            targets++;
            assertThat(t.path("queryType").asText())
                .as(panel.get("title").asText())
                .isEqualTo("lucene");
            assertThat(t.path("query").asText()).isNotBlank();
            assertThat(t.path("metrics").get(0).path("type").asText()).isIn("count", "raw_data");
            t.path("bucketAggs")
                .forEach(b -> assertThat(b.get("type").asText()).isIn("terms", "date_histogram"));
          }
        }
      }
    }
    assertThat(targets).isGreaterThanOrEqualTo(6);
  }

  @Test
  void dashboards_nameNoHost_butTheConsoleVariablesDefault() {
    for (String file : DASHBOARDS) {
      JsonNode dashboard = DeployFiles.jsonFile(file);
      List<String> urls = urls(dashboard.get("panels").toString() + dashboard.get("links"));
      assertThat(urls)
          .as(file + ": links start with ${console}, queries go through data sources")
          .isEmpty();
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (!variable.get("name").asText().equals("console")) {
          assertThat(urls(variable.toString()))
              .as(file + " variable " + variable.get("name"))
              .isEmpty();
        }
      }
    }
    assertThat(urls("see http://opensearch:9200 and https://x.example/a")).hasSize(2);
  }

  @Test
  void provisionedDataSources_pointAtComposeServices() {
    Set<String> services =
        map(DeployFiles.yamlFile("docker-compose.yml").get("services"), "services").keySet();
    for (String file : DeployFiles.list("deploy/grafana/provisioning/datasources", ".yml")) {
      for (Object ds : list(DeployFiles.yamlFile(file).get("datasources"), "datasources")) {
        String url = (String) map(ds, "data source").get("url");
        assertThat(services).as(file + ": " + url).contains(URI.create(url).getHost());
      }
    }
  }

  /** uid → plugin type of every provisioned data source. */
  static Map<String, String> provisionedTypes() {
    Map<String, String> types = new LinkedHashMap<>();
    for (String file : DeployFiles.list("deploy/grafana/provisioning/datasources", ".yml")) {
      for (Object ds : list(DeployFiles.yamlFile(file).get("datasources"), "datasources")) {
        Map<String, Object> d = map(ds, "data source");
        assertThat(types.put((String) d.get("uid"), (String) d.get("type")))
            .as("uid " + d.get("uid"))
            .isNull();
      }
    }
    return types;
  }

  private static List<String> urls(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = URL.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}

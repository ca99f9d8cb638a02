package dev.correlate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * OpenSearch Dashboards saved objects (deploy/opensearch-dashboards/*.ndjson), as the import API
 * reads them: one object a line, fixed ids, JSON-valued attributes as strings that parse, every
 * reference resolvable within the files (so an import never reports missing references), index
 * patterns over Correlate's indices.
 */
class SavedObjectsTest {
  private static final Set<String> TYPES =
      Set.of("index-pattern", "search", "visualization", "dashboard");

  @Test
  void everyLine_isASavedObject_withAUniqueId() {
    Map<String, JsonNode> objects = objects();
    assertThat(objects.keySet())
        .contains(
            "index-pattern:correlate-events",
            "index-pattern:correlate-timelines",
            "search:correlate-errors",
            "search:correlate-job-events",
            "search:correlate-outside-timelines",
            "dashboard:correlate-overview");
    assertThat(objects.keySet().stream().filter(k -> k.startsWith("visualization:")).count())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void jsonValuedAttributes_parse_andNameOnlyTheirReferences() {
    for (JsonNode o : objects().values()) {
      JsonNode attributes = o.get("attributes");
      Set<String> refNames = new HashSet<>();
      o.get("references").forEach(r -> refNames.add(r.get("name").asText()));
      String id = o.get("id").asText();
      for (String field : List.of("visState", "uiStateJSON", "panelsJSON", "optionsJSON")) {
        if (attributes.has(field)) {
          DeployFiles.json(attributes.get(field).asText());
        }
      }
      JsonNode source = attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON");
      if (!source.isMissingNode()) {
        JsonNode parsed = DeployFiles.json(source.asText());
        if (parsed.has("indexRefName")) {
          assertThat(refNames).as(id).contains(parsed.get("indexRefName").asText());
        }
        assertThat(parsed.path("query").path("language").asText())
            .as(id + ": lucene, runnable as query_string")
            .isEqualTo("lucene");
      }
      if (attributes.has("savedSearchRefName")) {
        assertThat(refNames).as(id).contains(attributes.get("savedSearchRefName").asText());
      }
      if (attributes.has("panelsJSON")) {
        DeployFiles.json(attributes.get("panelsJSON").asText())
            .forEach(p -> assertThat(refNames).as(id).contains(p.get("panelRefName").asText()));
      }
    }
  }

  @Test
  void everyReference_resolvesToAnObjectOfTheFiles() {
    Map<String, JsonNode> objects = objects();
    for (JsonNode o : objects.values()) {
      o.get("references")
          .forEach(
              r ->
                  assertThat(objects)
                      .as(o.get("id").asText() + " → " + r)
                      .containsKey(r.get("type").asText() + ":" + r.get("id").asText()));
    }
  }

  @Test
  void indexPatterns_coverCorrelatesIndices_onTheirTimeField() {
    Map<String, JsonNode> objects = objects();
    assertThat(
            objects.get("index-pattern:correlate-events").get("attributes").get("title").asText())
        .isEqualTo("correlate-events-*");
    assertThat(
            objects
                .get("index-pattern:correlate-timelines")
                .get("attributes")
                .get("title")
                .asText())
        .isEqualTo("correlate-timelines");
    objects.values().stream()
        .filter(o -> o.get("type").asText().equals("index-pattern"))
        .forEach(
            o ->
                assertThat(o.get("attributes").get("timeFieldName").asText())
                    .isEqualTo("@timestamp"));
  }

  /** Every object of every file, by {@code type:id}. */
  static Map<String, JsonNode> objects() {
    Map<String, JsonNode> objects = new LinkedHashMap<>();
    List<String> files = DeployFiles.list("deploy/opensearch-dashboards", ".ndjson");
    assertThat(files).isNotEmpty();
    for (String file : files) {
      for (String line : DeployFiles.read(file).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode o = DeployFiles.json(line);
        assertThat(o.get("type").asText()).as(file).isIn(TYPES);
        assertThat(o.get("id").asText()).as(file).matches("[a-z0-9-]+");
        assertThat(objects.put(o.get("type").asText() + ":" + o.get("id").asText(), o))
            .as(o.get("id").asText())
            .isNull();
      }
    }
    return objects;
  }
}

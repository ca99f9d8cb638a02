package dev.correlate.api;

import static dev.correlate.api.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.testkit.SharedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboards' OpenSearch queries on the real node over simulated traffic: every query behind a
 * Grafana panel (deploy/grafana/dashboards, built as the OpenSearch data source plugin builds its
 * Lucene queries: a time-range filter on the data source's time field, a query_string, the bucket
 * aggregations nested in order) and every OpenSearch Dashboards saved search and visualization
 * (deploy/opensearch-dashboards) runs, and its counts equal the query API's answers for the same
 * question. A panel or object added without a check here fails the test.
 */
class DashboardQueriesIT {
  private static final long NOW = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
  private static final String PREFIX = "dashit";
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final long FROM = NOW - 7 * 86_400_000L;

  private static String openSearch;
  private static SimulatedTimelines indexed;
  private static QueryApiService api;

  @BeforeAll
  static void indexSimulatedTrafficAndStart() throws IOException {
    openSearch = SharedStack.openSearch().url();
    indexed =
        SimulatedTimelines.of(
            new TrafficSimulator(SimulationSettings.defaults(NOW).withSeed(11).withVolume(2, 10))
                .generate(),
            NOW);
    api = QueryApiIT.startOver(indexed, PREFIX, Map.of());
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  // ------------------------------------------------------------------------------------------------ Grafana

  @Test
  void everyGrafanaOpenSearchPanel_runs_andAgreesWithTheApi() {
    Map<String, BiConsumer<JsonNode, JsonNode>> checks = new LinkedHashMap<>();
    checks.put(
        "Jobs by status (indexed)",
        (target, answer) ->
            assertThat(terms(answer)).isEqualTo(apiJobCountsBy("status", statuses())));
    checks.put(
        "Job outcomes over time",
        (target, answer) ->
            assertThat(terms(answer)).isEqualTo(apiJobCountsBy("status", statuses())));
    checks.put(
        "Failed jobs by category",
        (target, answer) -> {
          Map<String, Long> byCategory = terms(answer);
          assertThat(byCategory).isNotEmpty();
          byCategory.forEach(
              (category, n) ->
                  assertThat(n)
                      .as(category)
                      .isEqualTo(apiCount("/api/v1/jobs?status=failed&category=" + category)));
          assertThat(byCategory.values().stream().mapToLong(Long::longValue).sum())
              .isEqualTo(apiCount("/api/v1/jobs?status=failed"));
        });
    checks.put(
        "Stuck and failed jobs",
        (target, answer) -> {
          Set<String> ids = new TreeSet<>();
          answer
              .path("hits")
              .path("hits")
              .forEach(h -> ids.add(h.path("_source").path("id").asText()));
          Set<String> expected = new TreeSet<>(apiIds("/api/v1/jobs?status=failed", "job_id"));
          expected.addAll(apiIds("/api/v1/jobs?status=stuck", "job_id"));
          assertThat(ids).isNotEmpty().isEqualTo(expected);
        });
    checks.put(
        "Failed jobs by first error's service (indexed)",
        (target, answer) -> {
          long failedWithError =
              indexed.summaries().stream()
                  .filter(
                      s ->
                          s.kind().equals("job")
                              && "failed".equals(s.status())
                              && s.firstError() != null)
                  .count();
          assertThat(terms(answer).values().stream().mapToLong(Long::longValue).sum())
              .isEqualTo(failedWithError);
        });
    checks.put(
        "Events by service (indexed)",
        (target, answer) ->
            assertThat(terms(answer)).isEqualTo(indexedEventsBy(LogEvent::service)));
    checks.put(
        "Error events by service",
        (target, answer) -> {
          Map<String, Long> byService = terms(answer);
          assertThat(byService).isNotEmpty();
          byService.forEach(
              (service, n) ->
                  assertThat(n)
                      .as(service)
                      .isEqualTo(apiSearchCount("level=ERROR&service=" + service)));
        });
    checks.put(
        "Events by link",
        (target, answer) -> {
          Map<String, Long> byLink = terms(answer);
          assertThat(byLink).containsKeys("SELF", "NONE");
          byLink.forEach(
              (via, n) ->
                  assertThat(n)
                      .as(via)
                      .isEqualTo(
                          apiSearchCount("filter=" + enc("{ $.link.via = \"" + via + "\" }"))));
        });

    Set<String> ran = new TreeSet<>();
    for (JsonNode panel : grafanaPanels()) {
      for (JsonNode target : panel.path("targets")) {
        String uid = target.path("datasource").path("uid").asText();
        if (!target
            .path("datasource")
            .path("type")
            .asText()
            .equals("grafana-opensearch-datasource")) {
          continue;
        }
        String title = panel.get("title").asText();
        assertThat(checks).as("a check for the OpenSearch panel '%s'", title).containsKey(title);
        JsonNode answer = search(grafanaIndex(uid), grafanaQuery(target));
        assertThat(answer.path("hits").path("total").path("value").asLong()).as(title).isPositive();
        checks.get(title).accept(target, answer);
        ran.add(title);
      }
    }
    assertThat(ran).isEqualTo(checks.keySet());
  }

  /**
   * The search the OpenSearch data source plugin sends for a Lucene target
   * (pkg/opensearch/lucene_handler.go).
   */
  private static ObjectNode grafanaQuery(JsonNode target) {
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject("@timestamp")
        .put("gte", FROM)
        .put("lte", NOW + 86_400_000L)
        .put("format", "epoch_millis");
    filter
        .addObject()
        .putObject("query_string")
        .put("analyze_wildcard", true)
        .put("query", target.get("query").asText());
    JsonNode metric = target.get("metrics").get(0);
    if (metric.get("type").asText().equals("raw_data")) {
      body.put("size", metric.path("settings").path("size").asInt(500));
      body.putArray("sort").addObject().putObject("@timestamp").put("order", "desc");
      return body;
    }
    body.put("size", 0);
    ObjectNode aggs = body;
    for (JsonNode bucket : target.get("bucketAggs")) {
      ObjectNode agg = aggs.putObject("aggs").putObject(bucket.get("id").asText());
      if (bucket.get("type").asText().equals("terms")) {
        agg.putObject("terms")
            .put("field", bucket.get("field").asText())
            .put("size", bucket.path("settings").path("size").asInt(500))
            .put("min_doc_count", bucket.path("settings").path("min_doc_count").asInt(1))
            .putObject("order")
            .put("_count", "desc");
      } else {
        agg.putObject("date_histogram")
            .put("field", bucket.get("field").asText())
            .put("fixed_interval", "1h")
            .put("min_doc_count", 0)
            .put("format", "epoch_millis");
      }
      aggs = agg;
    }
    return body;
  }

  // ------------------------------------------------------------------------------------------------ OSD

  @Test
  void everySavedSearchAndVisualization_runs_andAgreesWithTheApi() {
    long errors = apiSearchCount("level=ERROR");
    Map<String, BiConsumer<JsonNode, JsonNode>> checks = new LinkedHashMap<>();
    checks.put(
        "correlate-errors",
        (object, answer) -> assertThat(total(answer)).isPositive().isEqualTo(errors));
    checks.put(
        "correlate-job-events",
        (object, answer) ->
            assertThat(total(answer))
                .isEqualTo(indexed.events().stream().filter(e -> !e.jobIds().isEmpty()).count()));
    checks.put(
        "correlate-outside-timelines",
        (object, answer) ->
            assertThat(total(answer))
                .isPositive()
                .isEqualTo(
                    apiSearchCount(
                        "filter="
                            + enc("{ $.link.via = \"UNLINKED\" || $.link.via = \"NONE\" }"))));
    checks.put(
        "correlate-jobs-by-status",
        (object, answer) ->
            assertThat(terms(answer)).isEqualTo(apiJobCountsBy("status", statuses())));
    checks.put(
        "correlate-failed-by-category",
        (object, answer) ->
            terms(answer)
                .forEach(
                    (category, n) ->
                        assertThat(n)
                            .as(category)
                            .isEqualTo(
                                apiCount("/api/v1/jobs?status=failed&category=" + category))));
    checks.put(
        "correlate-errors-over-time",
        (object, answer) -> assertThat(total(answer)).isEqualTo(errors));
    checks.put(
        "correlate-events-by-service",
        (object, answer) ->
            assertThat(terms(answer)).isEqualTo(indexedEventsBy(LogEvent::service)));

    Map<String, JsonNode> objects = savedObjects();
    Set<String> ran = new TreeSet<>();
    for (JsonNode object : objects.values()) {
      String type = object.get("type").asText();
      if (!type.equals("search") && !type.equals("visualization")) {
        continue;
      }
      String id = object.get("id").asText();
      assertThat(checks).as("a check for the saved object " + id).containsKey(id);
      JsonNode answer =
          search(savedObjectIndex(object, objects), savedObjectQuery(object, objects));
      checks.get(id).accept(object, answer);
      ran.add(id);
    }
    assertThat(ran).isEqualTo(checks.keySet());
  }

  @Test
  void oneJobsEventsSearch_withAJobId_givesTheEventsOfTheApisTimeline() {
    JsonNode object = savedObjects().get("search:correlate-job-events");
    for (String jobId : List.of(firstJob("failed"), firstJob("completed"))) {
      ObjectNode query = savedObjectQuery(object, savedObjects());
      ObjectNode queryString =
          (ObjectNode) query.get("query").get("bool").get("filter").get(1).get("query_string");
      queryString.put(
          "query", queryString.get("query").asText() + " AND job_ids:\"" + jobId + "\"");
      query.put("size", 10_000);

      List<String> found = new ArrayList<>();
      search(savedObjectIndex(object, savedObjects()), query)
          .path("hits")
          .path("hits")
          .forEach(h -> found.add(h.get("_id").asText()));
      List<String> timeline = new ArrayList<>();
      json(get("/api/v1/jobs/" + jobId + "/timeline?limit=10000"))
          .get("events")
          .forEach(e -> timeline.add(e.get("event_id").asText()));

      assertThat(found).as(jobId).isNotEmpty().containsExactlyElementsOf(timeline);
    }
  }

  /**
   * As OSD's Discover and visualizations send it: the time filter, the Lucene query, the vis's
   * aggregations.
   */
  private static ObjectNode savedObjectQuery(JsonNode object, Map<String, JsonNode> objects) {
    JsonNode attributes = object.get("attributes");
    String query = source(object).path("query").path("query").asText();
    if (attributes.has("savedSearchRefName")) {
      query =
          source(referenced(object, attributes.get("savedSearchRefName").asText(), objects))
              .path("query")
              .path("query")
              .asText();
    }
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject("@timestamp")
        .put("gte", FROM)
        .put("lte", NOW + 86_400_000L)
        .put("format", "epoch_millis");
    filter
        .addObject()
        .putObject("query_string")
        .put("analyze_wildcard", true)
        .put("query", query.isBlank() ? "*" : query);
    body.put("track_total_hits", true);
    if (!object.get("type").asText().equals("visualization")) {
      body.put("size", 0);
      return body;
    }
    body.put("size", 0);
    ObjectNode aggs = body;
    for (JsonNode agg : tree(attributes.get("visState").asText()).get("aggs")) {
      String type = agg.get("type").asText();
      if (type.equals("count")) {
        continue;
      }
      ObjectNode node = aggs.putObject("aggs").putObject(agg.get("id").asText());
      if (type.equals("terms")) {
        node.putObject("terms")
            .put("field", agg.get("params").get("field").asText())
            .put("size", agg.get("params").get("size").asInt())
            .putObject("order")
            .put("_count", "desc");
      } else {
        assertThat(type).isEqualTo("date_histogram");
        node.putObject("date_histogram")
            .put("field", "@timestamp")
            .put("fixed_interval", "1h")
            .put("min_doc_count", 1);
      }
      aggs = node;
    }
    return body;
  }

  private static String savedObjectIndex(JsonNode object, Map<String, JsonNode> objects) {
    JsonNode withIndex =
        object.get("attributes").has("savedSearchRefName")
            ? referenced(
                object, object.get("attributes").get("savedSearchRefName").asText(), objects)
            : object;
    JsonNode pattern =
        referenced(withIndex, source(withIndex).get("indexRefName").asText(), objects);
    return renamed(pattern.get("attributes").get("title").asText());
  }

  private static JsonNode source(JsonNode object) {
    return tree(
        object.get("attributes").get("kibanaSavedObjectMeta").get("searchSourceJSON").asText());
  }

  private static JsonNode referenced(JsonNode object, String name, Map<String, JsonNode> objects) {
    for (JsonNode ref : object.get("references")) {
      if (ref.get("name").asText().equals(name)) {
        return objects.get(ref.get("type").asText() + ":" + ref.get("id").asText());
      }
    }
    throw new AssertionError(object.get("id") + " has no reference " + name);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static List<JsonNode> grafanaPanels() {
    List<JsonNode> panels = new ArrayList<>();
    for (Path file : files("deploy/grafana/dashboards", ".json")) {
      tree(read(file)).get("panels").forEach(panels::add);
    }
    return panels;
  }

  /** The index a provisioned OpenSearch data source reads, under this test's prefix. */
  private static String grafanaIndex(String uid) {
    try {
      JsonNode provisioning =
          new YAMLMapper()
              .readTree(
                  read(ROOT.resolve("deploy/grafana/provisioning/datasources/opensearch.yml")));
      for (JsonNode ds : provisioning.get("datasources")) {
        if (ds.get("uid").asText().equals(uid)) {
          assertThat(ds.get("jsonData").get("timeField").asText()).isEqualTo("@timestamp");
          return renamed(ds.get("jsonData").get("database").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no provisioned OpenSearch data source " + uid);
  }

  private static String renamed(String index) {
    assertThat(index).startsWith("correlate-");
    return PREFIX + index.substring("correlate".length());
  }

  private static Map<String, JsonNode> savedObjects() {
    Map<String, JsonNode> objects = new HashMap<>();
    for (Path file : files("deploy/opensearch-dashboards", ".ndjson")) {
      read(file)
          .lines()
          .filter(l -> !l.isBlank())
          .map(DashboardQueriesIT::tree)
          .forEach(o -> objects.put(o.get("type").asText() + ":" + o.get("id").asText(), o));
    }
    return objects;
  }

  private static JsonNode search(String index, JsonNode body) {
    HttpResponse<String> response =
        ApiServer.send(
            HttpRequest.newBuilder(
                    URI.create(openSearch + "/" + index + "/_search?track_total_hits=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    assertThat(response.statusCode())
        .as(index + " " + body + " → " + response.body())
        .isEqualTo(200);
    JsonNode answer = json(response);
    assertThat(answer.path("_shards").path("failed").asInt()).as(response.body()).isZero();
    return answer;
  }

  private static long total(JsonNode answer) {
    return answer.path("hits").path("total").path("value").asLong();
  }

  /** Doc counts of the outermost terms aggregation, summed over any aggregation below it. */
  private static Map<String, Long> terms(JsonNode answer) {
    Map<String, Long> counts = new TreeMap<>();
    JsonNode aggs = answer.get("aggregations");
    JsonNode outer = aggs.elements().next();
    outer
        .get("buckets")
        .forEach(b -> counts.put(b.get("key").asText(), b.get("doc_count").asLong()));
    return counts;
  }

  private static Set<String> statuses() {
    return indexed.summaries().stream()
        .filter(s -> s.kind().equals("job"))
        .map(TimelineSummary::status)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Long> apiJobCountsBy(String parameter, Set<String> values) {
    Map<String, Long> counts = new TreeMap<>();
    values.forEach(v -> counts.put(v, apiCount("/api/v1/jobs?" + parameter + "=" + v)));
    return counts;
  }

  private static long apiCount(String listing) {
    return apiIds(listing, "job_id").size();
  }

  private static List<String> apiIds(String listing, String field) {
    JsonNode page = json(get(listing + "&limit=1000"));
    assertThat(page.get("next_cursor").isNull()).as(listing + " fits one page").isTrue();
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get(field).asText()));
    return ids;
  }

  private static long apiSearchCount(String query) {
    JsonNode page = json(get("/api/v1/search?limit=10000&" + query));
    assertThat(page.get("next_cursor").isNull()).as(query + " fits one page").isTrue();
    return page.get("events").size();
  }

  private static Map<String, Long> indexedEventsBy(
      java.util.function.Function<LogEvent, String> key) {
    return indexed.events().stream()
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  private static String firstJob(String status) {
    return indexed.summaries().stream()
        .filter(s -> s.kind().equals("job") && status.equals(s.status()))
        .map(TimelineSummary::id)
        .findFirst()
        .orElseThrow();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(String path) {
    HttpResponse<String> response =
        ApiServer.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build());
    assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
    return response;
  }

  private static List<Path> files(String directory, String suffix) {
    try (Stream<Path> files = Files.list(ROOT.resolve(directory))) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode tree(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.correlate.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineHomes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;

/**
 * Correlate's index templates, with explicit mappings. Installed at start-up; installing again
 * replaces them with the same content, so it is idempotent and safe from several instances.
 *
 * <p>Mappings are explicit and closed ({@code "dynamic": false}): a field Correlate does not know
 * stays in {@code _source} but is not indexed, so a noisy log cannot explode the mapping. The
 * free-form structured fields of a line ({@code fields}) are one {@code flat_object}: queryable by
 * dotted path, one mapping entry whatever their number. Ids are {@code keyword}, the message is
 * {@code text}, times are {@code date} (epoch ms or ISO).
 */
public final class IndexTemplates {
  private static final String DATE =
      "{\"type\":\"date\",\"format\":\"strict_date_optional_time||epoch_millis\"}";
  private static final String KEYWORD = "{\"type\":\"keyword\",\"ignore_above\":1024}";
  private static final String AUTO_CREATE = "action.auto_create_index";

  private final OpenSearchClient client;
  private final OpenSearchSettings settings;

  public IndexTemplates(OpenSearchClient client, OpenSearchSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Upgrades a single timelines index of an earlier version ({@link #upgradeSingleIndex()}), puts
   * both templates, makes the current and the next home ({@link #makeHomes(long)}) and returns once
   * their primaries have started: a just-created index answers reads with 503 while its shards
   * recover, so readiness waits for them.
   *
   * @throws StorageException when OpenSearch refuses or cannot be reached
   */
  public void install() {
    Indices indices = settings.indices();
    put("PUT", "/_index_template/" + indices.eventsTemplate(), eventsTemplate());
    try {
      upgradeSingleIndex();
    } catch (IOException e) {
      throw unreachable(e);
    }
    // after the upgrade: a template whose alias is the name of an existing index is refused
    put("PUT", "/_index_template/" + indices.timelinesTemplate(), timelinesTemplate());
    makeHomes(System.currentTimeMillis());
  }

  /**
   * Creates the homes of the period holding {@code nowMs} and of the next one when absent, and
   * waits for their primaries. Made ahead (at start-up and at every retention run) so that the
   * indexer's first write to a home does not create it: a home created by a bulk write would answer
   * searches of the alias with shard failures while its primaries start. Safe from several
   * instances at once.
   *
   * @throws StorageException when OpenSearch refuses or cannot be reached
   */
  public void makeHomes(long nowMs) {
    Indices indices = settings.indices();
    long current = TimelineHomes.homeAt(nowMs, settings.timelinesPeriod());
    List<String> homes =
        List.of(
            indices.timelinesHome(current),
            indices.timelinesHome(current + settings.timelinesPeriod().toMillis()));
    try {
      for (String home : homes) {
        create(Requests.builder().method("PUT").endpoint("/" + home).build(), home);
      }
      awaitPrimaryStarted(String.join(",", homes));
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /**
   * Turns the single timelines index of an earlier version into the legacy home behind the alias of
   * the same name, when that index exists (an alias cannot take the name of an index): blocks its
   * writes, clones it to {@link Indices#timelinesLegacy()} (hard-linked segments, no reindex module
   * needed), compares the two document counts, then in one atomic {@code _aliases} request deletes
   * the old index and puts the clone behind the alias, so no read finds neither. Each step is
   * idempotent: a crash between two resumes at the next start. Before the swap, the cluster is told
   * never to auto-create an index of the alias's name, which an indexer of the old version still
   * writing there would otherwise do and so block the alias.
   */
  private void upgradeSingleIndex() throws IOException {
    Indices indices = settings.indices();
    String single = indices.timelines();
    String legacy = indices.timelinesLegacy();
    if (!isIndex(single)) {
      return;
    }
    refuseAutoCreation(single);
    put("PUT", "/" + single + "/_settings", "{\"index.blocks.write\":true}");
    put("POST", "/" + single + "/_refresh", null);
    if (!isIndex(legacy)) {
      create(
          Requests.builder()
              .method("POST")
              .endpoint("/" + single + "/_clone/" + legacy)
              .body(Bodies.json("{\"settings\":{\"index.blocks.write\":false}}"))
              .build(),
          legacy);
    }
    awaitPrimaryStarted(legacy);
    put("POST", "/" + legacy + "/_refresh", null);
    long before = count(single);
    long after = count(legacy);
    if (before != after) {
      throw new StorageException(
          "upgrade of "
              + single
              + " stopped: it holds "
              + before
              + " timelines but its clone "
              + legacy
              + " "
              + after
              + "; both are kept, "
              + single
              + " write-blocked (docs/operations.md)");
    }
    Http.Result swapped =
        Http.execute(
            client,
            Requests.builder()
                .method("POST")
                .endpoint("/_aliases")
                .body(
                    Bodies.json(
                        """
                        {"actions":[{"remove_index":{"index":"%s"}},
                                    {"add":{"index":"%s","alias":"%s"}}]}
                        """
                            .formatted(single, legacy, single)))
                .build());
    // another instance starting at the same time may have swapped them first
    if (!swapped.ok() && isIndex(single)) {
      check(swapped, "POST /_aliases");
    }
  }

  /** Whether {@code name} is a concrete index (not an alias, not absent). */
  private boolean isIndex(String name) throws IOException {
    Http.Result resolved =
        Http.execute(
            client,
            Requests.builder()
                .method("GET")
                .endpoint("/_resolve/index/" + name)
                .query(Map.of("expand_wildcards", "all"))
                .build());
    if (resolved.status() == 404) {
      return false;
    }
    check(resolved, "resolve " + name);
    for (JsonNode index : Json.mapper().readTree(resolved.body()).path("indices")) {
      if (name.equals(index.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  private long count(String index) throws IOException {
    Http.Result counted =
        Http.execute(
            client, Requests.builder().method("GET").endpoint("/" + index + "/_count").build());
    check(counted, "count " + index);
    return Json.mapper().readTree(counted.body()).path("count").asLong();
  }

  /**
   * Adds {@code -<name>} in front of the cluster's {@code action.auto_create_index} unless it is
   * there already or nothing is auto-created at all; the other entries are kept.
   */
  private void refuseAutoCreation(String name) throws IOException {
    Http.Result current =
        Http.execute(
            client,
            Requests.builder()
                .method("GET")
                .endpoint("/_cluster/settings")
                .query(Map.of("include_defaults", "true", "flat_settings", "true"))
                .build());
    check(current, "read cluster settings");
    JsonNode body = Json.mapper().readTree(current.body());
    String layer = "persistent";
    String value = "true";
    for (String l : List.of("defaults", "persistent", "transient")) {
      JsonNode v = body.path(l).path(AUTO_CREATE);
      if (!v.isMissingNode() && !v.isNull()) {
        layer = l.equals("transient") ? l : "persistent";
        value = v.asText();
      }
    }
    if (value.equals("false") || List.of(value.split(",")).contains("-" + name)) {
      return;
    }
    String refused = "-" + name + "," + (value.equals("true") ? "+*" : value);
    put("PUT", "/_cluster/settings", Json.writeString(Map.of(layer, Map.of(AUTO_CREATE, refused))));
  }

  /** Sends {@code request}, which creates {@code index}; that the index exists already is fine. */
  private void create(Request request, String index) throws IOException {
    Http.Result created = Http.execute(client, request);
    // another instance may have created it meanwhile
    if (!created.ok() && !created.body().contains("resource_already_exists_exception")) {
      throw new StorageException(
          "cannot create index " + index + ": HTTP " + created.status() + " " + created.body());
    }
  }

  private void awaitPrimaryStarted(String index) throws IOException {
    Http.Result health =
        Http.execute(
            client,
            Requests.builder()
                .method("GET")
                .endpoint("/_cluster/health/" + index)
                .query(Map.of("wait_for_status", "yellow", "timeout", "30s"))
                .build());
    if (!health.ok() || health.body().contains("\"timed_out\":true")) {
      throw new StorageException(
          "index " + index + " is not ready: HTTP " + health.status() + " " + health.body());
    }
  }

  /**
   * The events template: daily indices {@code <prefix>-events-*} behind the alias {@code
   * <prefix>-events}.
   */
  public String eventsTemplate() {
    Indices indices = settings.indices();
    return """
        {"index_patterns":["%s"],"priority":100,
         "template":{
          "settings":{"number_of_shards":%d,"number_of_replicas":%d,"refresh_interval":"%dms",
                      "index.mapping.total_fields.limit":200},
          "aliases":{"%s":{}},
          "mappings":{"dynamic":false,"properties":{
            "@timestamp":%s,
            "event_id":{"type":"keyword"},
            "timestamp":%s,"message_timestamp":%s,"received_at":%s,
            "log_group":%s,"log_stream":%s,"account":%s,"region":%s,"service":%s,"environment":%s,
            "source_kind":%s,"level":%s,"logger":%s,
            "message":{"type":"text"},
            "fields":{"type":"flat_object"},
            "correlation_ids":%s,"job_ids":%s,"lambda_request_id":%s,"ecs_task_id":%s,"ecs_task_arns":%s,
            "xray_trace_id":%s,
            "facts":{"properties":{
              "lambda":{"properties":{"type":%s,"request_id":%s,"duration_ms":{"type":"double"},
                "billed_duration_ms":{"type":"double"},"memory_size_mb":{"type":"integer"},
                "max_memory_used_mb":{"type":"integer"},"init_duration_ms":{"type":"double"},"status":%s,
                "error_type":%s,"timeout_seconds":{"type":"double"},"version":%s}},
              "http":{"properties":{"method":%s,"path":%s,"status":{"type":"integer"},"latency_ms":{"type":"double"}}},
              "error":{"properties":{"type":%s,"message":{"type":"text"},"group_id":%s,"continuation":{"type":"boolean"}}},
              "s3_paths":%s,"status_update":%s,"exit_code":{"type":"integer"},
              "ecs_task":{"properties":{"task_arn":%s,"cluster_arn":%s,"group":%s,"last_status":%s,
                "desired_status":%s,"stop_code":%s,"stopped_reason":{"type":"text"},"version":{"type":"long"}}},
              "s3_object":{"properties":{"bucket":%s,"key":%s,"size":{"type":"long"}}}}},
            "link":{"properties":{"via":%s,"alias":%s}}
          }}}}
        """
        .formatted(
            indices.eventsPattern(),
            settings.events().shards(),
            settings.events().replicas(),
            settings.eventsRefreshInterval().toMillis(),
            indices.eventsAlias(),
            DATE,
            DATE,
            DATE,
            DATE,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD);
  }

  /**
   * The timelines template: the homes {@code <prefix>-timelines-*}, each joining the alias {@code
   * <prefix>-timelines} when it is created. {@code services} (a map keyed by service name) is kept
   * in {@code _source} only; {@code service_names} carries its keys for filtering.
   */
  public String timelinesTemplate() {
    Indices indices = settings.indices();
    String eventRef =
        """
        {"properties":{"event_id":%s,"timestamp":%s,"service":%s,"log_group":%s,"log_stream":%s,"level":%s,
          "message":{"type":"text"},"exception_type":%s}}
        """
            .formatted(KEYWORD, DATE, KEYWORD, KEYWORD, KEYWORD, KEYWORD, KEYWORD);
    return """
        {"index_patterns":["%s"],"priority":100,
         "template":{
          "settings":{"number_of_shards":%d,"number_of_replicas":%d,"refresh_interval":"%dms"},
          "aliases":{"%s":{}},
          "mappings":{"dynamic":false,"properties":{
            "@timestamp":%s,
            "timeline_id":{"type":"keyword"},"kind":{"type":"keyword"},"id":{"type":"keyword"},
            "revision":{"type":"long"},"home":{"type":"long"},
            "first_event_at":%s,"last_event_at":%s,"duration_ms":{"type":"long"},
            "event_count":{"type":"long"},"error_count":{"type":"long"},
            "level_counts":{"properties":{"TRACE":{"type":"long"},"DEBUG":{"type":"long"},"INFO":{"type":"long"},
              "WARN":{"type":"long"},"ERROR":{"type":"long"},"FATAL":{"type":"long"}}},
            "services":{"type":"object","enabled":false},
            "service_names":%s,
            "correlation_ids":%s,"job_ids":%s,"lambda_request_ids":%s,"ecs_task_ids":%s,
            "first_error":%s,
            "status":{"type":"keyword"},"closed":{"type":"boolean"},
            "last_activity_at":%s,"updated_at":%s,
            "warnings":{"type":"keyword"},
            "diagnosis":{"properties":{"stage":{"type":"keyword"},"stages":{"type":"object","enabled":false},
              "category":{"type":"keyword"},"cause":{"type":"text"},"resolution":{"type":"text"},
              "symptom":{"type":"keyword"},"evidence":{"type":"object","enabled":false}}},
            "context":{"type":"object","enabled":false}
          }}}}
        """
        .formatted(
            indices.timelinesPattern(),
            settings.timelines().shards(),
            settings.timelines().replicas(),
            settings.timelinesRefreshInterval().toMillis(),
            indices.timelines(),
            DATE,
            DATE,
            DATE,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            KEYWORD,
            eventRef.strip(),
            DATE,
            DATE);
  }

  private void put(String method, String endpoint, String json) {
    try {
      Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(endpoint);
      if (json != null) {
        request.body(Bodies.json(json));
      }
      check(Http.execute(client, request.build()), method + " " + endpoint);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private static void check(Http.Result response, String what) {
    if (!response.ok()) {
      throw new StorageException(
          what + " failed: HTTP " + response.status() + " " + response.body());
    }
  }

  private StorageException unreachable(IOException e) {
    return new StorageException(
        "cannot reach OpenSearch at " + settings.url() + ": " + e.getMessage(), e);
  }
}

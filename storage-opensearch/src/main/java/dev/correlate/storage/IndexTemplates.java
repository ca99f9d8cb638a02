package dev.correlate.storage;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
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

  private final OpenSearchClient client;
  private final OpenSearchSettings settings;

  public IndexTemplates(OpenSearchClient client, OpenSearchSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Puts both templates, creates the timelines index when it is absent, and returns once its shard
   * is started: a just-created index answers reads with 503 while its shard recovers, so readiness
   * waits for it.
   *
   * @throws StorageException when OpenSearch refuses or cannot be reached
   */
  public void install() {
    Indices indices = settings.indices();
    put("PUT", "/_index_template/" + indices.eventsTemplate(), eventsTemplate());
    put("PUT", "/_index_template/" + indices.timelinesTemplate(), timelinesTemplate());
    try {
      Http.Result head =
          Http.execute(
              client,
              Requests.builder().method("HEAD").endpoint("/" + indices.timelines()).build());
      if (head.status() == 404) {
        createTimelinesIndex(indices);
      }
      awaitPrimaryStarted(indices.timelines());
    } catch (IOException e) {
      throw new StorageException(
          "cannot reach OpenSearch at " + settings.url() + ": " + e.getMessage(), e);
    }
  }

  private void createTimelinesIndex(Indices indices) throws IOException {
    Http.Result created =
        Http.execute(
            client, Requests.builder().method("PUT").endpoint("/" + indices.timelines()).build());
    // another instance may have created it between HEAD and PUT
    if (!created.ok() && !created.body().contains("resource_already_exists_exception")) {
      throw new StorageException(
          "cannot create index "
              + indices.timelines()
              + ": HTTP "
              + created.status()
              + " "
              + created.body());
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
   * The timelines template, for exactly the index {@code <prefix>-timelines}. {@code services} (a
   * map keyed by service name) is kept in {@code _source} only; {@code service_names} carries its
   * keys for filtering.
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
          "mappings":{"dynamic":false,"properties":{
            "@timestamp":%s,
            "timeline_id":{"type":"keyword"},"kind":{"type":"keyword"},"id":{"type":"keyword"},
            "revision":{"type":"long"},
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
            indices.timelines(),
            settings.timelines().shards(),
            settings.timelines().replicas(),
            settings.timelinesRefreshInterval().toMillis(),
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
      Http.Result response =
          Http.execute(
              client,
              Requests.builder().method(method).endpoint(endpoint).body(Bodies.json(json)).build());
      if (!response.ok()) {
        throw new StorageException(
            method + " " + endpoint + " failed: HTTP " + response.status() + " " + response.body());
      }
    } catch (IOException e) {
      throw new StorageException(
          "cannot reach OpenSearch at " + settings.url() + ": " + e.getMessage(), e);
    }
  }
}

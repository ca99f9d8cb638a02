package dev.correlate.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;

/**
 * Deletes old data without an OpenSearch plugin. Event indices are deleted whole, by the day in
 * their name, once that whole day is older than the events retention; timeline documents whose last
 * event is older than the timelines retention are deleted by id. The caller runs {@link #runOnce}
 * on a schedule.
 *
 * @param client the OpenSearch client
 * @param indices the index names
 * @param eventsRetention how long events are kept
 * @param timelinesRetention how long timelines are kept after their last event
 */
public record Retention(
    OpenSearchClient client,
    Indices indices,
    Duration eventsRetention,
    Duration timelinesRetention) {
  /** Timelines deleted per run at most. */
  public static final int MAX_TIMELINES_PER_RUN = 10_000;

  /**
   * What one run deleted.
   *
   * @param deletedIndices event indices deleted
   * @param deletedTimelines timeline documents deleted
   */
  public record Result(List<String> deletedIndices, long deletedTimelines) {}

  public Retention {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(indices, "indices");
    if (eventsRetention.isNegative()
        || eventsRetention.isZero()
        || timelinesRetention.isNegative()
        || timelinesRetention.isZero()) {
      throw new IllegalArgumentException("retention durations must be positive");
    }
  }

  /**
   * Deletes what is older than the retention at {@code nowMs}.
   *
   * @throws StorageException when OpenSearch cannot be reached or refuses
   */
  public Result runOnce(long nowMs) {
    try {
      return new Result(deleteOldEventIndices(nowMs), deleteOldTimelines(nowMs));
    } catch (IOException e) {
      throw new StorageException("retention: cannot reach OpenSearch: " + e.getMessage(), e);
    }
  }

  private List<String> deleteOldEventIndices(long nowMs) throws IOException {
    // an index holds one UTC day; it is expired when the day after it starts before now − retention
    LocalDate cutoff =
        Instant.ofEpochMilli(nowMs - eventsRetention.toMillis())
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    List<String> expired = new ArrayList<>();
    Http.Result listed =
        Http.execute(
            client,
            Requests.builder()
                .method("GET")
                .endpoint("/_cat/indices/" + indices.eventsPattern())
                .query(Map.of("format", "json", "h", "index", "expand_wildcards", "open,closed"))
                .build());
    check(listed, "list event indices");
    for (JsonNode row : Json.mapper().readTree(listed.body())) {
      String name = row.path("index").asText();
      indices.dayOf(name).filter(day -> day.isBefore(cutoff)).ifPresent(day -> expired.add(name));
    }
    expired.sort(null);
    // deleted in small groups so the URL stays short
    for (int i = 0; i < expired.size(); i += 20) {
      String names = String.join(",", expired.subList(i, Math.min(expired.size(), i + 20)));
      check(
          Http.execute(client, Requests.builder().method("DELETE").endpoint("/" + names).build()),
          "delete " + names);
    }
    return expired;
  }

  /**
   * Deletes, by id, up to {@link #MAX_TIMELINES_PER_RUN} timelines whose last event is older than
   * the cutoff: a search then a bulk delete, because {@code _delete_by_query} lives in the reindex
   * module, absent from minimal distributions. A larger backlog is worked off over the next runs.
   */
  private long deleteOldTimelines(long nowMs) throws IOException {
    long cutoff = nowMs - timelinesRetention.toMillis();
    String query =
        "{\"size\":"
            + MAX_TIMELINES_PER_RUN
            + ",\"_source\":false,"
            + "\"query\":{\"range\":{\"last_event_at\":{\"lt\":"
            + cutoff
            + "}}}}";
    Http.Result found =
        Http.execute(
            client,
            Requests.builder()
                .method("POST")
                .endpoint("/" + indices.timelines() + "/_search")
                .query(Map.of("ignore_unavailable", "true"))
                .body(Bodies.json(query))
                .build());
    check(found, "find old timelines");
    StringBuilder bulk = new StringBuilder();
    long ids = 0;
    for (JsonNode hit : Json.mapper().readTree(found.body()).path("hits").path("hits")) {
      ObjectNode action = Json.mapper().createObjectNode();
      action
          .putObject("delete")
          .put("_index", indices.timelines())
          .put("_id", hit.path("_id").asText());
      bulk.append(Json.writeString(action)).append('\n');
      ids++;
    }
    if (ids == 0) {
      return 0;
    }
    Http.Result deleted =
        Http.execute(
            client,
            Requests.builder()
                .method("POST")
                .endpoint("/_bulk")
                .body(
                    Body.from(
                        bulk.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson"))
                .build());
    check(deleted, "delete old timelines");
    long count = 0;
    for (JsonNode item : Json.mapper().readTree(deleted.body()).path("items")) {
      if (item.path("delete").path("status").asInt() == 200) {
        count++;
      }
    }
    return count;
  }

  private static void check(Http.Result response, String what) {
    if (!response.ok()) {
      throw new StorageException(
          "retention: " + what + " failed: HTTP " + response.status() + " " + response.body());
    }
  }
}

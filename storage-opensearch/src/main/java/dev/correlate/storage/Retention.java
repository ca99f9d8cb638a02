package dev.correlate.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Requests;

/**
 * Deletes old data without an OpenSearch plugin, whole indices only, so it keeps up with any rate.
 * Event indices are deleted by the day in their name, once that whole day is older than the events
 * retention. A timelines index (a home, {@link Indices#timelinesHome(long)}) is deleted when its
 * period has ended and its newest {@code last_event_at} is older than the timelines retention
 * ({@link #expiredHomes}). Each run also makes the current and the next home ahead ({@link
 * IndexTemplates#makeHomes(long)}). The caller runs {@link #runOnce} on a schedule.
 *
 * @param client the OpenSearch client
 * @param settings the index layout: names, and the timelines period
 * @param eventsRetention how long events are kept
 * @param timelinesRetention how long timelines are kept after their last event
 * @param clockSkewTolerance how far the clocks of the instances that assign homes may differ: a
 *     home is written to until this long after its period's end
 */
public record Retention(
    OpenSearchClient client,
    OpenSearchSettings settings,
    Duration eventsRetention,
    Duration timelinesRetention,
    Duration clockSkewTolerance) {
  /** Timelines indices listed at most in one run: years of hourly homes. */
  private static final int MAX_HOMES = 10_000;

  /**
   * What one run deleted.
   *
   * @param deletedIndices event indices deleted
   * @param deletedHomes timelines indices deleted
   */
  public record Result(List<String> deletedIndices, List<String> deletedHomes) {}

  public Retention {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(settings, "settings");
    for (Duration d : List.of(eventsRetention, timelinesRetention)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("retention durations must be positive");
      }
    }
    if (clockSkewTolerance.isNegative()) {
      throw new IllegalArgumentException("the clock skew tolerance must be >= 0");
    }
  }

  /**
   * Deletes what is older than the retention at {@code nowMs}, and makes the homes of the current
   * and the next period.
   *
   * @throws StorageException when OpenSearch cannot be reached or refuses
   */
  public Result runOnce(long nowMs) {
    try {
      List<String> events = deleteOldEventIndices(nowMs);
      new IndexTemplates(client, settings).makeHomes(nowMs);
      return new Result(events, deleteExpiredHomes(nowMs));
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
                .endpoint("/_cat/indices/" + settings.indices().eventsPattern())
                .query(Map.of("format", "json", "h", "index", "expand_wildcards", "open,closed"))
                .build());
    check(listed, "list event indices");
    for (JsonNode row : Json.mapper().readTree(listed.body())) {
      String name = row.path("index").asText();
      settings
          .indices()
          .dayOf(name)
          .filter(day -> day.isBefore(cutoff))
          .ifPresent(day -> expired.add(name));
    }
    expired.sort(null);
    delete(expired);
    return expired;
  }

  /**
   * The timelines indices to delete at {@code nowMs}, given the ones known with their newest {@code
   * last_event_at} (null for an empty index). A home is deleted when both hold:
   *
   * <ul>
   *   <li>its period has ended: its start + {@code period} + {@code clockSkewTolerance} is not
   *       after now (the legacy index's period ended with the upgrade). Needed beside the age: a
   *       backfill of old logs makes timelines with an old {@code last_event_at} in the current
   *       home, which still receives new timelines;
   *   <li>its newest {@code last_event_at} is older than {@code timelinesRetention}: a job that
   *       runs for days keeps its home until it too has expired, so no timeline is deleted before
   *       its time.
   * </ul>
   *
   * Indices whose name is not a home are left alone.
   */
  static List<String> expiredHomes(
      Indices indices,
      Map<String, Long> newestByIndex,
      long nowMs,
      Duration period,
      Duration clockSkewTolerance,
      Duration timelinesRetention) {
    long cutoff = nowMs - timelinesRetention.toMillis();
    List<String> expired = new ArrayList<>();
    newestByIndex.forEach(
        (index, newest) ->
            indices
                .homeOf(index)
                .filter(
                    home ->
                        home == 0
                            || home + period.toMillis() + clockSkewTolerance.toMillis() <= nowMs)
                .filter(home -> newest == null || newest < cutoff)
                .ifPresent(home -> expired.add(index)));
    expired.sort(null);
    return expired;
  }

  /**
   * Lists every timelines index and the newest {@code last_event_at} of each (one search without
   * hits: terms on {@code _index}, a max under it), then deletes the expired ones. An index the
   * search did not cover is only taken as empty when {@code _cat/indices} counts no document in it
   * (so a closed index, which neither answers, is kept); a search that some shard did not answer
   * deletes nothing, since a missing newest time would read as an old one.
   */
  private List<String> deleteExpiredHomes(long nowMs) throws IOException {
    Indices indices = settings.indices();
    Http.Result listed =
        Http.execute(
            client,
            Requests.builder()
                .method("GET")
                .endpoint("/_cat/indices/" + indices.timelinesPattern())
                .query(
                    Map.of(
                        "format",
                        "json",
                        "h",
                        "index,docs.count",
                        "expand_wildcards",
                        "open,closed"))
                .build());
    check(listed, "list timelines indices");
    Map<String, Long> newest = new TreeMap<>();
    for (JsonNode row : Json.mapper().readTree(listed.body())) {
      if ("0".equals(row.path("docs.count").asText())) {
        newest.put(row.path("index").asText(), null);
      }
    }
    String query =
        """
        {"size":0,"aggs":{"homes":{"terms":{"field":"_index","size":%d},
          "aggs":{"newest":{"max":{"field":"last_event_at"}}}}}}
        """
            .formatted(MAX_HOMES);
    Http.Result found =
        Http.execute(
            client,
            Requests.builder()
                .method("POST")
                .endpoint("/" + indices.timelinesPattern() + "/_search")
                .query(Map.of("ignore_unavailable", "true", "allow_no_indices", "true"))
                .body(Bodies.json(query))
                .build());
    check(found, "find the newest timeline of each home");
    JsonNode response = Json.mapper().readTree(found.body());
    if (response.path("_shards").path("failed").asInt() > 0
        || response.path("timed_out").asBoolean()) {
      throw new StorageException(
          "retention: not every timelines shard answered, no home deleted: "
              + response.path("_shards"));
    }
    for (JsonNode bucket : response.path("aggregations").path("homes").path("buckets")) {
      JsonNode max = bucket.path("newest").path("value");
      newest.put(bucket.path("key").asText(), max.isNumber() ? max.asLong() : null);
    }
    List<String> expired =
        expiredHomes(
            indices,
            newest,
            nowMs,
            settings.timelinesPeriod(),
            clockSkewTolerance,
            timelinesRetention);
    delete(expired);
    return expired;
  }

  /** Deletes {@code names}, in small groups so the URL stays short. */
  private void delete(List<String> names) throws IOException {
    for (int i = 0; i < names.size(); i += 20) {
      String group = String.join(",", names.subList(i, Math.min(names.size(), i + 20)));
      check(
          Http.execute(client, Requests.builder().method("DELETE").endpoint("/" + group).build()),
          "delete " + group);
    }
  }

  private static void check(Http.Result response, String what) {
    if (!response.ok()) {
      throw new StorageException(
          "retention: " + what + " failed: HTTP " + response.status() + " " + response.body());
    }
  }
}

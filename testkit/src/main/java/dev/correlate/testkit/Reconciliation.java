package dev.correlate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.simulator.GroundTruth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Exact reconciliation of what the pipeline indexed under one index prefix against the traffic
 * simulator's ground truth: every event indexed once with exactly its ids, every job and request
 * timeline with exactly its events and times. Reads OpenSearch directly (not through the query
 * API), so it checks the indexer's work and nothing else.
 */
public final class Reconciliation {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String openSearchUrl;
  private final String prefix;

  /**
   * The indices behind the aliases {@code <indexPrefix>-events} and {@code <indexPrefix>-timelines}
   * of the node at the URL.
   */
  public Reconciliation(String openSearchUrl, String indexPrefix) {
    this.openSearchUrl = openSearchUrl;
    this.prefix = indexPrefix;
  }

  /**
   * Waits until the indices hold exactly the truth (every event, every timeline's count and times),
   * at most {@code patience}, then asserts it event by event, naming the first difference.
   */
  public void assertMatches(GroundTruth truth, Duration patience) throws InterruptedException {
    await(() -> events() == truth.counts().events() && timelinesMatch(truth), patience);

    JsonNode hits = search(prefix + "-events", 10_000);
    assertThat(hits.size()).as("events indexed").isEqualTo((int) truth.counts().events());
    for (JsonNode hit : hits) {
      JsonNode source = hit.path("_source");
      GroundTruth.EventTruth expected = truth.events().get(hit.path("_id").asText());
      assertThat(expected)
          .as("event %s is in the ground truth", hit.path("_id").asText())
          .isNotNull();
      assertThat(strings(source.path("correlation_ids")))
          .as("correlation ids of %s", source)
          .isEqualTo(new TreeSet<>(expected.correlationIds()));
      assertThat(strings(source.path("job_ids")))
          .as("job ids of %s", source)
          .isEqualTo(new TreeSet<>(expected.jobIds()));
    }
    assertThat(timelinesMatch(truth))
        .as("every timeline has exactly its events and times")
        .isTrue();
  }

  /** Events indexed now (-1 while OpenSearch does not answer). */
  public long events() {
    JsonNode r =
        call(
            "POST",
            "/" + prefix + "-events/_count?ignore_unavailable=true",
            "{\"query\":{\"match_all\":{}}}");
    return r == null ? -1 : r.path("count").asLong(-1);
  }

  /** The indexed event {@code id} (in whichever daily index), or null. */
  public JsonNode event(String id) {
    call("POST", "/" + prefix + "-events/_refresh?ignore_unavailable=true", null);
    JsonNode r =
        call(
            "POST",
            "/" + prefix + "-events/_search?ignore_unavailable=true",
            "{\"query\":{\"ids\":{\"values\":[" + Json.writeString(id) + "]}}}");
    JsonNode hits = r == null ? null : r.path("hits").path("hits");
    return hits == null || hits.isEmpty() ? null : hits.get(0).path("_source");
  }

  /**
   * The stored summary of the timeline {@code id} ({@code job:<id>}, {@code correlation:<id>}) at
   * its highest revision, whichever home holds it, or null. A search of the alias: it sees what the
   * last refresh made visible (every second), which callers that poll can wait for.
   */
  public JsonNode timeline(String id) {
    JsonNode r =
        call(
            "POST",
            "/" + prefix + "-timelines/_search?ignore_unavailable=true&allow_no_indices=true",
            "{\"size\":1,\"query\":{\"ids\":{\"values\":["
                + Json.writeString(id)
                + "]}},\"sort\":[{\"revision\":\"desc\"}]}");
    JsonNode hits = r == null ? null : r.path("hits").path("hits");
    return hits == null || hits.isEmpty() ? null : hits.get(0).path("_source");
  }

  /** Every job and correlation timeline has exactly its events, first and last times. */
  private boolean timelinesMatch(GroundTruth truth) {
    for (var job : truth.jobs().entrySet()) {
      JsonNode doc = timeline("job:" + job.getKey());
      if (doc == null
          || doc.path("event_count").asLong() != job.getValue().events()
          || doc.path("first_event_at").asLong() != job.getValue().firstEventAt()
          || doc.path("last_event_at").asLong() != job.getValue().lastEventAt()) {
        return false;
      }
    }
    for (var correlation : truth.correlations().entrySet()) {
      JsonNode doc = timeline("correlation:" + correlation.getKey());
      if (doc == null
          || doc.path("event_count").asLong() != correlation.getValue().events()
          || !strings(doc.path("job_ids")).equals(new TreeSet<>(correlation.getValue().jobIds()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until {@code condition} holds, asking every half second, at most {@code patience}; fails
   * the test after that.
   */
  public static void await(BooleanSupplier condition, Duration patience)
      throws InterruptedException {
    await(condition, patience, () -> "condition met within " + patience);
  }

  /**
   * {@link #await(BooleanSupplier, Duration)}, failing with {@code what} (say what was last seen).
   */
  public static void await(BooleanSupplier condition, Duration patience, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private JsonNode search(String index, int size) {
    call("POST", "/" + index + "/_refresh", null);
    return call(
            "POST",
            "/" + index + "/_search",
            "{\"size\":" + size + ",\"query\":{\"match_all\":{}}}")
        .path("hits")
        .path("hits");
  }

  private JsonNode call(String method, String path, String body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(openSearchUrl + path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

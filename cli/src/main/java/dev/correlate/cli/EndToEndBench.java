package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.Documents;
import dev.correlate.storage.IndexTemplates;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.testkit.sim.FirehoseRequest;
import dev.correlate.testkit.sim.SimulationSettings;
import dev.correlate.testkit.sim.TrafficSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The end-to-end benchmark: simulated TradAI traffic posted to a running ingest, timed until OpenSearch can
 * find every event, against the physical limit measured in the same run — OpenSearch's bulk rate for the same
 * event documents, written by the same client and writer the indexer uses.
 *
 * <p>Each phase uses fresh traffic (a new seed and an environment name of its own), so that deduplication does
 * not hide work and each phase's events can be counted apart. Latency is measured per Firehose request: from the
 * moment ingest acknowledged it to the moment a search finds its first event.
 */
final class EndToEndBench {
  /** One measured run. */
  record Phase(String name, long events, double seconds, double eventsPerSecond, double targetRate,
               Map<String, Double> latencyMs) {}

  /** One phase's traffic; {@code account} is the AWS account that sets its events apart in the index. */
  private record Traffic(String account, List<FirehoseRequest> requests) {}

  private static final Duration POLL = Duration.ofMillis(200);

  private final URI ingest;
  private final URI openSearch;
  private final Optional<String> accessKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LogEventParser parser = new LogEventParser();

  EndToEndBench(URI ingest, URI openSearch, Optional<String> accessKey) {
    this.ingest = ingest;
    this.openSearch = openSearch;
    this.accessKey = accessKey;
  }

  /** Runs the raw bulk baseline, the pipeline at full speed, then the pipeline at 70 % of that; as JSON. */
  ObjectNode run(long events, int senders, Duration timeout) {
    long runId = System.currentTimeMillis() % 1_000_000_000L;
    Phase raw = rawBulk(traffic(runId, "r", events));
    Phase max = pipeline("e2e_max", traffic(runId, "m", events), senders, 0, timeout);
    double paced = 0.7 * max.eventsPerSecond();
    Phase seventy = pipeline("e2e_70pct", traffic(runId, "s", events), senders, paced, timeout);

    ObjectNode result = Json.mapper().createObjectNode();
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("events_per_phase", events);
    result.set("raw_bulk", Json.mapper().valueToTree(raw));
    result.set("e2e_max", Json.mapper().valueToTree(max));
    result.set("e2e_70pct", Json.mapper().valueToTree(seventy));
    result.put("e2e_over_raw_bulk", max.eventsPerSecond() / raw.eventsPerSecond());
    return result;
  }

  private static Traffic traffic(long runId, String phase, long events) {
    String account = String.format("%012d", Math.floorMod(runId * 10 + phase.hashCode(), 1_000_000_000_000L));
    SimulationSettings defaults = SimulationSettings.defaults();
    SimulationSettings base = defaults
        .withSeed(runId * 31 + phase.hashCode())
        .withAccount(account, defaults.region())
        .withNoise(0.5, 0, 0);
    List<FirehoseRequest> requests = new ArrayList<>();
    new TrafficSimulator(TrafficSimulator.scaledTo(base, events)).stream(requests::add);
    return new Traffic(account, requests);
  }

  /** OpenSearch's bulk rate for the pipeline's own event documents, through the indexer's client and writer. */
  private Phase rawBulk(Traffic traffic) {
    OpenSearchSettings defaults = OpenSearchSettings.of(openSearch);
    OpenSearchSettings settings = new OpenSearchSettings(defaults.url(), "correlate-bench-raw",
        defaults.connectTimeout(), defaults.responseTimeout(), defaults.replicas(),
        defaults.eventsRefreshInterval(), defaults.timelinesRefreshInterval());
    OpenSearchClient client = OpenSearchClients.create(settings);
    try {
      new IndexTemplates(client, settings).install();
      List<BulkWriter.Doc<Void>> docs = new ArrayList<>();
      for (FirehoseRequest request : traffic.requests()) {
        for (LogEvent event : parse(request)) {
          docs.add(new BulkWriter.Doc<>(settings.indices().eventsIndex(event.timestamp()), event.eventId(),
              Documents.event(event), 0, null));
        }
      }
      BulkWriter<Void> writer = new BulkWriter<>(client, BulkWriter.Settings.defaults());
      long start = System.nanoTime();
      for (BulkWriter.Doc<Void> doc : docs) {
        long now = System.currentTimeMillis();
        writer.add(doc, now);
        if (writer.due(now)) {
          writer.flush();
        }
      }
      writer.flush();
      double seconds = (System.nanoTime() - start) / 1e9;
      deleteIndices(settings.indices().eventsPattern());
      return new Phase("raw_bulk", docs.size(), seconds, docs.size() / seconds, 0, Map.of());
    } finally {
      OpenSearchClients.close(client);
    }
  }

  private List<LogEvent> parse(FirehoseRequest request) {
    Map<String, LogEvent> unique = new LinkedHashMap<>();
    for (RawLogEvent raw : request.events(System.currentTimeMillis())) {
      unique.putIfAbsent(raw.eventId(), parser.parse(raw));
    }
    return new ArrayList<>(unique.values());
  }

  /**
   * Posts the requests from {@code senders} threads, paced to {@code rate} events/s when positive, and waits
   * until a search finds every distinct event of the phase.
   */
  private Phase pipeline(String name, Traffic traffic, int senders, double rate, Duration timeout) {
    List<FirehoseRequest> requests = traffic.requests();
    Map<String, String> probeByRequest = new HashMap<>();
    Map<String, Long> distinct = new ConcurrentHashMap<>();
    for (FirehoseRequest request : requests) {
      List<LogEvent> events = parse(request);
      events.forEach(e -> distinct.put(e.eventId(), 1L));
      if (!events.isEmpty()) {
        probeByRequest.put(request.requestId(), events.get(0).eventId());
      }
    }
    long expected = distinct.size();
    Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    FirehoseReplay replay = new FirehoseReplay(ingest, accessKey);
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    for (int s = 0; s < senders; s++) {
      pool.execute(() -> {
        int i;
        while ((i = next.getAndIncrement()) < requests.size()) {
          if (rate > 0) {
            paceTo(start, (long) (i * (double) expected / requests.size()), rate);
          }
          FirehoseRequest request = requests.get(i);
          if (replay.post(List.of(request)).accepted() == 1) {
            String probe = probeByRequest.get(request.requestId());
            if (probe != null) {
              ackedAt.putIfAbsent(probe, System.nanoTime());
            }
          }
        }
      });
    }
    Map<String, Long> visibleAt = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = 0;
    while (System.nanoTime() < deadline) {
      sleep(POLL);
      List<String> waiting = ackedAt.keySet().stream().filter(id -> !visibleAt.containsKey(id)).limit(1000)
          .toList();
      long now = System.nanoTime();
      for (String found : findEventIds(waiting)) {
        visibleAt.put(found, now);
      }
      count = countEvents(traffic.account());
      if (count >= expected && next.get() >= requests.size() && visibleAt.size() >= ackedAt.size()) {
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdownNow();
    awaitTermination(pool);
    if (count < expected) {
      throw new IllegalStateException(name + ": only " + count + " of " + expected + " events visible after "
          + timeout.toSeconds() + " s");
    }
    long[] latencies = visibleAt.entrySet().stream()
        .mapToLong(e -> e.getValue() - ackedAt.get(e.getKey())).sorted().toArray();
    Map<String, Double> latency = new LinkedHashMap<>();
    latency.put("p50", percentileMs(latencies, 0.50));
    latency.put("p99", percentileMs(latencies, 0.99));
    latency.put("max", percentileMs(latencies, 1.0));
    latency.put("samples", (double) latencies.length);
    return new Phase(name, expected, seconds, expected / seconds, rate, latency);
  }

  private static void paceTo(long startNanos, long eventsBefore, double rate) {
    long dueNanos = startNanos + (long) (eventsBefore / rate * 1e9);
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      sleep(Duration.ofNanos(wait));
    }
  }

  private long countEvents(String account) {
    String body = "{\"query\":{\"term\":{\"account\":" + Json.writeString(account) + "}}}";
    return search("/correlate-events/_count", body).path("count").asLong();
  }

  private List<String> findEventIds(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String body = "{\"size\":" + ids.size() + ",\"_source\":false,\"query\":{\"terms\":{\"event_id\":"
        + Json.writeString(ids) + "}}}";
    List<String> found = new ArrayList<>();
    search("/correlate-events/_search", body).path("hits").path("hits").forEach(h -> found.add(h.path("_id").asText()));
    return found;
  }

  private JsonNode search(String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(openSearch.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return Json.mapper().createObjectNode();
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("OpenSearch " + path + ": HTTP " + response.statusCode() + " "
            + new String(response.body(), StandardCharsets.UTF_8));
      }
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("OpenSearch at " + openSearch + " is not reachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void deleteIndices(String pattern) {
    HttpRequest request = HttpRequest.newBuilder(openSearch.resolve("/" + pattern)).DELETE().build();
    try {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + pattern + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double percentileMs(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, index)] / 1e6;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTermination(ExecutorService pool) {
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.api.QueryApiMain;
import dev.correlate.api.QueryApiService;
import dev.correlate.core.json.Json;
import dev.correlate.ingest.IngestMain;
import dev.correlate.ingest.IngestService;
import dev.correlate.simulator.FirehoseReplay;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsService;
import dev.correlate.testkit.SharedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole pipeline on the test kit's broker and node: ingest, streams and the query API, each
 * started by its own {@code *Main} from one environment, as the launcher does. One per test JVM,
 * shared by the test classes that ask for it ({@code @ExtendWith(Pipeline.Shared.class)} and a
 * {@code Pipeline} parameter), stopped when the last test of the JVM is done; the simulated traffic
 * is replayed into it once, by the first class that asks.
 */
final class Pipeline implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofMinutes(3);

  /**
   * The simulated traffic replayed into the pipeline: seed 7, every scenario, environment "test".
   */
  static final SimulationSettings SIMULATION =
      SimulationSettings.defaults().withSeed(7).withEnv("test");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final IngestService ingest;
  private final StreamsService streams;
  private final QueryApiService api;
  private GroundTruth replayed;

  private Pipeline(IngestService ingest, StreamsService streams, QueryApiService api) {
    this.ingest = ingest;
    this.streams = streams;
    this.api = api;
  }

  private static Pipeline start() {
    String prefix = "e2e" + System.nanoTime() % 100_000;
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("CORRELATE_KAFKA_BOOTSTRAP", SharedStack.kafka().bootstrapServers()),
            Map.entry("CORRELATE_OPENSEARCH_URL", SharedStack.openSearch().url()),
            Map.entry("CORRELATE_TOPIC_PREFIX", prefix),
            Map.entry("CORRELATE_INDEX_PREFIX", prefix),
            Map.entry("CORRELATE_STATE_DIR", SharedStack.scratchDir("e2e-state").toString()),
            Map.entry("CORRELATE_INGEST_PORT", "0"),
            Map.entry("CORRELATE_API_PORT", "0"),
            Map.entry("CORRELATE_STREAMS_PORT", "0"),
            Map.entry("CORRELATE_EMIT_INTERVAL", "1s"),
            Map.entry("CORRELATE_COMMIT_INTERVAL", "200ms"),
            Map.entry("CORRELATE_BULK_FLUSH_INTERVAL", "200ms"),
            Map.entry("CORRELATE_EVENTS_REFRESH_INTERVAL", "500ms"),
            Map.entry("CORRELATE_METRICS_INTERVAL", "1s"));
    IngestService ingest = IngestMain.start(IngestMain.settings(env));
    StreamsService streams = StreamsMain.start(StreamsMain.settings(env));
    // the API asks these two for their health, as the launcher points it at the ones it started
    Map<String, String> apiEnv = new HashMap<>(env);
    apiEnv.put(
        "CORRELATE_API_HEALTH_URLS",
        "ingest=http://127.0.0.1:"
            + ingest.port()
            + "/health,"
            + "streams=http://127.0.0.1:"
            + streams.port()
            + "/health");
    return new Pipeline(ingest, streams, QueryApiMain.start(QueryApiMain.settings(apiEnv)));
  }

  URI ingestUri() {
    return URI.create("http://127.0.0.1:" + ingest.port() + "/ingest/firehose");
  }

  String apiUrl() {
    return "http://127.0.0.1:" + api.port();
  }

  /**
   * What {@code GET /metrics} of {@code service} ({@code ingest}, {@code streams}, {@code
   * query-api}) serves now.
   */
  String metrics(String service) {
    int port =
        switch (service) {
          case "ingest" -> ingest.port();
          case "streams" -> streams.port();
          case "query-api" -> api.port();
          default -> throw new IllegalArgumentException(service);
        };
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(service + " /metrics").isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(service, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(service, e);
    }
  }

  /**
   * The simulator's mixed traffic ({@link #SIMULATION}), replayed into ingest by the first caller
   * of this JVM; its ground truth.
   */
  synchronized GroundTruth replayedTraffic() {
    if (replayed == null) {
      TrafficSimulator simulator = new TrafficSimulator(SIMULATION);
      List<FirehoseRequest> requests = new ArrayList<>();
      GroundTruth truth = simulator.stream(requests::add);
      FirehoseReplay.Result posted =
          new FirehoseReplay(ingestUri(), Optional.empty()).post(requests);
      assertThat(posted.rejected()).as(posted.problems().toString()).isZero();
      replayed = truth;
    }
    return replayed;
  }

  /** {@code status/stage/category} of every job of the truth, as the truth says it. */
  static Map<String, String> verdicts(GroundTruth truth) {
    Map<String, String> expected = new TreeMap<>();
    truth
        .jobs()
        .forEach(
            (id, job) -> expected.put(id, job.status() + "/" + job.stage() + "/" + job.category()));
    return expected;
  }

  /**
   * {@code status/stage/category} of every job of the truth as the API serves them, once they equal
   * the truth or after {@link #PATIENCE} (then what was served last, for the caller's assertion to
   * show the difference).
   */
  Map<String, String> servedVerdicts(GroundTruth truth) throws InterruptedException {
    Map<String, String> expected = verdicts(truth);
    Map<String, String> actual = new TreeMap<>();
    try {
      await(
          () -> {
            actual.clear();
            for (String id : expected.keySet()) {
              JsonNode job = get("/api/v1/jobs/" + id);
              actual.put(
                  id,
                  job == null
                      ? "absent"
                      : job.path("status").asText()
                          + "/"
                          + job.path("stage").asText()
                          + "/"
                          + (job.path("failure").isObject()
                              ? job.path("failure").path("category").asText()
                              : "null"));
            }
            return actual.equals(expected) ? actual : null;
          });
    } catch (AssertionError timedOut) {
      // the caller compares and shows the difference
    }
    return actual;
  }

  /**
   * GET on the API; the body, or null on 404 (not indexed yet) and 503 (a just-created index whose
   * shard is still recovering).
   */
  JsonNode get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + path)).build();
    try {
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404 || response.statusCode() == 503) {
        return null;
      }
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(path, e);
    }
  }

  /** The first non-null value of {@code probe}, asked every half second for {@link #PATIENCE}. */
  static <T> T await(Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not reached within " + PATIENCE);
  }

  @Override
  public void close() {
    for (AutoCloseable service : new AutoCloseable[] {api, streams, ingest}) {
      try {
        service.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not stop " + service, e);
      }
    }
  }

  /**
   * Hands the JVM's one pipeline to test classes and lifecycle methods that take a {@link
   * Pipeline}.
   */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Pipeline.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // the root context's store closes it after the last test of the JVM, before the shared
      // stack's shutdown hooks
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(Pipeline.class))
          .getOrComputeIfAbsent(Pipeline.class, key -> start(), Pipeline.class);
    }
  }
}

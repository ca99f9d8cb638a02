package dev.correlate.services.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.health.Fatal;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.ingest.IngestMain;
import dev.correlate.ingest.IngestService;
import dev.correlate.simulator.FirehoseReplay;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.Simulation;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsService;
import dev.correlate.testkit.Reconciliation;
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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One fault drill's deployables, started by their own {@code *Main} on a broker and a node (the
 * test kit's shared ones, or a drill's own that it freezes or stops), on topics and indices of
 * their own: streams, and ingest when the drill posts Firehose requests. Every part that reports a
 * fatal error is recorded instead of ending the test JVM; a drill passes only if none did. {@link
 * #close()} stops them.
 */
final class Drill implements AutoCloseable {
  /** How long a drill waits for the pipeline to catch up after an outage. */
  static final Duration PATIENCE = Duration.ofMinutes(6);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The simulator's traffic every drill replays: every scenario once, four plain requests. */
  static Simulation traffic() {
    return new TrafficSimulator(
            SimulationSettings.defaults(System.currentTimeMillis()).withVolume(1, 4))
        .generate();
  }

  final List<String> fatal = new CopyOnWriteArrayList<>();
  final Map<String, String> env;
  final String prefix;
  private final String openSearchUrl;
  private StreamsService streams;
  private IngestService ingest;

  private Drill(String prefix, String kafka, String openSearchUrl) {
    this.prefix = prefix;
    this.openSearchUrl = openSearchUrl;
    this.env = new HashMap<>();
    env.put("CORRELATE_KAFKA_BOOTSTRAP", kafka);
    env.put("CORRELATE_OPENSEARCH_URL", openSearchUrl);
    env.put("CORRELATE_TOPIC_PREFIX", prefix);
    env.put("CORRELATE_INDEX_PREFIX", prefix);
    env.put("CORRELATE_STATE_DIR", SharedStack.scratchDir("drill-" + prefix + "-").toString());
    env.put("CORRELATE_HOLD_TIME", "3s");
    env.put("CORRELATE_EMIT_INTERVAL", "500ms");
    env.put("CORRELATE_COMMIT_INTERVAL", "100ms");
    env.put("CORRELATE_BULK_FLUSH_INTERVAL", "200ms");
    // a run that met an outage is retried soon, so health is whole again once the drill is over
    env.put("CORRELATE_RETENTION_INTERVAL", "20s");
    env.put("CORRELATE_STREAMS_PORT", "0");
    env.put("CORRELATE_INGEST_PORT", "0");
    env.put("CORRELATE_INGEST_SEND_TIMEOUT_MS", "5000");
  }

  /** A drill on {@code prefix}'s topics and indices of the broker and node given. */
  static Drill on(String prefix, String kafka, String openSearchUrl) {
    return new Drill(prefix, kafka, openSearchUrl);
  }

  /** Sets {@code variables} for the parts started after this call. */
  Drill with(Map<String, String> variables) {
    env.putAll(variables);
    return this;
  }

  private Fatal recorder() {
    return (part, cause) -> fatal.add(part + ": " + cause);
  }

  /** Starts streams (topics, Kafka Streams, the indexer, its health endpoint). */
  Drill withStreams() {
    streams = StreamsMain.start(StreamsMain.settings(env), recorder());
    return this;
  }

  /** Starts ingest as well. */
  Drill withIngest() {
    ingest = IngestMain.start(IngestMain.settings(env), recorder());
    return this;
  }

  StreamsService streams() {
    return streams;
  }

  URI firehose() {
    return URI.create("http://127.0.0.1:" + ingest.port() + "/ingest/firehose");
  }

  /** Posts {@code requests} to ingest as Firehose does (retrying 5xx); all must be accepted. */
  void post(List<FirehoseRequest> requests) {
    FirehoseReplay.Result result = new FirehoseReplay(firehose(), Optional.empty()).post(requests);
    assertThat(result.rejected()).as(result.problems().toString()).isZero();
  }

  /** The raw events of {@code requests}, as ingest would have written them. */
  static List<RawLogEvent> events(List<FirehoseRequest> requests) {
    List<RawLogEvent> events = new ArrayList<>();
    requests.forEach(r -> events.addAll(r.events(r.timestamp())));
    return events;
  }

  Reconciliation reconciliation() {
    return new Reconciliation(openSearchUrl, prefix);
  }

  /** Streams' health document as served on its endpoint, and its HTTP status in {@code status}. */
  JsonNode health() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + streams.port() + "/health"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode report = Json.mapper().readTree(response.body());
      assertThat(response.statusCode())
          .as("status of %s", report)
          .isEqualTo(report.path("status").asText().equals("unhealthy") ? 503 : 200);
      return report;
    } catch (IOException e) {
      throw new IllegalStateException("streams' health endpoint did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of one dependency in streams' health document. */
  String dependency(String name) {
    return health().path("dependencies").path(name).path("status").asText();
  }

  /** Waits until streams' health is healthy again, every dependency included. */
  void awaitHealthy() throws InterruptedException {
    Reconciliation.await(() -> "healthy".equals(health().path("status").asText()), PATIENCE);
  }

  @Override
  public void close() {
    if (ingest != null) {
      ingest.close();
    }
    if (streams != null) {
      streams.close();
    }
  }
}

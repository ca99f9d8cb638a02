package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.topics.DeadLetterHeaders;
import dev.correlate.simulator.CloudWatchEvent;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.FirehoseRequests;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.Simulation;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.testkit.ChildJvm;
import dev.correlate.testkit.ContractedMetrics;
import dev.correlate.testkit.RawTopic;
import dev.correlate.testkit.Reconciliation;
import dev.correlate.testkit.Scrape;
import dev.correlate.testkit.SharedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole streams deployable on the real broker and OpenSearch node of the test kit, fed with the
 * traffic simulator's CloudWatch events (duplicates included) and checked against its ground truth:
 * every event indexed once with exactly its ids, every job and request timeline with exactly its
 * events and times.
 */
class StreamsPipelineIT {
  private static final Duration WAIT = Duration.ofMinutes(6);
  private static Simulation simulation;
  private static List<RawLogEvent> delivered;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path stateDir;

  @BeforeAll
  static void simulate() {
    SimulationSettings settings =
        SimulationSettings.defaults(System.currentTimeMillis()).withVolume(1, 4);
    simulation = new TrafficSimulator(settings).generate();
    delivered = new ArrayList<>();
    for (FirehoseRequest request : simulation.requests()) {
      delivered.addAll(request.events(request.timestamp()));
    }
    assertThat(delivered).hasSize((int) simulation.truth().counts().deliveredEvents());
  }

  private Map<String, String> env(String prefix, String instance) {
    Map<String, String> env = new HashMap<>();
    env.put("CORRELATE_KAFKA_BOOTSTRAP", SharedStack.kafka().bootstrapServers());
    env.put("CORRELATE_OPENSEARCH_URL", SharedStack.openSearch().url());
    env.put("CORRELATE_TOPIC_PREFIX", prefix);
    env.put("CORRELATE_INDEX_PREFIX", prefix);
    env.put("CORRELATE_STREAMS_STATE_DIR", stateDir.resolve(instance).toString());
    env.put("CORRELATE_HOLD_TIME", "3s");
    env.put("CORRELATE_EMIT_INTERVAL", "500ms");
    env.put("CORRELATE_COMMIT_INTERVAL", "100ms");
    env.put("CORRELATE_BULK_FLUSH_INTERVAL", "200ms");
    env.put("CORRELATE_STREAMS_PORT", "0");
    env.put("CORRELATE_METRICS_INTERVAL", "1s");
    return env;
  }

  /**
   * Writes {@code events} to the raw topic of {@code prefix} on the shared broker, as ingest does.
   */
  private static void produce(String prefix, List<RawLogEvent> events) {
    RawTopic.produce(SharedStack.kafka().bootstrapServers(), prefix + ".raw", events);
  }

  @Test
  void oneInstance_indexesEveryEventWithItsIds_andEveryTimelineMatchesTheGroundTruth()
      throws Exception {
    try (StreamsService service = StreamsMain.start(StreamsMain.settings(env("p1", "a")))) {
      produce("p1", delivered);
      assertMatchesTruth("p1");
      assertThat(service.check().healthy()).isTrue();

      String base = "http://127.0.0.1:" + service.port();
      HttpResponse<String> health =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      JsonNode report = Json.mapper().readTree(health.body());
      assertThat(report.path("dependencies").path("kafka-streams").path("status").asText())
          .isEqualTo("healthy");
      assertThat(report.path("dependencies").path("indexer-lag").path("status").asText())
          .isEqualTo("healthy");
      GroundTruth truth = simulation.truth();
      Map<String, Double> jobs = new HashMap<>();
      for (String status : List.of("running", "completed", "failed", "stuck")) {
        jobs.put(
            "status=\"" + status + "\"",
            (double) truth.jobs().values().stream().filter(j -> j.status().equals(status)).count());
      }
      // the gauges are measured every second on the index as last refreshed (a measurement can
      // precede the refresh
      // that shows the last summaries, while the lag measured right after it is already 0): they
      // agree with the
      // truth by status within a few measurements; lag reaches 0 once both groups committed
      // everything
      List<String> seen = new ArrayList<>();
      waitFor(
          () -> {
            Scrape s = Scrape.of(scrape(service));
            seen.add(
                s.series("correlate_streams_jobs")
                    + " "
                    + s.series("correlate_consumer_lag_records"));
            return s.series("correlate_streams_jobs").equals(jobs)
                && !s.series("correlate_consumer_lag_records").isEmpty()
                && s.sum("correlate_consumer_lag_records") == 0;
          },
          () ->
              "jobs by status expected "
                  + jobs
                  + ", jobs and lag last seen "
                  + seen.get(seen.size() - 1));
      String metrics = scrape(service);
      assertThat(ContractedMetrics.scraped(metrics))
          .as("families on /metrics vs deploy/prometheus/metrics.json")
          .isEqualTo(ContractedMetrics.exportedBy("streams"));
      assertThat(metrics)
          .as("the Kafka clients' own families, named in docs/operations.md")
          .contains("kafka_stream_");

      Scrape scrape = Scrape.of(metrics);
      assertThat(scrape.value("correlate_streams_records_in_total", "step=\"stitch\""))
          .as("raw records read")
          .isEqualTo(delivered.size());
      assertThat(scrape.series("correlate_consumer_lag_records").keySet())
          .as("both groups, each of their topics")
          .contains(
              "consumer=\"streams\",topic=\"p1.raw\"",
              "consumer=\"indexer\",topic=\"p1.events\"",
              "consumer=\"indexer\",topic=\"p1.timelines\"");
      assertThat(scrape.sum("correlate_streams_dead_letters_total")).isZero();
      assertThat(scrape.sum("correlate_indexer_bulk_failures_total")).isZero();
      assertThat(scrape.value("correlate_indexer_event_freshness_seconds_count", ""))
          .as("every event written was measured once at least (re-indexed ones again)")
          .isGreaterThanOrEqualTo(truth.counts().events());
      assertThat(scrape.value("correlate_indexer_bulk_latency_seconds_count", "")).isPositive();
      assertThat(scrape.value("correlate_streams_records_out_total", "step=\"indexer\""))
          .as("documents acknowledged: events and summaries")
          .isGreaterThan(truth.counts().events());
    }
  }

  /**
   * A job that stops logging before a task starts is running, then stuck once it has been silent
   * for the stuck threshold (30 s here), with no event: the stuck gauge moves within a minute of
   * the threshold passing (the aggregator's timer, an emission, the indexer's flush, the index
   * refresh and the gauge's measurement, every second here).
   */
  @Test
  void aSilentJob_movesTheStuckGauge_withinAMinuteOfTheStuckThreshold() throws Exception {
    Map<String, String> env = env("p6", "a");
    env.put("CORRELATE_STUCK_AFTER", "30s");
    try (StreamsService service = StreamsMain.start(StreamsMain.settings(env))) {
      long sent = System.currentTimeMillis();
      String job = "bt-st" + Long.toString(sent % 1_000_000_000L, 36);
      FirehoseRequest request =
          FirehoseRequests.of(
              "/ecs/tradai-backend-dev",
              "backend/backend/0123456789abcdef0123456789abcdef",
              List.of(
                  new CloudWatchEvent(
                      FirehoseRequests.eventId(sent, 1),
                      sent,
                      "{\"asctime\":\"x\",\"levelname\":\"INFO\","
                          + "\"name\":\"tradai.backend.api\",\"message\":\"Backtest "
                          + job
                          + " queued to SQS\","
                          + "\"job_id\":\""
                          + job
                          + "\"}\n")));
      produce("p6", request.events(sent));

      waitFor(
          () ->
              Scrape.of(scrape(service)).value("correlate_streams_jobs", "status=\"running\"")
                  == 1);
      Scrape running = Scrape.of(scrape(service));
      assertThat(running.value("correlate_streams_jobs", "status=\"stuck\""))
          .as("not stuck before the threshold")
          .isZero();
      assertThat(running.value("correlate_streams_jobs_stuck", "category=\"task_never_started\""))
          .isZero();

      long stuckAt = sent + Duration.ofSeconds(30).toMillis();
      while (Scrape.of(scrape(service))
              .value("correlate_streams_jobs_stuck", "category=\"task_never_started\"")
          < 1) {
        assertThat(System.currentTimeMillis())
            .as("the stuck gauge moved within a minute of the threshold")
            .isLessThan(stuckAt + Duration.ofMinutes(1).toMillis());
        Thread.sleep(500);
      }
      Scrape stuck = Scrape.of(scrape(service));
      assertThat(stuck.value("correlate_streams_jobs", "status=\"stuck\"")).isEqualTo(1);
      assertThat(stuck.value("correlate_streams_jobs", "status=\"running\"")).isZero();
    }
  }

  private static String scrape(StreamsService service) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void twoInstancesOnOneTopicSet_giveTheSameTimelinesAsOne() throws Exception {
    try (StreamsService a = StreamsMain.start(StreamsMain.settings(env("p2", "a")));
        StreamsService b = StreamsMain.start(StreamsMain.settings(env("p2", "b")))) {
      produce("p2", delivered);
      assertMatchesTruth("p2");
    }
  }

  @Test
  void stoppingAndRestartingMidRun_losesAndDuplicatesNothing() throws Exception {
    int half = delivered.size() / 2;
    try (StreamsService first = StreamsMain.start(StreamsMain.settings(env("p3", "a")))) {
      produce("p3", delivered.subList(0, half));
      waitFor(() -> reconciliation("p3").events() > 0);
    }
    produce("p3", delivered.subList(half, delivered.size()));
    try (StreamsService second = StreamsMain.start(StreamsMain.settings(env("p3", "a")))) {
      assertMatchesTruth("p3");
    }
  }

  @Test
  void unreadableInput_isQuarantinedWithStageAndReason_byStreamsAndByTheIndexer() throws Exception {
    try (StreamsService service = StreamsMain.start(StreamsMain.settings(env("p5", "a")));
        var producer =
            new KafkaProducer<>(
                Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedStack.kafka().bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              "p5.raw", "g|s", "not a raw event".getBytes(StandardCharsets.UTF_8)));
      producer.send(
          new ProducerRecord<>(
              "p5.events", "e-1", "not an event".getBytes(StandardCharsets.UTF_8)));
      producer.flush();

      Map<String, String> reasons = new HashMap<>();
      Map<String, Object> config =
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              SharedStack.kafka().bootstrapServers(),
              ConsumerConfig.GROUP_ID_CONFIG,
              "p5-check",
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
              "earliest",
              ConsumerConfig.ISOLATION_LEVEL_CONFIG,
              "read_committed");
      try (var consumer =
          new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of("p5.deadletter"));
        waitFor(
            () -> {
              for (var record : consumer.poll(Duration.ofMillis(500))) {
                reasons.put(
                    new String(record.value(), StandardCharsets.UTF_8),
                    header(record, DeadLetterHeaders.STAGE)
                        + "/"
                        + header(record, DeadLetterHeaders.REASON));
              }
              return reasons.size() == 2;
            });
      }
      assertThat(reasons)
          .containsEntry("not a raw event", "streams/bad_raw_event")
          .containsEntry("not an event", "indexer/unreadable_record");
      Scrape metrics = Scrape.of(scrape(service));
      assertThat(metrics.series("correlate_streams_dead_letters_total"))
          .as("counted by stage and reason")
          .containsEntry("reason=\"bad_raw_event\",stage=\"streams\"", 1.0)
          .containsEntry("reason=\"unreadable_record\",stage=\"indexer\"", 1.0)
          .containsEntry("reason=\"processing_failed\",stage=\"streams\"", 0.0);
      // quarantining is not a failure; the dead letters can arrive while Kafka Streams settles a
      // follow-up
      // rebalance (reported as degraded), so healthy is awaited rather than asserted at that
      // instant
      waitFor(() -> service.check().healthy());
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void killingTheProcessMidRun_losesAndDuplicatesNothing() throws Exception {
    int half = delivered.size() / 2;
    Map<String, String> env = env("p4", "a");
    Process first = startChild(env, "first");
    try {
      produce("p4", delivered.subList(0, half));
      waitFor(() -> reconciliation("p4").events() > 0);
    } finally {
      first.destroyForcibly().waitFor();
    }
    produce("p4", delivered.subList(half, delivered.size()));
    Process second = startChild(env, "second");
    try {
      assertMatchesTruth("p4");
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  /** {@link StreamsMain} in its own JVM, so that it can be killed with SIGKILL. */
  private static Process startChild(Map<String, String> env, String name) {
    return ChildJvm.start(StreamsMain.class.getName(), List.of(), env, "streams-child-" + name);
  }

  private void assertMatchesTruth(String prefix) throws Exception {
    reconciliation(prefix).assertMatches(simulation.truth(), WAIT);
  }

  private static Reconciliation reconciliation(String prefix) {
    return new Reconciliation(SharedStack.openSearch().url(), prefix);
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    Reconciliation.await(condition, WAIT);
  }

  private static void waitFor(BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    Reconciliation.await(condition, WAIT, what);
  }
}

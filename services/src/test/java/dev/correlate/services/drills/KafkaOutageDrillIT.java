package dev.correlate.services.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.localstack.LocalKafka;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.Simulation;
import dev.correlate.testkit.Reconciliation;
import dev.correlate.testkit.SharedStack;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault drills on a broker of the drills' own (it is frozen and restarted), with ingest and streams
 * on it and the shared OpenSearch node: Kafka frozen for 90 s under streams and the indexer, and a
 * Firehose retry storm across a broker restart. Each ends with the simulator's ground truth exactly
 * in the indices, health healthy again and no part having ended the process.
 */
class KafkaOutageDrillIT {
  private static final Duration FREEZE = Duration.ofSeconds(90);
  private static final int STORM = 5;
  private static LocalKafka broker;
  private static Simulation simulation;

  @BeforeAll
  static void startBroker() {
    broker = LocalKafka.onFreePorts(SharedStack.scratchDir("drill-kafka-")).start();
    simulation = Drill.traffic();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static Drill drill(String prefix) {
    return Drill.on(prefix, broker.bootstrapServers(), SharedStack.openSearch().url())
        .withIngest()
        .withStreams();
  }

  @Test
  void kafkaFrozenFor90Seconds_underStreamsAndTheIndexer_resumesWithNothingLostOrDoubled()
      throws Exception {
    List<FirehoseRequest> requests = simulation.requests();
    int half = requests.size() / 2;
    try (Drill drill = drill("k-freeze")) {
      Reconciliation indexed = drill.reconciliation();
      drill.post(requests.subList(0, half));
      Reconciliation.await(() -> indexed.events() > 0, Drill.PATIENCE);

      long back = System.nanoTime() + FREEZE.toNanos();
      broker.freeze();
      try {
        // what Firehose sends meanwhile is refused with 503, which Firehose retries: not
        // acknowledged, not lost
        HttpResponse<String> during =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(drill.firehose())
                        .timeout(Duration.ofMinutes(2))
                        .header("X-Amz-Firehose-Request-Id", requests.get(half).requestId())
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                requests.get(half).toJson(), StandardCharsets.UTF_8))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        Reconciliation.await(() -> "unhealthy".equals(drill.dependency("kafka")), FREEZE);
        Thread.sleep(Math.max(0, (back - System.nanoTime()) / 1_000_000));
        assertThat(drill.fatal).isEmpty();
      } finally {
        broker.thaw();
      }
      drill.post(requests.subList(half, requests.size()));

      indexed.assertMatches(simulation.truth(), Drill.PATIENCE);
      drill.awaitHealthy();
      assertThat(drill.fatal).as("no part ended the process").isEmpty();
    }
  }

  /**
   * Firehose retries what it believes failed, and its retries overlap: every request is posted five
   * times at once, then the broker restarts, then everything is posted five times at once again.
   * Each event is indexed once, each timeline counts it once.
   */
  @Test
  void
      firehoseRetryStorm_fiveConcurrentCopies_andAgainAfterABrokerRestart_givesEveryEventExactlyOnce()
          throws Exception {
    List<FirehoseRequest> requests = simulation.requests();
    try (Drill drill = drill("k-storm")) {
      storm(drill, requests);
      Reconciliation.await(() -> drill.reconciliation().events() > 0, Drill.PATIENCE);

      broker.stop();
      broker.start();
      storm(drill, requests);

      drill.reconciliation().assertMatches(simulation.truth(), Drill.PATIENCE);
      drill.awaitHealthy();
      assertThat(drill.fatal).as("no part ended the process").isEmpty();
    }
  }

  /** Every request, in delivery order, posted {@link #STORM} times at once. */
  private static void storm(Drill drill, List<FirehoseRequest> requests) throws Exception {
    ExecutorService posters = Executors.newFixedThreadPool(STORM);
    try {
      for (FirehoseRequest request : requests) {
        List<Future<?>> copies = new ArrayList<>();
        for (int i = 0; i < STORM; i++) {
          copies.add(posters.submit(() -> drill.post(List.of(request))));
        }
        for (Future<?> copy : copies) {
          copy.get();
        }
      }
    } finally {
      posters.shutdownNow();
    }
  }
}

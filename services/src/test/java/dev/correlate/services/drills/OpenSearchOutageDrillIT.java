package dev.correlate.services.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.RawLogEvent;
import dev.correlate.localstack.LocalOpenSearch;
import dev.correlate.simulator.Simulation;
import dev.correlate.testkit.RawTopic;
import dev.correlate.testkit.Reconciliation;
import dev.correlate.testkit.SharedStack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault drill: OpenSearch stopped, then frozen, for 60 s under a running indexer, on a node of the
 * drill's own (the shared one serves other tests). Traffic keeps arriving during the outage;
 * afterwards the pipeline catches up with no manual step, every event is indexed exactly once with
 * exactly its ids, every timeline matches the simulator's ground truth, health is healthy again and
 * no part ended the process. During the outage health says what is wrong.
 */
class OpenSearchOutageDrillIT {
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static LocalOpenSearch node;
  private static Simulation simulation;

  @BeforeAll
  static void startNode() {
    node =
        LocalOpenSearch.onFreePorts(
                LocalOpenSearch.defaultHome(), SharedStack.scratchDir("drill-opensearch-"))
            .start();
    simulation = Drill.traffic();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void openSearchStoppedFor60Seconds_underARunningIndexer_resumesWithNothingLostOrDoubled()
      throws Exception {
    outage("os-stop", node::stop, node::start);
  }

  @Test
  void openSearchFrozenFor60Seconds_underARunningIndexer_resumesWithNothingLostOrDoubled()
      throws Exception {
    outage("os-freeze", node::freeze, node::thaw);
  }

  private void outage(String prefix, Runnable down, Runnable up) throws Exception {
    List<RawLogEvent> events = Drill.events(simulation.requests());
    int half = events.size() / 2;
    try (Drill drill =
        Drill.on(prefix, SharedStack.kafka().bootstrapServers(), node.url()).withStreams()) {
      Reconciliation indexed = drill.reconciliation();
      RawTopic.produce(
          SharedStack.kafka().bootstrapServers(), prefix + ".raw", events.subList(0, half));
      Reconciliation.await(() -> indexed.events() > 0, Drill.PATIENCE);

      long back = System.nanoTime() + OUTAGE.toNanos();
      down.run();
      try {
        RawTopic.produce(
            SharedStack.kafka().bootstrapServers(),
            prefix + ".raw",
            events.subList(half, events.size()));
        // while OpenSearch is away, health says so, and the indexer waits rather than dying
        Reconciliation.await(
            () ->
                "unhealthy".equals(drill.dependency("opensearch"))
                    && "unhealthy".equals(drill.dependency("indexer")),
            OUTAGE);
        assertThat(drill.streams().health().httpStatus()).isEqualTo(503);
        Thread.sleep(Math.max(0, (back - System.nanoTime()) / 1_000_000));
        assertThat(drill.fatal).isEmpty();
      } finally {
        up.run();
      }

      indexed.assertMatches(simulation.truth(), Drill.PATIENCE);
      drill.awaitHealthy();
      assertThat(drill.dependency("indexer")).isEqualTo("healthy");
      assertThat(drill.fatal).as("no part ended the process").isEmpty();
    }
  }
}

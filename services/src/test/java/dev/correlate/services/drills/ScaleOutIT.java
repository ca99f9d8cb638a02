package dev.correlate.services.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.localstack.LocalOpenSearch;
import dev.correlate.localstack.LocalOpenSearchCluster;
import dev.correlate.localstack.Ports;
import dev.correlate.services.Services;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.Simulation;
import dev.correlate.testkit.ChildJvm;
import dev.correlate.testkit.Reconciliation;
import dev.correlate.testkit.SharedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-out: two streams processes — the service artifact's main, each in a JVM of its own with its
 * own port and state directory, one application id — on a two-node OpenSearch cluster, every index
 * with 2 shards and 1 replica, fed with the simulator's traffic through ingest. Both processes take
 * a share of the partitions; one is killed (SIGKILL) mid-run while traffic keeps arriving, the
 * other takes its partitions over, and it is started again. Afterwards the indices hold exactly the
 * simulator's ground truth (every event once with exactly its ids, every timeline with exactly its
 * events and times), both processes report themselves healthy, and the cluster is green: every
 * replica assigned, on the other node than its primary.
 */
class ScaleOutIT {
  private static final String PREFIX = "scale";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Two primaries and one replica for every index the indexer creates. */
  private static final Map<String, String> TWO_SHARDS_ONE_REPLICA =
      Map.of(
          "CORRELATE_EVENTS_SHARDS", "2",
          "CORRELATE_TIMELINES_SHARDS", "2",
          "CORRELATE_OPENSEARCH_REPLICAS", "1");

  /** The consumer groups of Kafka Streams and of the indexer. */
  private static final List<String> GROUPS = List.of(PREFIX + "-streams", PREFIX + "-indexer");

  private static LocalOpenSearchCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster =
        LocalOpenSearchCluster.onFreePorts(
                LocalOpenSearch.defaultHome(), SharedStack.scratchDir("scale-out-opensearch-"), 2)
            .start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void twoStreamsProcesses_onTwoNodes_oneKilledMidRun_indexExactlyTheGroundTruth()
      throws Exception {
    Simulation simulation = Drill.traffic();
    List<FirehoseRequest> requests = simulation.requests();
    int half = requests.size() / 2;
    String kafka = SharedStack.kafka().bootstrapServers();
    try (Drill drill = Drill.on(PREFIX, kafka, cluster.url()).with(TWO_SHARDS_ONE_REPLICA);
        StreamsProcess a = new StreamsProcess(drill, "a");
        StreamsProcess b = new StreamsProcess(drill, "b");
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      a.start();
      b.start();
      drill.withIngest();
      Reconciliation indexed = drill.reconciliation();

      drill.post(requests.subList(0, half));
      // Kafka Streams and the indexer each spread their partitions over both processes
      for (String group : GROUPS) {
        Reconciliation.await(
            () -> membersWithPartitions(admin, group) == 2,
            Drill.PATIENCE,
            () -> group + " has two members, each with partitions");
      }
      Reconciliation.await(() -> indexed.events() > 0, Drill.PATIENCE);

      a.kill();
      drill.post(requests.subList(half, requests.size()));
      // once the killed member's session has expired, the survivor owns every partition
      for (String group : GROUPS) {
        Reconciliation.await(
            () -> membersWithPartitions(admin, group) == 1,
            Drill.PATIENCE,
            () -> group + " is down to the surviving member");
      }
      a.start();

      indexed.assertMatches(simulation.truth(), Drill.PATIENCE);
      a.awaitHealthy();
      b.awaitHealthy();
      assertThat(drill.fatal).as("no part of ingest reported a fatal error").isEmpty();
      assertThat(b.isAlive()).as("the process not killed ran throughout").isTrue();
    }

    JsonNode health = get("/_cluster/health/" + PREFIX + "-*?wait_for_status=green&timeout=60s");
    assertThat(health.path("status").asText()).as("%s", health).isEqualTo("green");
    assertThat(health.path("number_of_nodes").asInt()).isEqualTo(2);
    assertThat(health.path("unassigned_shards").asInt()).isZero();
    assertEveryReplicaOnTheOtherNode();
  }

  /**
   * Every index of the prefix (the daily events indices, the timelines) has 2 primaries, each with
   * a started replica on the node that does not hold the primary.
   */
  private static void assertEveryReplicaOnTheOtherNode() {
    JsonNode shards =
        get("/_cat/shards/" + PREFIX + "-*?format=json&h=index,shard,prirep,state,node");
    Map<String, Set<String>> nodesByShard = new HashMap<>();
    Set<String> indices = new HashSet<>();
    for (JsonNode shard : shards) {
      assertThat(shard.path("state").asText()).as("%s", shard).isEqualTo("STARTED");
      indices.add(shard.path("index").asText());
      nodesByShard
          .computeIfAbsent(
              shard.path("index").asText() + "/" + shard.path("shard").asText(),
              k -> new HashSet<>())
          .add(shard.path("node").asText());
    }
    assertThat(indices)
        .as("events and timelines indices")
        .anyMatch(index -> index.startsWith(PREFIX + "-events"))
        .anyMatch(index -> index.startsWith(PREFIX + "-timelines"));
    assertThat(nodesByShard).as("2 primaries per index").hasSize(2 * indices.size());
    assertThat(nodesByShard.values())
        .as("each shard's primary and replica, on two nodes: %s", shards)
        .allSatisfy(nodes -> assertThat(nodes).containsExactlyInAnyOrder("node-0", "node-1"));
  }

  /** Members of the consumer group {@code group} that own at least one partition. */
  private static long membersWithPartitions(Admin admin, String group) {
    try {
      ConsumerGroupDescription description =
          admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      return description.members().stream()
          .map(MemberDescription::assignment)
          .filter(assignment -> !assignment.topicPartitions().isEmpty())
          .count();
    } catch (ExecutionException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(cluster.url() + path))
                  .timeout(Duration.ofSeconds(90))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("the OpenSearch cluster did not answer GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * One streams process ({@code correlate-services streams}) of the drill's application, with its
   * own state directory and HTTP port; started again on the same directory after a kill.
   */
  private static final class StreamsProcess implements AutoCloseable {
    private final String name;
    private final Map<String, String> env;
    private Process process;

    StreamsProcess(Drill drill, String name) {
      this.name = name;
      this.env = new HashMap<>(drill.env);
      env.put(
          "CORRELATE_STREAMS_STATE_DIR",
          SharedStack.scratchDir("scale-out-streams-" + name + "-").toString());
      env.put("CORRELATE_STREAMS_PORT", String.valueOf(Ports.free()));
    }

    /** Starts the process and returns once its health endpoint answers. */
    void start() throws InterruptedException {
      process =
          ChildJvm.start(
              Services.class.getName(), List.of("streams"), env, "scale-out-streams-" + name);
      awaitHealth(status -> !status.isEmpty());
    }

    /** Waits until the process reports itself healthy, every dependency included. */
    void awaitHealthy() throws InterruptedException {
      awaitHealth("healthy"::equals);
    }

    private void awaitHealth(Predicate<String> wanted) throws InterruptedException {
      Reconciliation.await(
          () -> {
            assertThat(process.isAlive())
                .as("streams %s running (see target/scale-out-streams-%s.log)", name, name)
                .isTrue();
            return wanted.test(healthStatus());
          },
          Drill.PATIENCE,
          () -> "streams " + name + " health: " + healthStatus());
    }

    /** The status its health endpoint reports, or "" while it does not answer. */
    private String healthStatus() {
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + env.get("CORRELATE_STREAMS_PORT") + "/health"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(response.body()).path("status").asText();
      } catch (IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
      return process != null && process.isAlive();
    }

    /** SIGTERM, and waits for the shutdown hook to close the service. */
    @Override
    public void close() {
      if (process != null) {
        process.destroy();
        try {
          process.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}

package dev.correlate.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalOpenSearchClusterIT {
  private static LocalOpenSearchCluster cluster;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startCluster() {
    cluster =
        LocalOpenSearchCluster.onFreePorts(
                LocalOpenSearch.defaultHome(), ScratchDir.create("local-opensearch-cluster-it-"), 2)
            .start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void twoNodes_formOneCluster_andPlaceAReplicaOnTheOtherNodeThanItsPrimary() throws Exception {
    assertThat(call("GET", "/_cat/nodes?h=name", null).lines().sorted().toList())
        .containsExactly("node-0", "node-1");

    call("PUT", "/replicated", "{\"settings\":{\"number_of_shards\":2,\"number_of_replicas\":1}}");
    String health =
        call("GET", "/_cluster/health/replicated?wait_for_status=green&timeout=60s", null);
    assertThat(health).contains("\"status\":\"green\"").contains("\"number_of_nodes\":2");

    for (String shard : new String[] {"0", "1"}) {
      Set<String> holders = new HashSet<>();
      call("GET", "/_cat/shards/replicated?h=shard,node", null)
          .lines()
          .map(line -> line.trim().split("\\s+"))
          .filter(fields -> fields[0].equals(shard))
          .forEach(fields -> holders.add(fields[1]));
      assertThat(holders).as("nodes holding shard %s", shard).hasSize(2);
    }
    // the second node serves the same cluster
    assertThat(get(cluster.nodes().get(1).url() + "/_cat/indices/replicated?h=index").trim())
        .isEqualTo("replicated");
  }

  private String call(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(200);
    return response.body();
  }

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

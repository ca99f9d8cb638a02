package dev.correlate.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalOpenSearchIT {
  private static LocalOpenSearch node;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startNode() {
    node =
        LocalOpenSearch.onFreePorts(
                LocalOpenSearch.defaultHome(), ScratchDir.create("local-opensearch-it-"))
            .start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void anIndexedDocument_canBeReadBackById() throws Exception {
    String base = node.url();
    String index = "it-" + UUID.randomUUID();

    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/" + index + "/_doc/e1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"message\":\"hello\",\"correlation_id\":\"c-1\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/" + index + "/_doc/e1")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).contains("\"found\":true").contains("\"correlation_id\":\"c-1\"");
  }
}

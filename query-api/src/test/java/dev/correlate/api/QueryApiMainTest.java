package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryApiMainTest {

  @Test
  void settings_defaults_areLocal() {
    QueryApiSettings settings = QueryApiMain.settings(Map.of());

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.tokens()).isEmpty();
    assertThat(settings.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(settings.streamsGroup()).isEqualTo("correlate-streams");
    assertThat(settings.indexerGroup()).isEqualTo("correlate-indexer");
    assertThat(settings.openSearch().url()).isEqualTo(URI.create("http://127.0.0.1:9200"));
    assertThat(settings.openSearch().indexPrefix()).isEqualTo("correlate");
    assertThat(settings.accessLog()).isEqualTo(new AccessLog(AccessLog.Requests.ERRORS, AccessLog.Format.JSON));
  }

  @Test
  void settings_readEveryVariable() {
    QueryApiSettings settings = QueryApiMain.settings(Map.of(
        "CORRELATE_API_HOST", "0.0.0.0", "CORRELATE_API_PORT", "9090",
        "CORRELATE_API_TOKENS", " first-token-0123456789 , second-token-0123456789 ,",
        "CORRELATE_API_MAX_EVIDENCE", "5", "CORRELATE_KAFKA_BOOTSTRAP", "kafka:9092",
        "CORRELATE_STREAMS_APPLICATION_ID", "s", "CORRELATE_INDEXER_GROUP", "i",
        "CORRELATE_API_HEALTH_MAX_LAG", "7", "CORRELATE_API_HEALTH_TIMEOUT_MS", "300",
        "CORRELATE_OPENSEARCH_URL", "https://search:9200"));

    assertThat(settings.bindHost()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isEqualTo(9090);
    assertThat(settings.tokens()).containsExactly("first-token-0123456789", "second-token-0123456789");
    assertThat(settings.maxEvidence()).isEqualTo(5);
    assertThat(settings.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(settings.streamsGroup()).isEqualTo("s");
    assertThat(settings.indexerGroup()).isEqualTo("i");
    assertThat(settings.lagDegradedAt()).isEqualTo(7);
    assertThat(settings.healthTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(settings.openSearch().url()).isEqualTo(URI.create("https://search:9200"));
  }

  @Test
  void settings_readTheAccessLogVariables() {
    QueryApiSettings settings = QueryApiMain.settings(Map.of("CORRELATE_ACCESS_LOG", "all",
        "CORRELATE_ACCESS_LOG_FORMAT", "text"));

    assertThat(settings.accessLog()).isEqualTo(new AccessLog(AccessLog.Requests.ALL, AccessLog.Format.TEXT));
  }

  @Test
  void settings_groupNames_followTheTopicPrefix_asStreamsNamesThem() {
    QueryApiSettings settings = QueryApiMain.settings(Map.of("CORRELATE_TOPIC_PREFIX", "staging"));

    assertThat(settings.streamsGroup()).isEqualTo("staging-streams");
    assertThat(settings.indexerGroup()).isEqualTo("staging-indexer");
  }

  @Test
  void settings_invalidValue_namesTheVariable() {
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_API_PORT", "http")))
        .hasMessageStartingWith("CORRELATE_API_PORT");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_API_PORT", "70000")))
        .hasMessageStartingWith("CORRELATE_API_PORT");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_API_TOKENS", "short")))
        .hasMessageStartingWith("CORRELATE_API_TOKENS");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_OPENSEARCH_URL", "ftp://x")))
        .hasMessageStartingWith("CORRELATE_OPENSEARCH_URL");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_INDEX_PREFIX", "Upper")))
        .hasMessageStartingWith("CORRELATE_INDEX_PREFIX");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_ACCESS_LOG", "verbose")))
        .hasMessageStartingWith("CORRELATE_ACCESS_LOG:");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_ACCESS_LOG_FORMAT", "xml")))
        .hasMessageStartingWith("CORRELATE_ACCESS_LOG_FORMAT:");
  }

  @Test
  void start_withNothingReachable_servesUnhealthy503_andStopsCleanly() throws Exception {
    QueryApiSettings settings = QueryApiMain.settings(Map.of("CORRELATE_API_PORT", "0",
        "CORRELATE_OPENSEARCH_URL", "http://127.0.0.1:1", "CORRELATE_KAFKA_BOOTSTRAP", "127.0.0.1:1",
        "CORRELATE_API_HEALTH_TIMEOUT_MS", "300"));
    try (QueryApiService service = QueryApiMain.start(settings)) {
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + service.port() + "/api/v1/health")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode body = ApiServer.json(health);
      assertThat(body.get("status").asText()).isEqualTo("unhealthy");
      for (String dependency : List.of("opensearch", "kafka", "streams", "indexer")) {
        assertThat(body.get("dependencies").get(dependency).get("status").asText()).as(dependency)
            .isEqualTo("unhealthy");
      }
      assertThat(service.check().healthy()).isFalse();
    }
  }
}

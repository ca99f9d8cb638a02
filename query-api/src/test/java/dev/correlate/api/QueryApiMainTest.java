package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.config.Secret;
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
    assertThat(settings.healthUrls())
        .containsExactly(
            Map.entry("ingest", URI.create("http://127.0.0.1:8081/health")),
            Map.entry("streams", URI.create("http://127.0.0.1:8082/health")));
    assertThat(settings.openSearch().url()).isEqualTo(URI.create("http://127.0.0.1:9200"));
    assertThat(settings.openSearch().indexPrefix()).isEqualTo("correlate");
    assertThat(settings.accessLog())
        .isEqualTo(new AccessLog(AccessLog.Requests.ERRORS, AccessLog.Format.JSON));
  }

  @Test
  void settings_readEveryVariable() {
    QueryApiSettings settings =
        QueryApiMain.settings(
            Map.of(
                "CORRELATE_API_HOST",
                "0.0.0.0",
                "CORRELATE_API_PORT",
                "9090",
                "CORRELATE_API_TOKENS",
                " first-token-0123456789 , second-token-0123456789 ,",
                "CORRELATE_API_MAX_EVIDENCE",
                "5",
                "CORRELATE_API_HEALTH_URLS",
                "streams=http://streams:8082/health, ingest=https://ingest/health",
                "CORRELATE_API_HEALTH_TIMEOUT_MS",
                "300",
                "CORRELATE_OPENSEARCH_URL",
                "https://search:9200"));

    assertThat(settings.bindHost()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isEqualTo(9090);
    assertThat(settings.tokens())
        .extracting(Secret::value)
        .containsExactly("first-token-0123456789", "second-token-0123456789");
    assertThat(settings.toString()).doesNotContain("first-token");
    assertThat(settings.maxEvidence()).isEqualTo(5);
    assertThat(settings.healthUrls())
        .containsExactly(
            Map.entry("streams", URI.create("http://streams:8082/health")),
            Map.entry("ingest", URI.create("https://ingest/health")));
    assertThat(settings.healthTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(settings.openSearch().url()).isEqualTo(URI.create("https://search:9200"));
  }

  @Test
  void settings_readTheAccessLogVariables_ignoringCase() {
    QueryApiSettings settings =
        QueryApiMain.settings(
            Map.of("CORRELATE_ACCESS_LOG", "ALL", "CORRELATE_ACCESS_LOG_FORMAT", "text"));

    assertThat(settings.accessLog())
        .isEqualTo(new AccessLog(AccessLog.Requests.ALL, AccessLog.Format.TEXT));
  }

  @Test
  void settings_invalidValue_namesTheVariable() {
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_API_PORT", "http")))
        .hasMessage("CORRELATE_API_PORT=http: not an integer");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_API_PORT", "70000")))
        .hasMessage("CORRELATE_API_PORT=70000: must be from 0 to 65535");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_API_TOKENS", "short")))
        .hasMessage(
            "CORRELATE_API_TOKENS=<redacted>: every API token must be at least 16 characters");
    assertThatThrownBy(
            () ->
                QueryApiMain.settings(Map.of("CORRELATE_API_HEALTH_URLS", "http://streams/health")))
        .hasMessageStartingWith(
            "CORRELATE_API_HEALTH_URLS=http://streams/health: not name=url pairs");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_OPENSEARCH_URL", "ftp://x")))
        .hasMessageStartingWith("CORRELATE_OPENSEARCH_URL");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_INDEX_PREFIX", "Upper")))
        .hasMessageStartingWith("CORRELATE_INDEX_PREFIX");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_ACCESS_LOG", "verbose")))
        .hasMessage("CORRELATE_ACCESS_LOG=verbose: not one of off, errors, all");
    assertThatThrownBy(() -> QueryApiMain.settings(Map.of("CORRELATE_ACCESS_LOG_FORMAT", "xml")))
        .hasMessage("CORRELATE_ACCESS_LOG_FORMAT=xml: not one of json, text");
  }

  @Test
  void start_withNothingReachable_servesUnhealthy503_andStopsCleanly() throws Exception {
    QueryApiSettings settings =
        QueryApiMain.settings(
            Map.of(
                "CORRELATE_API_PORT",
                "0",
                "CORRELATE_OPENSEARCH_URL",
                "http://127.0.0.1:1",
                "CORRELATE_API_HEALTH_URLS",
                "ingest=http://127.0.0.1:1/health,streams=http://127.0.0.1:1/health",
                "CORRELATE_API_HEALTH_TIMEOUT_MS",
                "300"));
    try (QueryApiService service = QueryApiMain.start(settings)) {
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + service.port() + "/api/v1/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode body = ApiServer.json(health);
      assertThat(body.get("status").asText()).isEqualTo("unhealthy");
      for (String dependency : List.of("opensearch", "ingest", "streams")) {
        assertThat(body.get("dependencies").get(dependency).get("status").asText())
            .as(dependency)
            .isEqualTo("unhealthy");
      }
      assertThat(service.check().healthy()).isFalse();
    }
  }
}

package dev.correlate.api;

import static dev.correlate.api.QueryApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.config.Secret;
import dev.correlate.testkit.InMemoryTimelineQueries;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryApiAuthTest {
  static final String OLD = "old-token-0123456789";
  static final String NEW = "new-token-9876543210";

  private final InMemoryTimelineQueries store = new InMemoryTimelineQueries();
  private ApiServer api;

  @BeforeEach
  void start() {
    store.put(Fixtures.failedJob("bt-1", Fixtures.T0, Fixtures.T0 + 1_000, 3));
    api =
        new ApiServer(
            QueryApi.create(
                store,
                QueryApiSettings.defaults().withTokens(List.of(new Secret(OLD), new Secret(NEW)))));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void noToken_is401Problem_withBearerChallenge() {
    HttpResponse<String> response = api.get("/api/v1/jobs/bt-1");

    assertProblem(response, 401, "/problems/unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(response.headers().firstValue("X-Correlation-ID")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer wrong-token-0000000000",
        "Basic b2xkOnRva2Vu",
        "Bearer ",
        "Bearer old-token-012345678"
      })
  void wrongToken_is401Problem(String authorization) {
    HttpResponse<String> response = api.get("/api/v1/jobs/bt-1", "Authorization", authorization);

    assertProblem(response, 401, "/problems/unauthorized");
  }

  @Test
  void everyConfiguredToken_isAccepted_soTokensCanBeRotated() {
    assertThat(api.get("/api/v1/jobs/bt-1", "Authorization", "Bearer " + OLD).statusCode())
        .isEqualTo(200);
    assertThat(api.get("/api/v1/jobs/bt-1", "Authorization", "bearer " + NEW).statusCode())
        .isEqualTo(200);
  }

  @Test
  void metrics_needAToken() {
    assertThat(api.get("/metrics").statusCode()).isEqualTo(401);
    assertThat(api.get("/metrics", "Authorization", "Bearer " + NEW).statusCode()).isEqualTo(200);
  }

  @Test
  void healthOpenApiAndTheConsole_areOpen_butTheApiTheConsoleReadsIsNot() {
    assertThat(api.get("/api/v1/health").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/openapi.json").statusCode()).isEqualTo(200);
    HttpResponse<String> page = api.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    Matcher module = Pattern.compile("/console/[0-9a-f]+/app\\.js").matcher(page.body());
    assertThat(module.find()).isTrue();
    assertThat(api.get(module.group()).statusCode()).isEqualTo(200);
    assertProblem(api.get("/api/v1/jobs/stats"), 401, "/problems/unauthorized");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/console/../api/v1/jobs/bt-1",
        "/console/v/../../api/v1/jobs/bt-1",
        "/console/%2e%2e/api/v1/jobs/bt-1",
        "/console/v/%2e%2e%2f%2e%2e%2fapi%2fv1%2fjobs%2fbt-1"
      })
  void theConsolesOpenPrefix_opensNothingElse(String path) {
    HttpResponse<String> response = api.get(path);

    // refused as a path (400) or as no route (404), never served as the API path it resolves to
    assertThat(response.statusCode()).as(response.body()).isIn(400, 404);
    assertThat(response.body()).doesNotContain("MemoryError");
  }

  @Test
  void withoutTokens_theApiBindsLoopbackOnly_whateverTheConfiguredHost() {
    assertThat(QueryApiSettings.defaults().withAddress("0.0.0.0", 8080).bindHost())
        .isEqualTo("127.0.0.1");
    assertThat(
            QueryApiSettings.defaults()
                .withAddress("0.0.0.0", 8080)
                .withTokens(List.of(new Secret(OLD)))
                .bindHost())
        .isEqualTo("0.0.0.0");
  }
}

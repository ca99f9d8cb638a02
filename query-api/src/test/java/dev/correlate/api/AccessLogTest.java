package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.testkit.InMemoryTimelineQueries;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {

  @Test
  void failedRequest_isLoggedAsOneJsonObject_withItsCorrelationId() throws Exception {
    List<String> lines = logged(AccessLog.defaults(), "/api/v1/jobs/bt-9");

    assertThat(lines).hasSize(1);
    JsonNode line = Json.mapper().readTree(lines.get(0));
    assertThat(line.get("correlation_id").asText()).isEqualTo("req-42");
    assertThat(line.get("method").asText()).isEqualTo("GET");
    assertThat(line.get("path").asText()).isEqualTo("/api/v1/jobs/bt-9");
    assertThat(line.get("route").asText()).isEqualTo("/api/v1/jobs/{id}");
    assertThat(line.get("status").asInt()).isEqualTo(404);
    assertThat(line.get("duration_ms").isNumber()).isTrue();
    assertThat(line.get("remote").asText()).isNotEmpty();
    assertThat(line.get("at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void byDefault_successfulRequests_areNotLogged() {
    assertThat(logged(AccessLog.defaults(), "/api/v1/jobs", "/api/v1/openapi.json")).isEmpty();
  }

  @Test
  void all_logsEveryRequest() {
    assertThat(
            logged(
                new AccessLog(AccessLog.Requests.ALL, AccessLog.Format.JSON),
                "/api/v1/jobs",
                "/api/v1/jobs/bt-9"))
        .hasSize(2);
  }

  @Test
  void off_logsNothing_evenFailures() {
    assertThat(
            logged(
                new AccessLog(AccessLog.Requests.OFF, AccessLog.Format.JSON),
                "/api/v1/jobs/bt-9",
                "/api/v1/jobs?status=nonsense"))
        .isEmpty();
  }

  @Test
  void textFormat_isOneReadableLine() {
    List<String> lines =
        logged(
            new AccessLog(AccessLog.Requests.ERRORS, AccessLog.Format.TEXT), "/api/v1/jobs/bt-9");

    assertThat(lines)
        .singleElement()
        .asString()
        .matches("GET /api/v1/jobs/bt-9 404 \\d+\\.\\d ms correlation_id=req-42 remote=\\S+");
  }

  /**
   * The access log lines written while {@code paths} are requested from an API with {@code
   * accessLog}.
   */
  private static List<String> logged(AccessLog accessLog, String... paths) {
    Logger access = (Logger) LoggerFactory.getLogger("dev.correlate.api.access");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    access.addAppender(appender);
    try (ApiServer api =
        new ApiServer(
            QueryApi.create(
                new InMemoryTimelineQueries(),
                QueryApiSettings.defaults().withAccessLog(accessLog)))) {
      for (String path : paths) {
        api.get(path, "X-Correlation-ID", "req-42");
      }
    } finally {
      access.detachAppender(appender);
    }
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}

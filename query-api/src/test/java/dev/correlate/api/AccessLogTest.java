package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.testkit.InMemoryTimelineQueries;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {

  @Test
  void everyRequest_isLoggedAsOneJsonObject_withItsCorrelationId() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger("dev.correlate.api.access");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    access.addAppender(appender);
    try (ApiServer api = new ApiServer(QueryApi.create(new InMemoryTimelineQueries(), QueryApiSettings.defaults()))) {
      api.get("/api/v1/jobs/bt-9", "X-Correlation-ID", "req-42");
    } finally {
      access.detachAppender(appender);
    }

    assertThat(appender.list).hasSize(1);
    JsonNode line = Json.mapper().readTree(appender.list.get(0).getFormattedMessage());
    assertThat(line.get("correlation_id").asText()).isEqualTo("req-42");
    assertThat(line.get("method").asText()).isEqualTo("GET");
    assertThat(line.get("path").asText()).isEqualTo("/api/v1/jobs/bt-9");
    assertThat(line.get("route").asText()).isEqualTo("/api/v1/jobs/{id}");
    assertThat(line.get("status").asInt()).isEqualTo(404);
    assertThat(line.get("duration_ms").isNumber()).isTrue();
    assertThat(line.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }
}

package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DocumentsTest {
  private static final long AT = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();

  private static LogEvent event() {
    return Json.read(
        ("{\"event_id\":\"e1\",\"timestamp\":"
                + AT
                + ",\"received_at\":"
                + (AT + 5)
                + ",\"log_group\":\"/aws/lambda/tradai-orders-prod\",\"log_stream\":\"2026/11/27/[$LATEST]abc\","
                + "\"message\":\"placed \\\"order\\\" {x}\",\"fields\":{\"http.status\":\"200\"},"
                + "\"correlation_ids\":[\"c-1\"],\"lambda_request_id\":\"req-1\"}")
            .getBytes(StandardCharsets.UTF_8),
        LogEvent.class);
  }

  @Test
  void eventFromTheStreamsBytes_isTheEventsFieldsAndItsTime() throws Exception {
    LogEvent e = event();

    byte[] doc = Documents.event(Json.write(e), e.timestamp());

    ObjectNode expected = Json.mapper().valueToTree(e);
    expected.put("@timestamp", "2026-11-27T12:00:00Z");
    assertThat(Json.mapper().readTree(doc)).isEqualTo(expected);
    assertThat(Documents.event(e)).isEqualTo(doc);
    assertThat(new String(doc, StandardCharsets.UTF_8))
        .startsWith("{\"@timestamp\":\"2026-11-27T12:00:00Z\",");
  }

  @Test
  void eventFromBytes_withWhitespaceAroundTheBrace_isStillOneObject() throws Exception {
    byte[] doc = Documents.event(" {\n \"event_id\":\"e1\"}".getBytes(StandardCharsets.UTF_8), AT);

    assertThat(Json.mapper().readTree(doc).path("event_id").asText()).isEqualTo("e1");
    assertThat(Json.mapper().readTree(doc).path("@timestamp").asText())
        .isEqualTo("2026-11-27T12:00:00Z");
  }

  @Test
  void eventFromBytes_thatAreNotAnObjectWithFields_isRefused() {
    for (String json : new String[] {"", "[]", "{}", " { } ", "\"x\""}) {
      assertThatThrownBy(() -> Documents.event(json.getBytes(StandardCharsets.UTF_8), AT))
          .as(json)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

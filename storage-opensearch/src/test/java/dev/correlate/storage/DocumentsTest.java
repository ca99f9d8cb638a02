package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
  void eventFromBytes_timestampIsWrittenAsInstantWritesIt_atEveryKindOfTime() {
    List<Long> times =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                999L,
                AT,
                AT + 1,
                AT + 100,
                AT + 60_000,
                Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli(),
                Instant.parse("2000-03-01T00:00:00.010Z").toEpochMilli(),
                Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
                Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("1969-12-31T23:59:59.500Z").toEpochMilli(),
                Instant.parse("0001-01-01T00:00:00Z").toEpochMilli()));
    Random random = new Random(17);
    for (int i = 0; i < 20_000; i++) {
      times.add(random.nextLong(Instant.parse("2200-01-01T00:00:00Z").toEpochMilli()));
    }
    byte[] json = "{\"event_id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
    for (long time : times) {
      assertThat(new String(Documents.event(json, time), StandardCharsets.UTF_8))
          .as("%d", time)
          .isEqualTo("{\"@timestamp\":\"" + Instant.ofEpochMilli(time) + "\",\"event_id\":\"e1\"}");
    }
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

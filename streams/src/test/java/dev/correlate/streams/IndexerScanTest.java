package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexerScanTest {
  private static IndexerScan.EventHead scan(String json) {
    return IndexerScan.event(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void event_asTheStreamSerializesIt_givesIdTimeAndReceipt() {
    // read and written again: the field order of the stream's serializer, whatever the input's
    LogEvent e =
        Json.read(
            ("{\"received_at\":1700000000456,\"fields\":{\"event_id\":\"not this\"},"
                    + "\"message\":\"m\",\"log_group\":\"g\",\"log_stream\":\"s\","
                    + "\"timestamp\":1700000000123,\"event_id\":\"e1\"}")
                .getBytes(StandardCharsets.UTF_8),
            LogEvent.class);

    assertThat(IndexerScan.event(Json.write(e)))
        .isEqualTo(new IndexerScan.EventHead("e1", 1_700_000_000_123L, 1_700_000_000_456L));
  }

  @Test
  void event_fieldsInAnyOrder_nestedFieldsOfTheSameNameAreNotTheEvents() {
    assertThat(
            scan(
                "{\"fields\":{\"event_id\":\"inner\",\"timestamp\":1},\"facts\":[{\"timestamp\":2}],"
                    + "\"received_at\":30,\"message\":\"\\\"event_id\\\":\\\"x\\\"\",\"timestamp\":20,"
                    + "\"event_id\":\"outer\"}"))
        .isEqualTo(new IndexerScan.EventHead("outer", 20, 30));
  }

  @Test
  void event_withoutTimes_readsThemAsZero_likeTheEventsReader() {
    assertThat(scan("{\"event_id\":\"e1\",\"message\":\"m\"}"))
        .isEqualTo(new IndexerScan.EventHead("e1", 0, 0));
  }

  @Test
  void event_unreadable_isRefused() {
    for (String json :
        new String[] {
          "not an event",
          "[]",
          "{\"message\":\"no id\"}",
          "{\"event_id\":7}",
          "{\"event_id\":\"e1\",\"timestamp\":\"yesterday\"}",
          "{\"event_id\":\"e1\",\"timestamp\":1.5}",
          "{\"event_id\":\"e1\",\"message\":"
        }) {
      assertThatThrownBy(() -> scan(json)).as(json).isInstanceOf(IllegalArgumentException.class);
    }
  }
}

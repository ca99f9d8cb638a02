package dev.correlate.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void valuesWrittenInTurnOnOneThreadEachComeOutWhole() {
    String large = "x".repeat(2 * 1024 * 1024);

    byte[] small = Json.write(Map.of("a", 1));
    byte[] huge = Json.write(List.of(large));
    byte[] afterHuge = Json.write(Map.of("b", "two"));

    assertThat(new String(small, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(huge).hasSize(large.length() + 4);
    assertThat(new String(afterHuge, StandardCharsets.UTF_8)).isEqualTo("{\"b\":\"two\"}");
  }

  @Test
  void nullIsWrittenAsJsonNull() {
    assertThat(new String(Json.write(null), StandardCharsets.UTF_8)).isEqualTo("null");
  }
}

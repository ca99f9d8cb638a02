package dev.correlate.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineIdTest {
  @Test
  void theIdCheckAgreesWithThePatternTheApiUses() {
    List<String> ids =
        List.of(
            "",
            "a",
            "req-1.a_b:c",
            "A".repeat(128),
            "A".repeat(129),
            "with space",
            "slash/id",
            "caf\u00e9",
            "\u0663",
            "tab\t",
            "brace{",
            "at@",
            "Z9",
            "-");
    for (String id : ids) {
      assertThat(TimelineId.isValidId(id))
          .as(id)
          .isEqualTo(TimelineId.ID_PATTERN.matcher(id).matches());
    }
    assertThat(TimelineId.isValidId(null)).isFalse();
  }

  @Test
  void parseReadsBothKindsAndRejectsAPrefixWithoutItsColon() {
    assertThat(TimelineId.parse("correlation:req-1")).isEqualTo(TimelineId.correlation("req-1"));
    assertThat(TimelineId.parse("job:j:7")).isEqualTo(TimelineId.job("j:7"));
    assertThatThrownBy(() -> TimelineId.parse("correlationreq-1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TimelineId.parse("job")).isInstanceOf(IllegalArgumentException.class);
  }
}

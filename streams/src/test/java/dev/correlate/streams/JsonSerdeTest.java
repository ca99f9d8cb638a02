package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.TimelineId;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
  private final JsonSerde<AliasStitcher.AliasState> serde =
      new JsonSerde<>(AliasStitcher.AliasState.class);

  @Test
  void aValueWrittenTwiceInARow_isSerializedOnce() {
    Serializer<AliasStitcher.AliasState> serializer = serde.serializer();
    AliasStitcher.AliasState state =
        new AliasStitcher.AliasState(List.of("c-1"), List.of("bt-1"), 10, 20, 1, 0, null);

    byte[] first = serializer.serialize("t", state);

    assertThat(serializer.serialize("t", state)).isSameAs(first);
  }

  @Test
  void anEqualButDistinctValue_isSerializedAgain_toTheSameBytes() {
    Serializer<AliasStitcher.AliasState> serializer = serde.serializer();
    byte[] first =
        serializer.serialize(
            "t", new AliasStitcher.AliasState(List.of("c-1"), List.of(), 10, 20, 1, 0, null));

    byte[] second =
        serializer.serialize(
            "t", new AliasStitcher.AliasState(List.of("c-1"), List.of(), 10, 20, 1, 0, null));

    assertThat(second).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void aMutableValueChangedAndWrittenAgain_isWrittenWithItsChange() {
    Serializer<TimelineState> serializer = new JsonSerde<>(TimelineState.class).serializer();
    TimelineState state = TimelineState.start(TimelineId.parse("job:bt-1"));
    byte[] first = serializer.serialize("t", state);

    state.eventCount = 7;

    assertThat(serializer.serialize("t", state)).isNotEqualTo(first);
  }

  @Test
  void whatIsWritten_readsBackEqual_andNullStaysNull() {
    AliasStitcher.AliasState state =
        new AliasStitcher.AliasState(List.of("c-1"), List.of("bt-1"), 10, 20, 1, 0, null);

    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state)))
        .isEqualTo(state);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}

package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
  private final JsonSerde<AliasResolver.AliasState> serde = new JsonSerde<>(AliasResolver.AliasState.class);

  @Test
  void aValueWrittenTwiceInARow_isSerializedOnce() {
    Serializer<AliasResolver.AliasState> serializer = serde.serializer();
    AliasResolver.AliasState state = new AliasResolver.AliasState(List.of("c-1"), List.of("bt-1"), 10, 20, 1);

    byte[] first = serializer.serialize("t", state);

    assertThat(serializer.serialize("t", state)).isSameAs(first);
  }

  @Test
  void anEqualButDistinctValue_isSerializedAgain_toTheSameBytes() {
    Serializer<AliasResolver.AliasState> serializer = serde.serializer();
    byte[] first = serializer.serialize("t", new AliasResolver.AliasState(List.of("c-1"), List.of(), 10, 20, 1));

    byte[] second = serializer.serialize("t", new AliasResolver.AliasState(List.of("c-1"), List.of(), 10, 20, 1));

    assertThat(second).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void whatIsWritten_readsBackEqual_andNullStaysNull() {
    AliasResolver.AliasState state = new AliasResolver.AliasState(List.of("c-1"), List.of("bt-1"), 10, 20, 1);

    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}

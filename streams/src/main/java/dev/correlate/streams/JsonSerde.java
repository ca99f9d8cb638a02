package dev.correlate.streams;

import dev.correlate.core.json.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde in Correlate's wire dialect ({@link Json}). Malformed bytes throw {@link IllegalArgumentException}.
 *
 * <p>The serializer remembers the last value it wrote: the timeline fan-out sends one event to each of its
 * timelines (usually a job and a correlation), and the same immutable instance is then written once. Values are
 * records and never change once built, so the same instance always has the same bytes.
 */
final class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;

  /** A value and its bytes. */
  private record Written(Object value, byte[] bytes) {}

  JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return new Serializer<>() {
      // a stream thread's own instance in practice; volatile, and a whole pair, in case one is ever shared
      private volatile Written last;

      @Override
      public byte[] serialize(String topic, T value) {
        if (value == null) {
          return null;
        }
        Written previous = last;
        if (previous != null && previous.value() == value) {
          return previous.bytes();
        }
        byte[] bytes = Json.write(value);
        last = new Written(value, bytes);
        return bytes;
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : Json.read(bytes, type);
  }
}

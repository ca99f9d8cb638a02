package dev.correlate.streams;

import dev.correlate.core.json.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde in Correlate's wire dialect ({@link Json}). Malformed bytes throw {@link
 * IllegalArgumentException}.
 *
 * <p>The serializer remembers the last record it wrote: an event sent on to several places is the
 * same immutable instance, written once. Only records are remembered: a record never changes once
 * built, so the same instance always has the same bytes, while a mutable value (a {@link
 * TimelineState} that the aggregator changes and puts again) must be written anew every time.
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
      // a stream thread's own instance in practice; volatile, and a whole pair, in case one is ever
      // shared
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
        if (value.getClass().isRecord()) {
          last = new Written(value, bytes);
        }
        return bytes;
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : Json.read(bytes, type);
  }
}

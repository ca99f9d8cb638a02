package dev.correlate.streams;

import dev.correlate.core.json.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A serde in Correlate's wire dialect ({@link Json}). Malformed bytes throw {@link IllegalArgumentException}. */
final class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;

  JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : Json.write(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : Json.read(bytes, type);
  }
}

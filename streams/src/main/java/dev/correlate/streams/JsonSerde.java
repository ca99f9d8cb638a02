package dev.correlate.streams;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A serde in Correlate's wire dialect ({@link Json}). Malformed bytes throw {@link IllegalArgumentException}. */
final class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;
  // bound once: the mapper would otherwise look the root (de)serializer up for every record
  private final ObjectReader reader;
  private final ObjectWriter writer;

  JsonSerde(Class<T> type) {
    this.type = type;
    this.reader = Json.mapper().readerFor(type);
    this.writer = Json.mapper().writerFor(type);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      try {
        return value == null ? null : writer.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      try {
        return bytes == null ? null : reader.readValue(bytes);
      } catch (IOException e) {
        throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
      }
    };
  }
}

package dev.correlate.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON dialect Correlate speaks on its wires (Kafka values, OpenSearch documents):
 * snake_case property names, absent values omitted, unknown properties tolerated so that older
 * readers survive newer writers. Nesting and sizes are bounded so that hostile input cannot exhaust
 * the stack or the heap.
 */
public final class Json {
  /**
   * Deepest nesting accepted anywhere; a log line nested deeper is treated as text, not structure.
   */
  public static final int MAX_NESTING_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // accessors and constructors called through generated lambdas instead of reflection:
          // reflective calls were the largest single frame of the stream thread's JSON time
          // (docs/performance.md, "Stream thread: profile-driven cuts")
          .addModule(new BlackbirdModule())
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(20_000_000)
                .build());
  }

  /**
   * Readers and writers bound to one type, made once per type: {@link ObjectMapper#readValue} and
   * {@link ObjectMapper#writeValueAsBytes} look the root (de)serializer up again on every call, and
   * the stream thread calls them several times per event.
   */
  private static final ClassValue<ObjectReader> READERS =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return MAPPER.readerFor(type);
        }
      };

  private static final ClassValue<ObjectWriter> WRITERS =
      new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
          return MAPPER.writerFor(type);
        }
      };

  private Json() {}

  /** The shared, thread-safe mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object value) {
    try {
      return value == null
          ? MAPPER.writeValueAsBytes(null)
          : WRITERS.get(value.getClass()).writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code bytes} as {@code type}; malformed input throws {@link IllegalArgumentException}.
   */
  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return READERS.get(type).readValue(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}

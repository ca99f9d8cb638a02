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
import java.io.ByteArrayOutputStream;
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

  /**
   * A buffer per thread that values are written into before they are copied out: {@link
   * ObjectWriter#writeValueAsBytes} grows a new chain of blocks for every value and then copies it,
   * and the stream thread writes several values per event, summaries of kilobytes among them (that
   * chain was 3 % of its allocated bytes; docs/performance.md, "s5-alloc").
   */
  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

  /**
   * Past this, a thread's buffer is not kept: one huge value must not stay on the heap, and the
   * HTTP services' pools have up to hundreds of threads (≤ 64 KiB each keeps them to a few MiB in
   * all, while the stream thread's values, summaries of a few kB, stay below it).
   */
  private static final int MAX_KEPT_BUFFER = 64 * 1024;

  public static byte[] write(Object value) {
    try {
      if (value == null) {
        return MAPPER.writeValueAsBytes(null);
      }
      ObjectWriter writer = WRITERS.get(value.getClass());
      Output out = OUTPUT.get();
      if (out.busy) {
        // a serializer that writes JSON itself: the thread's buffer is taken
        return writer.writeValueAsBytes(value);
      }
      out.busy = true;
      try {
        writer.writeValue(out, value);
        return out.toByteArray();
      } finally {
        if (out.capacity() > MAX_KEPT_BUFFER) {
          OUTPUT.remove();
        }
        out.reset();
        out.busy = false;
      }
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

  /** A thread's reusable output: closing it (as the generator does) keeps its contents. */
  private static final class Output extends ByteArrayOutputStream {
    private boolean busy;

    Output() {
      super(8 * 1024);
    }

    int capacity() {
      return buf.length;
    }
  }
}

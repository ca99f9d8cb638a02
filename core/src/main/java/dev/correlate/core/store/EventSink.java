package dev.correlate.core.store;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Receives a page of events one at a time as their stored documents, for a caller that rewrites
 * them (the query API's response) and has no use for {@link dev.correlate.core.model.LogEvent}
 * records in between.
 */
@FunctionalInterface
public interface EventSink {
  /**
   * One event, in the listing's order.
   *
   * @param document positioned on the {@code START_OBJECT} of the event's stored document (the
   *     event in the wire dialect of {@link dev.correlate.core.json.Json}, properties in any order,
   *     possibly more of them than the model has); the sink reads up to and including the matching
   *     {@code END_OBJECT}, and no further
   * @param bytes what {@code document} reads: its token locations' byte offsets index into this
   *     array, so that a sink can copy a value's bytes as they are instead of decoding and encoding
   *     it again
   */
  void accept(JsonParser document, byte[] bytes) throws IOException;
}

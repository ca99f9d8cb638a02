package dev.correlate.core.store;

import dev.correlate.core.json.JsonCursor;
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
   * @param bytes holds the event's stored document (the event in the wire dialect of {@link
   *     dev.correlate.core.json.Json}, properties in any order, possibly more of them than the
   *     model has) at {@code [from, to)}: a sink can copy a value's bytes as they are instead of
   *     decoding and encoding it again; it must not keep the array after it returns
   */
  void accept(byte[] bytes, int from, int to) throws IOException;

  /**
   * One event whose stored document starts at {@code bytes[from]} and ends before {@code limit}
   * (more follows it: the rest of the search's answer); returns the offset just after the document.
   * A sink that walks the whole document anyway overrides this and says where it ended, so that the
   * reader does not scan each document once more only to find its end. This default locates the end
   * and hands the document to {@link #accept}.
   */
  default int acceptUpTo(byte[] bytes, int from, int limit) throws IOException {
    JsonCursor document = new JsonCursor(bytes, from, limit);
    document.skipValue();
    accept(bytes, from, document.position());
    return document.position();
  }
}

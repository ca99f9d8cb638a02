package dev.correlate.core.store;

import com.fasterxml.jackson.core.JsonParser;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Receives a page of events one at a time as their stored documents, for a caller that rewrites them (the query
 * API's response) and has no use for {@link dev.correlate.core.model.LogEvent} records in between.
 */
@FunctionalInterface
public interface EventSink {
  /**
   * One event, in the listing's order.
   *
   * @param document positioned on the {@code START_OBJECT} of the event's stored document (the event in the wire
   *     dialect of {@link dev.correlate.core.json.Json}, properties in any order, possibly more of them than the
   *     model has); the sink
   *     reads up to and including the matching {@code END_OBJECT}, and no further
   */
  void accept(JsonParser document) throws IOException;

  /**
   * Hands a page of records over one by one as their documents, for a store that holds records rather than
   * documents (or must read records to re-check them); returns where the next page starts.
   *
   * @param document the stored document of an event, in the wire dialect
   */
  default Optional<SortKey> acceptAll(Page<LogEvent> page, Function<LogEvent, byte[]> document) {
    for (LogEvent event : page.items()) {
      try (JsonParser parser = Json.mapper().createParser(document.apply(event))) {
        parser.nextToken();
        accept(parser);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return page.next();
  }
}

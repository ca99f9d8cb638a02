package dev.correlate.core.store;

import dev.correlate.core.model.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * For a store that holds records rather than documents (or must read records to re-check them):
 * hands a page of records to an {@link EventSink} as their documents. A helper for implementations,
 * not part of the contract.
 */
public final class EventDocuments {
  private EventDocuments() {}

  /**
   * Hands {@code page}'s events to {@code sink} one by one as {@code document} writes them.
   *
   * @param document the stored document of an event, in the wire dialect
   * @return where the next page starts, as the page's {@link Page#next()}
   */
  public static Optional<SortKey> handOver(
      Page<LogEvent> page, Function<LogEvent, byte[]> document, EventSink sink) {
    for (LogEvent event : page.items()) {
      byte[] bytes = document.apply(event);
      try {
        sink.accept(bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return page.next();
  }
}

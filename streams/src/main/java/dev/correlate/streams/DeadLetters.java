package dev.correlate.streams;

import dev.correlate.core.topics.DeadLetterHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@link DeadLetterHeaders} as Kafka headers, for the dead-letter records of streams and the
 * indexer.
 */
final class DeadLetters {
  static final String STREAMS = "streams";
  static final String INDEXER = "indexer";

  private DeadLetters() {}

  /**
   * {@code original} plus stage, reason, detail and time; the original's other headers are kept.
   */
  static Headers headers(Headers original, String stage, String reason, String detail, long atMs) {
    RecordHeaders headers =
        new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    DeadLetterHeaders.NAMES.forEach(headers::remove);
    DeadLetterHeaders.of(stage, reason, detail, null, atMs)
        .forEach(h -> headers.add(h.name(), h.value()));
    return headers;
  }
}

package dev.correlate.streams;

import dev.correlate.core.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Headers of the dead-letter records written by streams and the indexer. */
final class DeadLetters {
  static final String STREAMS = "streams";
  static final String INDEXER = "indexer";
  private static final int MAX_DETAIL = 2000;

  private DeadLetters() {}

  /** {@code original} plus stage, reason, detail and time; the original headers are kept. */
  static Headers headers(Headers original, String stage, String reason, String detail, long atMs) {
    RecordHeaders headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    headers.remove(DeadLetterHeaders.STAGE);
    headers.remove(DeadLetterHeaders.REASON);
    headers.remove(DeadLetterHeaders.DETAIL);
    headers.remove(DeadLetterHeaders.AT);
    headers.add(DeadLetterHeaders.STAGE, utf8(stage));
    headers.add(DeadLetterHeaders.REASON, utf8(reason));
    String d = detail == null ? "" : detail;
    headers.add(DeadLetterHeaders.DETAIL, utf8(d.length() > MAX_DETAIL ? d.substring(0, MAX_DETAIL) : d));
    headers.add(DeadLetterHeaders.AT, utf8(Long.toString(atMs)));
    return headers;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

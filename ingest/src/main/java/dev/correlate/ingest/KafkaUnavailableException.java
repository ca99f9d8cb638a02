package dev.correlate.ingest;

/**
 * Kafka did not acknowledge a batch in time. Nothing of the batch may be acknowledged to the
 * sender, who must retry (Firehose on a 503, Lambda by its async retries); duplicates that result
 * are removed by event id downstream.
 */
public final class KafkaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.correlate.storage;

/**
 * What each bulk request of a {@link BulkWriter} did, for the caller's metrics (storage has no
 * metrics library). Called on the thread that writes the bulk (the sender's, for bulks in flight
 * together: thread-safe); keep it cheap.
 */
public interface BulkObserver {
  /** Observes nothing. */
  BulkObserver NONE =
      new BulkObserver() {
        @Override
        public void answered(long nanos) {}

        @Override
        public void failed(Failure failure, int documents) {}
      };

  /** Why documents of a bulk request were not acknowledged. */
  enum Failure {
    /** No answer: the connection failed or timed out. The writer retries with backoff. */
    UNREACHABLE,
    /**
     * Throttled (429) or a server error (5xx), for the whole request or for these documents.
     * Retried.
     */
    RETRIED,
    /**
     * Refused for good (another 4xx on the document): returned to the caller, who dead-letters
     * them.
     */
    REJECTED,
    /** The request as a whole was refused, or its answer could not be read: the flush fails. */
    REFUSED
  }

  /** One bulk request was answered, whatever its status, {@code nanos} after it was sent. */
  void answered(long nanos);

  /** {@code documents} of one bulk request were not acknowledged, for {@code failure}. */
  void failed(Failure failure, int documents);
}

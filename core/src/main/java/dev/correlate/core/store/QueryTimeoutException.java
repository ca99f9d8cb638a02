package dev.correlate.core.store;

/**
 * The store did not finish a query within its deadline, and gave up rather than answer in part: the
 * same query is likely to take as long again, a narrower one (a shorter time range, a log group, a
 * service) is not.
 */
public final class QueryTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}

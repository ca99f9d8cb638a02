package dev.correlate.core.store;

/**
 * The store could not answer a query (unreachable, overloaded, refused); the caller may retry
 * later.
 */
public final class StorageUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

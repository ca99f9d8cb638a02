package dev.correlate.core.health;

/**
 * A part of a running service that does I/O lazily and reports its health instead of failing: an
 * outage makes the service unhealthy, never crashed.
 */
public interface Component extends AutoCloseable {
  /** A short stable name used as the key in health responses, for example {@code kafka}. */
  String name();

  /** Checks the component now; never throws. */
  CheckResult check();

  /** Releases the component's resources; never throws. */
  @Override
  void close();
}

package dev.correlate.core.health;

import java.util.Objects;

/**
 * The health of one component at one moment. {@code detail} says what is wrong in words an operator
 * can act on; it is null when healthy.
 */
public record CheckResult(Status status, String detail) {
  /** Health states, in increasing severity. */
  public enum Status {
    HEALTHY,
    DEGRADED,
    UNHEALTHY
  }

  public static final CheckResult OK = new CheckResult(Status.HEALTHY, null);

  public CheckResult {
    Objects.requireNonNull(status, "status");
  }

  public static CheckResult degraded(String detail) {
    return new CheckResult(Status.DEGRADED, detail);
  }

  public static CheckResult unhealthy(String detail) {
    return new CheckResult(Status.UNHEALTHY, detail);
  }

  public boolean healthy() {
    return status == Status.HEALTHY;
  }
}

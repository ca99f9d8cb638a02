package dev.correlate.streams.archfixture;

import org.junit.jupiter.api.Assertions;

/**
 * A violation for {@code ServiceArchitectureTest} to catch: test code in a service. Never in main
 * code.
 */
public final class StreamsUsingTestCode {
  void check() {
    Assertions.fail("never");
  }
}

package dev.correlate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedStackIT {
  @Test
  void theSharedNode_isStartedOncePerJvm() {
    assertThat(SharedStack.openSearch()).isSameAs(SharedStack.openSearch());
  }
}

package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir Path dir;

  @Test
  void aPidFileOfALiveProcessRunningThatPart_isTrusted_andStopAllStopsIt() throws Exception {
    // a process whose command line carries the broker's main class, as a real broker's does
    Process broker = new ProcessBuilder("bash", "-c", "sleep 60; exit 0", "kafka.Kafka").start();
    try {
      StateDir state = new StateDir(dir);
      state.writePid(StateDir.Part.KAFKA, broker.pid());

      assertThat(state.running(StateDir.Part.KAFKA)).contains(broker.toHandle());
      assertThat(state.stopAll(Duration.ofSeconds(5))).isEqualTo(1);
      assertThat(broker.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      broker.destroyForcibly();
    }
  }

  @Test
  void aRecycledPidRunningSomethingElse_isNeverTrustedNorSignalled() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      StateDir state = new StateDir(dir);
      state.writePid(StateDir.Part.KAFKA, sleeper.pid());

      assertThat(state.running(StateDir.Part.KAFKA)).isEmpty();
      assertThat(state.stopAll(Duration.ofSeconds(1))).isZero();
      assertThat(sleeper.isAlive()).isTrue();
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void stopAll_forgetsThePidFilesAndTheReadyMarker() {
    StateDir state = new StateDir(dir);
    state.writePid(StateDir.Part.OPENSEARCH, Long.MAX_VALUE);
    state.markReady("up");

    state.stopAll(Duration.ofSeconds(1));

    assertThat(state.isReady()).isFalse();
    assertThat(Files.exists(dir.resolve("opensearch.pid"))).isFalse();
  }
}

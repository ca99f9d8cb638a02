package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpCommandTest {

  @Test
  void backgroundStack_keepsTheLaunchersHeapGcAndGcLogOptions_dropsAgents() {
    List<String> launcher =
        List.of(
            "-Xms1g",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=50",
            "-Xlog:gc*:file=/tmp/gc-%p.log",
            "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
            "-javaagent:/tmp/jacoco.jar",
            "-Dfile.encoding=UTF-8");

    assertThat(UpCommand.Background.memoryOptions(launcher))
        .containsExactly(
            "-Xms1g",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=50",
            "-Xlog:gc*:file=/tmp/gc-%p.log");
  }

  @Test
  void backgroundStack_withoutHeapOrGcOptions_getsTheScriptsHeapAndThroughputCollector() {
    assertThat(UpCommand.Background.memoryOptions(List.of("-Dfile.encoding=UTF-8")))
        .containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-XX:MetaspaceSize=96m");
  }

  @Test
  void backgroundStack_sizedByRamPercentage_getsNoFixedHeap() {
    assertThat(UpCommand.Background.memoryOptions(List.of("-XX:MaxRAMPercentage=50")))
        .containsExactly("-XX:MaxRAMPercentage=50", "-XX:+UseParallelGC");
  }
}

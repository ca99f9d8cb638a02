package dev.correlate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuMeterTest {
  private static final String DUMP =
      """
      2026-12-07 08:50:01
      Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

      "main" #1 prio=5 os_prio=0 cpu=464.21ms elapsed=4.31s tid=0x00007f6ee0018040 nid=0x5390 waiting on condition  [0x00007f6ee7bfe000]
         java.lang.Thread.State: TIMED_WAITING (sleeping)
      \tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)

      "correlate-streams-4f2a9c1e-StreamThread-1" #52 daemon prio=5 os_prio=0 cpu=1520.33ms elapsed=33.12s tid=0x00007f6e4c0a1000 nid=0x4a62 runnable  [0x00007f6e2b7fe000]
      "correlate-streams-4f2a9c1e-StateUpdater-1" #53 daemon prio=5 os_prio=0 cpu=12.00ms elapsed=33.12s tid=0x00007f6e4c0a2000 nid=0x4a63 waiting on condition  [0x00007f6e2b6fe000]
      "correlate-streams-4f2a9c1e-StreamThread-2" #54 [19045] daemon prio=5 os_prio=0 cpu=1400.00ms elapsed=33.12s tid=0x00007f6e4c0a3000 nid=19045 runnable  [0x00007f6e2b5fe000]
      "correlate-indexer" #60 prio=5 os_prio=0 cpu=800.00ms elapsed=30.00s tid=0x00007f6e4c0b0000 nid=0x4a70 runnable  [0x00007f6e2b4fe000]
      "correlate-indexer-bulk-1" #61 daemon prio=5 os_prio=0 cpu=200.00ms elapsed=30.00s tid=0x00007f6e4c0b1000 nid=0x4a71 waiting on condition  [0x00007f6e2b3fe000]
      "kafka-producer-network-thread | correlate-streams-4f2a9c1e-StreamThread-1-producer" #55 daemon prio=5 os_prio=0 cpu=300.00ms elapsed=33.00s tid=0x00007f6e4c0a4000 nid=0x4a64 runnable  [0x00007f6e2b3fe000]
      """;

  @Test
  void threadIds_areTheNativeIdsOfTheStreamThreads_notOfTheirNetworkThreads_hexOrDecimal() {
    assertThat(CpuMeter.threadIds(DUMP, CpuMeter.STACK_THREADS.get("stream_threads")))
        .containsExactlyInAnyOrder(0x4a62L, 19045L);
    assertThat(CpuMeter.threadIds(DUMP, CpuMeter.STACK_THREADS.get("indexer_thread")))
        .as("the indexer's loop and its bulk writers")
        .containsExactlyInAnyOrder(0x4a70L, 0x4a71L);
  }

  @Test
  void threadIds_ofAnEmptyDump_areNone() {
    assertThat(CpuMeter.threadIds("", name -> true)).isEmpty();
  }

  @Test
  void statNanos_isUserPlusSystemTicks_evenWhenTheNameHasSpacesAndParentheses() {
    String stat =
        "19045 (kafka-pro) (x y) S 1 19000 19000 0 -1 4194368 120 0 0 0 250 50 0 0 20 0 80 0"
            + " 1000 123456 789 18446744073709551615";
    assertThat(CpuMeter.statNanos(stat)).isEqualTo(300 * 10_000_000L);
  }

  @Test
  void perEvent_reportsTheStackThreads_withoutCountingThemTwiceInTheTotal() {
    Map<String, Long> before =
        Map.of("correlate", 0L, "indexer_thread", 0L, "stream_threads", 0L, "bench_load", 0L);
    Map<String, Long> after =
        Map.of(
            "correlate", 10_000_000L,
            "indexer_thread", 1_000_000L,
            "stream_threads", 4_000_000L,
            "bench_load", 0L);
    Map<String, Double> perEvent = CpuMeter.perEvent(before, after, 1000);
    assertThat(perEvent.get("stream_threads")).isCloseTo(4.0, within(1e-9));
    assertThat(perEvent.get("indexer_thread")).isCloseTo(1.0, within(1e-9));
    assertThat(perEvent.get("total")).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void perEvent_leavesOutAThreadNotSeenBefore() {
    Map<String, Long> after = Map.of("correlate", 10_000_000L, "stream_threads", 4_000_000L);
    assertThat(CpuMeter.perEvent(Map.of("correlate", 0L), after, 1000))
        .doesNotContainKey("stream_threads");
  }

  @Test
  void perEvent_reportsTheCompilersOfEachJvm_withoutCountingThemTwiceInTheTotal() {
    Map<String, Long> before =
        Map.of("opensearch", 0L, "opensearch_jit", 0L, "correlate", 0L, "correlate_jit", 0L);
    Map<String, Long> after =
        Map.of(
            "opensearch", 8_000_000L,
            "opensearch_jit", 2_000_000L,
            "correlate", 12_000_000L,
            "correlate_jit", 1_000_000L);
    Map<String, Double> perEvent = CpuMeter.perEvent(before, after, 1000);
    assertThat(perEvent.get("opensearch_jit")).isCloseTo(2.0, within(1e-9));
    assertThat(perEvent.get("total")).isCloseTo(20.0, within(1e-9));
    assertThat(CpuMeter.stackJitShare(perEvent)).isCloseTo(3.0 / 20, within(1e-9));
  }

  @Test
  void stackJitShare_ofNoStackCpu_isZero() {
    assertThat(CpuMeter.stackJitShare(Map.of("bench_other", 5.0))).isZero();
  }

  @Test
  void snapshot_findsTheCompilerThreadsOfThisJvm_byTheirLinuxNames(@TempDir Path noStack) {
    Map<String, Long> now = new CpuMeter(noStack).snapshot();
    // this JVM has compiled JUnit and AssertJ's hot methods by now
    assertThat(now.get("bench_jvm" + CpuMeter.JIT_SUFFIX)).isPositive();
    assertThat(now.get("bench_jvm" + CpuMeter.JIT_SUFFIX))
        .isLessThanOrEqualTo(now.get("bench_jvm"));
  }
}

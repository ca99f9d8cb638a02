package dev.correlate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of the parts of a benchmark run, so that what the load generator spends is reported
 * apart from what the stack spends: the stack's processes (the launcher JVM with ingest, streams
 * and the query API; Kafka; OpenSearch) from {@code /proc/<pid>/stat}, by the pid files of the
 * launcher's state directory; the bench's own senders and pollers by thread ({@link #track}); and
 * the rest of the bench's JVM (the floor pipeline, the JIT, GC).
 */
final class CpuMeter {
  /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on Linux (USER_HZ). */
  private static final long TICK_NANOS = 10_000_000L;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final Set<Long> loadThreads = ConcurrentHashMap.newKeySet();

  /**
   * A meter of the stack whose launcher keeps its pid files in {@code stateDir}; missing files are
   * skipped.
   */
  CpuMeter(Path stateDir) {
    for (String part : new String[] {"correlate", "kafka", "opensearch"}) {
      Path file = stateDir.resolve(part + ".pid");
      try {
        if (Files.exists(file)) {
          pids.put(part, Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        }
      } catch (IOException | NumberFormatException e) {
        // an unreadable pid file: that part is not reported
      }
    }
    pids.put("bench_jvm", ProcessHandle.current().pid());
  }

  /** Counts the calling thread as load generation (a sender or the poller) from now on. */
  void track() {
    loadThreads.add(Thread.currentThread().getId());
  }

  /**
   * CPU nanoseconds so far, per part; {@code bench_load} is the tracked threads, part of {@code
   * bench_jvm}.
   */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    pids.forEach((part, pid) -> out.put(part, processNanos(pid)));
    long load = 0;
    for (long id : loadThreads) {
      load += Math.max(0, THREADS.getThreadCpuTime(id));
    }
    out.put("bench_load", load);
    return out;
  }

  /**
   * Microseconds of CPU per event between two snapshots: the stack's parts, the bench's load
   * generation, and the bench JVM's remainder ({@code bench_other}: the floor pipeline when it
   * runs, JIT and GC).
   */
  static Map<String, Double> perEvent(
      Map<String, Long> before, Map<String, Long> after, long events) {
    Map<String, Double> out = new LinkedHashMap<>();
    double total = 0;
    for (String part : after.keySet()) {
      long used = Math.max(0, after.get(part) - before.getOrDefault(part, 0L));
      if (part.equals("bench_jvm")) {
        used =
            Math.max(
                0,
                used
                    - Math.max(0, after.get("bench_load") - before.getOrDefault("bench_load", 0L)));
        part = "bench_other";
      }
      double micros = used / 1e3 / Math.max(1, events);
      out.put(part, micros);
      total += micros;
    }
    out.put("total", total);
    return out;
  }

  /**
   * User and system CPU of a process, or 0 if it is gone. Thread times of a JVM that exited are
   * lost too.
   */
  private static long processNanos(long pid) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      // fields after the command name, which is in parentheses and may contain spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}

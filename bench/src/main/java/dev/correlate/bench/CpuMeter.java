package dev.correlate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of the parts of a benchmark run, so that what the load generator spends is reported
 * apart from what the stack spends: the stack's processes (the launcher JVM with ingest, streams
 * and the query API; Kafka; OpenSearch) from {@code /proc/<pid>/stat}, by the pid files of the
 * launcher's state directory; the bench's own senders and pollers by thread ({@link #track}); and
 * the rest of the bench's JVM (the floor pipeline, the JIT, GC).
 *
 * <p>Two threads of the stack's JVM are reported apart as well, as parts of {@code correlate} (not
 * added to the total again): the Kafka Streams threads ({@code stream_threads}, the threads named
 * {@code <client id>-StreamThread-<n>}; not their clients' network threads, whose names end in
 * {@code -StreamThread-<n>-producer}) and the indexer's ({@code indexer_thread}: its loop and the
 * threads that write its bulks, {@code correlate-indexer-bulk-<n>}), from {@code
 * /proc/<pid>/task/<tid>/stat} like the processes. Linux keeps only the first 15 characters of a
 * thread's name, which the stream threads share with the other threads of their Kafka Streams
 * client, so the thread ids are found by name in a thread dump of the JVM ({@code jcmd <pid>
 * Thread.print}, whose lines carry the native id {@code nid}).
 */
final class CpuMeter {
  /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on Linux (USER_HZ). */
  private static final long TICK_NANOS = 10_000_000L;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The stack JVM's threads reported apart, by a test of their Java name. */
  static final Map<String, Predicate<String>> STACK_THREADS =
      new TreeMap<>(
          Map.of(
              "stream_threads",
              name -> name.matches(".*-StreamThread-\\d+"),
              "indexer_thread",
              name ->
                  name.equals("correlate-indexer") || name.startsWith("correlate-indexer-bulk-")));

  /**
   * The part of each JVM's CPU spent compiling ({@code <process>_jit}): its C1 and C2 compiler
   * threads, found by their Linux names ({@code C1 CompilerThre}, {@code C2 CompilerThre}; no
   * thread dump needed, so OpenSearch's, which runs as another user, is counted too). Parts of
   * their processes, not added to the total again: a JVM still compiling is not yet in the steady
   * state the bench means to measure.
   */
  static final String JIT_SUFFIX = "_jit";

  private static final Pattern COMPILER_THREAD = Pattern.compile("C[12] CompilerThre.*");

  /** A thread's header line in a thread dump: its name, and its native id (hex before JDK 19). */
  private static final Pattern DUMPED_THREAD =
      Pattern.compile("^\"(.*)\" #\\d+ .*\\bnid=(0x\\p{XDigit}+|\\d+)\\b", Pattern.MULTILINE);

  private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

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
    pids.forEach((part, pid) -> out.put(part + JIT_SUFFIX, compilerNanos(pid)));
    Long stack = pids.get("correlate");
    String dump = stack == null ? "" : threadDump(stack);
    if (!dump.isEmpty()) {
      STACK_THREADS.forEach(
          (part, name) -> {
            long nanos = 0;
            for (long tid : threadIds(dump, name)) {
              nanos += statNanos(Path.of("/proc", stack.toString(), "task", Long.toString(tid)));
            }
            out.put(part, nanos);
          });
    }
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
      boolean ofStack = isThreadsOfAProcess(part);
      if (ofStack && !before.containsKey(part)) {
        continue;
      }
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
      if (!ofStack) {
        total += micros;
      }
    }
    out.put("total", total);
    return out;
  }

  /** Whether {@code part} is some threads of a process reported as a whole too. */
  static boolean isThreadsOfAProcess(String part) {
    return STACK_THREADS.containsKey(part) || part.endsWith(JIT_SUFFIX);
  }

  /**
   * The share of the stack's CPU between two snapshots ({@link #perEvent}) that its JVMs spent
   * compiling: Correlate's, Kafka's and OpenSearch's compiler threads over their processes.
   */
  static double stackJitShare(Map<String, Double> perEvent) {
    double all = 0;
    double jit = 0;
    for (String process : List.of("correlate", "kafka", "opensearch")) {
      all += perEvent.getOrDefault(process, 0.0);
      jit += perEvent.getOrDefault(process + JIT_SUFFIX, 0.0);
    }
    return all == 0 ? 0 : jit / all;
  }

  /** CPU of the JIT compiler threads of process {@code pid}, or 0 when they cannot be read. */
  static long compilerNanos(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long nanos = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) threads::iterator) {
        try {
          if (COMPILER_THREAD
              .matcher(Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip())
              .matches()) {
            nanos += statNanos(task);
          }
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return nanos;
  }

  /**
   * User and system CPU of a process, or 0 if it is gone. Thread times of a JVM that exited are
   * lost too.
   */
  private static long processNanos(long pid) {
    return statNanos(Path.of("/proc", Long.toString(pid)));
  }

  /** User and system CPU of the process or task in {@code dir} ({@code /proc/...}), or 0. */
  private static long statNanos(Path dir) {
    try {
      return statNanos(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * User and system CPU in a {@code stat} line of {@code /proc} (utime and stime, fields 14, 15).
   */
  static long statNanos(String stat) {
    // fields after the command name, which is in parentheses and may contain spaces
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
  }

  /** The native ids of the threads of {@code dump} ({@code jcmd Thread.print}) whose name fits. */
  static Set<Long> threadIds(String dump, Predicate<String> name) {
    Set<Long> ids = new HashSet<>();
    Matcher m = DUMPED_THREAD.matcher(dump);
    while (m.find()) {
      if (name.test(m.group(1))) {
        String nid = m.group(2);
        ids.add(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid));
      }
    }
    return ids;
  }

  /**
   * The thread dump of JVM {@code pid}, or empty when it cannot be taken: its threads are then not
   * reported.
   */
  private static String threadDump(long pid) {
    try {
      Process jcmd =
          new ProcessBuilder(JCMD.toString(), Long.toString(pid), "Thread.print")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return jcmd.waitFor(30, TimeUnit.SECONDS) && jcmd.exitValue() == 0 ? dump : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}

package dev.correlate.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes this JVM's live threads have allocated, summed by what the threads do (their names):
 * what the collector's work follows, told apart by thread group. A thread that ends between two
 * snapshots takes its count with it, so a harness snapshots while its clients are still open.
 */
final class ThreadAllocations {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ThreadAllocations() {}

  /** Bytes allocated so far by each group of live threads. */
  static Map<String, Long> snapshot() {
    Map<String, Long> bytes = new TreeMap<>();
    for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        long allocated = THREADS.getThreadAllocatedBytes(info.getThreadId());
        if (allocated > 0) {
          bytes.merge(group(info.getThreadName()), allocated, Long::sum);
        }
      }
    }
    return bytes;
  }

  /** Bytes per event allocated by each group since {@code before}, as one line. */
  static String perEvent(Map<String, Long> before, long events) {
    StringBuilder line = new StringBuilder("bytes allocated per event by thread group:");
    snapshot()
        .forEach(
            (group, bytes) -> {
              long delta = bytes - before.getOrDefault(group, 0L);
              if (delta >= events) {
                line.append(String.format(" %s %.0f;", group, (double) delta / events));
              }
            });
    return line.toString();
  }

  /**
   * The group of a thread by its name: Kafka's, the indexer's, OpenSearch's client, the rest. A
   * stream thread's producer's I/O thread is named after it ({@code kafka-producer-network-thread |
   * <app>-StreamThread-1-producer}) and is told apart first.
   */
  static String group(String name) {
    if (name.startsWith("kafka-producer-network-thread")) {
      return "producer-io";
    } else if (name.contains("StateUpdater")) {
      return "state-updater";
    } else if (name.contains("StreamThread")) {
      return "stream";
    } else if (name.startsWith("correlate-indexer-bulk")) {
      return "indexer-bulk";
    } else if (name.startsWith("correlate-indexer")) {
      return "indexer";
    } else if (name.startsWith("kafka-coordinator-heartbeat")) {
      return "heartbeat";
    } else if (name.startsWith("httpclient") || name.contains("I/O dispatcher")) {
      return "opensearch-client";
    } else if (name.startsWith("main")) {
      return "main";
    }
    return "other";
  }
}

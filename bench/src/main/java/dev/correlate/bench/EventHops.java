package dev.correlate.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a probe event's time from ingest's acknowledgement to a search finding it goes, hop by hop
 * ({@link #HOPS}): two consumers of the stack's events topic stamp when each probe event is first
 * written there ({@code read_uncommitted}: the stream thread produced it) and when its transaction
 * commits ({@code read_committed}, as the indexer reads); the bench stamps when a real-time get
 * finds its document (OpenSearch indexed it, before a refresh) and when a search finds it.
 *
 * <p>Every stamp is this JVM's {@link System#nanoTime()}, taken when the bench saw the step: the
 * consumers long-poll (a record is seen within a fetch of its write), the two OpenSearch stamps
 * within one poll of the bench's loop, which the phase reports.
 */
final class EventHops implements AutoCloseable {
  /**
   * The hops, each from the stamp before it: ingest's acknowledgement → the stream thread wrote the
   * event ({@code stream}: raw topic, stitching, a task repartition when the event needs one) → its
   * transaction committed ({@code commit}) → OpenSearch holds the document ({@code index}: the
   * indexer's read, buffer and bulk) → a search finds it ({@code refresh}).
   */
  static final List<String> HOPS = List.of("stream", "commit", "index", "refresh");

  private final Set<String> probes;
  private final Map<String, Long> produced = new ConcurrentHashMap<>();
  private final Map<String, Long> committed = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> taps = new ArrayList<>();
  private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();

  /**
   * Taps on {@code eventsTopic} from its end offsets, positioned before this returns (so a probe
   * sent afterwards is seen); {@code cpu} counts their threads with the bench's load.
   */
  EventHops(String bootstrap, String eventsTopic, Set<String> probes, CpuMeter cpu) {
    this.probes = probes;
    tap(bootstrap, eventsTopic, "read_uncommitted", produced, cpu);
    tap(bootstrap, eventsTopic, "read_committed", committed, cpu);
  }

  /** When the stream thread's write of {@code eventId} was seen, if it was. */
  Optional<Long> produced(String eventId) {
    return Optional.ofNullable(produced.get(eventId));
  }

  /** When the commit of {@code eventId}'s write was seen, if it was. */
  Optional<Long> committed(String eventId) {
    return Optional.ofNullable(committed.get(eventId));
  }

  private void tap(
      String bootstrap, String topic, String isolation, Map<String, Long> seen, CpuMeter cpu) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the stamp's resolution when a fetch finds nothing new (the default waits 500 ms)
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // seekToEnd is lazy: resolved now, before the phase sends anything
    partitions.forEach(consumer::position);
    consumers.add(consumer);
    Thread thread =
        new Thread(
            () -> {
              cpu.track();
              try (consumer) {
                while (running.get()) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    String id = eventId(r.value());
                    if (id != null && probes.contains(id)) {
                      seen.putIfAbsent(id, now);
                    }
                  }
                }
              } catch (WakeupException closing) {
                // close()
              }
            },
            "bench-hops-" + isolation);
    thread.setDaemon(true);
    thread.start();
    taps.add(thread);
  }

  /** The event record's id: the stream writes {@code event_id} first. */
  private static String eventId(byte[] value) {
    if (value == null) {
      return null;
    }
    try (JsonParser p = Json.mapper().getFactory().createParser(value)) {
      if (p.nextToken() == JsonToken.START_OBJECT
          && p.nextToken() == JsonToken.FIELD_NAME
          && p.currentName().equals("event_id")
          && p.nextToken() == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Per hop, in milliseconds: its p50 and p99 over the events, and its mean over the events whose
   * whole latency is at or above the whole latency's p99 ({@code tail_mean}; these add up to the
   * tail's mean latency, which percentiles of the hops do not); {@code samples} the events.
   *
   * @param stamps per event, the nanoTimes of ingest's acknowledgement and of the end of each of
   *     {@link #HOPS}, in order
   */
  static Map<String, Map<String, Double>> breakdown(List<long[]> stamps) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    int last = HOPS.size();
    long[] totals = stamps.stream().mapToLong(s -> s[last] - s[0]).sorted().toArray();
    if (totals.length == 0) {
      return out;
    }
    double tailFromMs = EndToEndBench.percentileMs(totals, 0.99);
    List<long[]> tail = stamps.stream().filter(s -> (s[last] - s[0]) / 1e6 >= tailFromMs).toList();
    for (int h = 0; h < last; h++) {
      int hop = h;
      out.put(
          HOPS.get(h),
          figures(
              stamps.stream().mapToLong(s -> s[hop + 1] - s[hop]).sorted().toArray(),
              tail.stream().mapToLong(s -> s[hop + 1] - s[hop]).average().orElse(0)));
    }
    Map<String, Double> total =
        figures(totals, tail.stream().mapToLong(s -> s[last] - s[0]).average().orElse(0));
    total.put("samples", (double) totals.length);
    out.put("total", total);
    return out;
  }

  private static Map<String, Double> figures(long[] sortedNanos, double tailMeanNanos) {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("p50", EndToEndBench.percentileMs(sortedNanos, 0.50));
    figures.put("p99", EndToEndBench.percentileMs(sortedNanos, 0.99));
    figures.put("tail_mean", tailMeanNanos / 1e6);
    return figures;
  }

  @Override
  public void close() {
    running.set(false);
    consumers.forEach(KafkaConsumer::wakeup);
    for (Thread t : taps) {
      try {
        t.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

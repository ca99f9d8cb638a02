package dev.correlate.bench;

import com.sun.management.ThreadMXBean;
import dev.correlate.core.topics.Topics;
import dev.correlate.ingest.IngestMain;
import dev.correlate.ingest.IngestService;
import dev.correlate.ingest.IngestWithCodec;
import dev.correlate.simulator.FirehoseReplay;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.testkit.SharedStack;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What ingest spends per event, and what reading its raw topic costs the stream thread, A/B in one
 * sitting. Firehose requests as {@code bench e2e}'s senders make them (the simulator's traffic, 500
 * records per request, 4 senders posting over HTTP) go into a real ingest on the shared test
 * broker, each round on fresh topics; reported per round: the CPU µs and bytes allocated per event
 * of Jetty's threads (the request: body, envelope, base64, gunzip, the subscription documents, the
 * raw events' JSON, {@code send} with its compression) and of ingest's producer I/O thread apart,
 * the raw topic's bytes on the broker's disk per event, and then the CPU µs and bytes per event of
 * one thread reading the raw topic from its start as the stream thread's consumer does ({@code
 * byte[]}, {@code read_committed}, 1 000 records per poll): the fetch and the decompression. Every
 * round checks that the raw topic holds exactly the events ingest acknowledged.
 *
 * <p>Each variant is {@code <codec>} (the raw topic's {@code compression.type} for ingest's
 * producer, {@code default} for the service's own) or {@code <codec>@<classes dir>} with a
 * directory of classes put in front of the class path (for example ingest and core of another
 * commit, compiled there); each runs in a class loader of its own, and the variants take turns
 * round by round. Not a test (it asserts nothing); run it by hand, see docs/performance.md:
 *
 * <pre>
 * ./mvnw -o -q -B -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp \
 *     -Dmdep.includeScope=test
 * java -cp bench/target/test-classes:bench/target/classes:$(cat /tmp/bench.cp) \
 *     dev.correlate.bench.IngestCpuHarness 30000 6 lz4 snappy none [lz4@/tmp/base-classes ...]
 * </pre>
 */
public final class IngestCpuHarness {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int SENDERS = 4;
  private static final int RECORDS_PER_REQUEST = 500;
  private static final String[] MEASURES = {
    "events/s acknowledged",
    "Jetty µs/event",
    "producer I/O µs/event",
    "Jetty bytes/event",
    "producer I/O bytes/event",
    "raw topic bytes on disk/event",
    "read µs/event",
    "read bytes/event"
  };

  /** The round's traffic, made once per class loader (the seed is the harness's run). */
  private static List<FirehoseRequest> traffic;

  private static long expected;

  private IngestCpuHarness() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 30_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    List<String> variants =
        args.length > 2 ? List.of(args).subList(2, args.length) : List.of("default");
    int warmup = Math.max(1, rounds / 3);
    String bootstrap = SharedStack.kafka().bootstrapServers();
    long run = System.currentTimeMillis() % 100_000;
    Map<String, Method> round = new LinkedHashMap<>();
    for (String variant : variants) {
      int at = variant.indexOf('@');
      round.put(
          variant,
          ClassesInFront.method(
              at < 0 ? "" : variant.substring(at + 1),
              IngestCpuHarness.class,
              "round",
              String.class,
              String.class,
              String.class,
              long.class,
              long.class));
    }
    System.out.printf(
        "about %d events per round in requests of %d records from %d senders, %d rounds (%d"
            + " warm-up), variants %s%n",
        events, RECORDS_PER_REQUEST, SENDERS, rounds, warmup, variants);
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      int index = 0;
      for (var v : round.entrySet()) {
        String variant = v.getKey();
        int at = variant.indexOf('@');
        String codec = at < 0 ? variant : variant.substring(0, at);
        String prefix = "ingcpu" + run + "r" + r + "v" + index++;
        // Kafka's clients load their plug-ins by name through the context class loader: the
        // variant's
        Thread.currentThread()
            .setContextClassLoader(v.getValue().getDeclaringClass().getClassLoader());
        double[] result =
            (double[])
                v.getValue()
                    .invoke(
                        null,
                        bootstrap,
                        prefix,
                        "default".equals(codec) ? null : codec,
                        run,
                        events);
        System.out.printf(
            "round %d %s%s: %s%n", r, variant, r < warmup ? " (warm-up)" : "", describe(result));
        if (r >= warmup) {
          results.computeIfAbsent(variant, k -> new ArrayList<>()).add(result);
        }
      }
    }
    results.forEach(
        (variant, measured) -> {
          double[] medians = new double[MEASURES.length];
          for (int i = 0; i < medians.length; i++) {
            int column = i;
            double[] sorted = measured.stream().mapToDouble(m -> m[column]).sorted().toArray();
            int n = sorted.length;
            medians[i] = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
          }
          System.out.printf(
              "%s: medians of %d rounds: %s%n", variant, measured.size(), describe(medians));
        });
    System.exit(0);
  }

  private static String describe(double[] result) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < MEASURES.length; i++) {
      line.append(i == 0 ? "" : ", ").append(String.format("%.1f %s", result[i], MEASURES[i]));
    }
    return line.toString();
  }

  /**
   * One round on fresh topics named {@code prefix}, ingest's raw topic written with {@code codec}
   * (the service's own when null); the measures of {@link #MEASURES}, in that order.
   */
  public static double[] round(String bootstrap, String prefix, String codec, long run, long events)
      throws Exception {
    if (traffic == null) {
      traffic = EndToEndBench.traffic(run, "ingest", events, RECORDS_PER_REQUEST).requests();
      long now = System.currentTimeMillis();
      expected = traffic.stream().mapToLong(r -> r.events(now).size()).sum();
    }
    Map<String, String> env = new HashMap<>();
    env.put("CORRELATE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("CORRELATE_TOPIC_PREFIX", prefix);
    env.put("CORRELATE_INGEST_PORT", "0");
    Topics topics = Topics.withPrefix(prefix);
    double[] out = new double[MEASURES.length];
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      try (IngestService ingest = IngestWithCodec.start(IngestMain.settings(env), codec)) {
        awaitServed(admin, Set.of(topics.raw(), topics.deadLetter()));
        FirehoseReplay replay =
            new FirehoseReplay(
                URI.create("http://127.0.0.1:" + ingest.port() + "/ingest/firehose"),
                Optional.empty());
        Map<String, long[]> before = threads();
        long start = System.nanoTime();
        post(replay);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, long[]> used = since(before);
        System.out.println("  CPU µs and bytes per event by thread group: " + perEvent(used));
        out[0] = expected / seconds;
        out[1] = used.getOrDefault("jetty", new long[2])[0] / 1e3 / expected;
        out[2] = used.getOrDefault("ingest-producer-io", new long[2])[0] / 1e3 / expected;
        out[3] = (double) used.getOrDefault("jetty", new long[2])[1] / expected;
        out[4] = (double) used.getOrDefault("ingest-producer-io", new long[2])[1] / expected;
      }
      long raw = sum(KafkaTraffic.endOffsets(admin, Set.of(topics.raw())));
      long dead = sum(KafkaTraffic.endOffsets(admin, Set.of(topics.deadLetter())));
      // the test kit's producer was seen losing records under load: a round counts only whole
      if (raw != expected || dead != 0) {
        throw new IllegalStateException(
            prefix
                + ": the raw topic holds "
                + raw
                + " records and the dead-letter topic "
                + dead
                + ", of "
                + expected
                + " events acknowledged");
      }
      System.out.printf("  raw topic holds %d of %d events (100 %%)%n", raw, expected);
      out[5] = (double) KafkaTraffic.bytesOnDisk(admin, topics.raw()::equals) / expected;
      double[] read = read(bootstrap, topics.raw(), raw);
      out[6] = read[0];
      out[7] = read[1];
      admin.deleteTopics(List.of(topics.raw(), topics.deadLetter())).all().get();
    }
    return out;
  }

  /**
   * Waits until the broker answers for every partition of {@code topics}: an idempotent producer's
   * first batches to a partition whose leader is not yet ready were seen retried with {@code
   * OUT_OF_ORDER_SEQUENCE_NUMBER} for ever.
   */
  private static void awaitServed(Admin admin, Set<String> topics) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      try {
        KafkaTraffic.endOffsets(admin, topics);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics " + topics + " not served: " + e.getCause(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Posts the traffic from {@link #SENDERS} threads; every request must be acknowledged. */
  private static void post(FirehoseReplay replay) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger thread = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            SENDERS, task -> new Thread(task, "sender-" + thread.incrementAndGet()));
    for (int s = 0; s < SENDERS; s++) {
      pool.execute(
          () -> {
            int i;
            while ((i = next.getAndIncrement()) < traffic.size()) {
              FirehoseReplay.Result result = replay.post(List.of(traffic.get(i)));
              if (result.accepted() != 1) {
                refused.incrementAndGet();
                System.err.println("  refused: " + result.problems());
              }
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.MINUTES) || refused.get() > 0) {
      throw new IllegalStateException(refused.get() + " requests refused or not answered");
    }
  }

  /**
   * Reads {@code records} records of {@code topic} from its start on this thread as the stream
   * thread's consumer does; its CPU µs and bytes allocated per record.
   */
  private static double[] read(String bootstrap, String topic, long records) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long cpu = THREADS.getCurrentThreadCpuTime();
      long bytes = THREADS.getCurrentThreadAllocatedBytes();
      long read = 0;
      long sink = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (read < records) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(topic + ": read " + read + " of " + records);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          read++;
          sink += record.value().length;
        }
      }
      double[] out = {
        (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / records,
        (double) (THREADS.getCurrentThreadAllocatedBytes() - bytes) / records
      };
      System.out.printf(
          "  read %d records, %.0f bytes of values per record%n", read, (double) sink / read);
      return out;
    }
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** CPU nanoseconds and bytes allocated so far by the live threads, by group. */
  private static Map<String, long[]> threads() {
    Map<String, long[]> out = new TreeMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      var info = THREADS.getThreadInfo(id);
      long cpu = THREADS.getThreadCpuTime(id);
      long bytes = THREADS.getThreadAllocatedBytes(id);
      if (info != null && cpu >= 0) {
        long[] sum = out.computeIfAbsent(group(info.getThreadName()), g -> new long[2]);
        sum[0] += cpu;
        sum[1] += Math.max(0, bytes);
      }
    }
    return out;
  }

  private static Map<String, long[]> since(Map<String, long[]> before) {
    Map<String, long[]> now = threads();
    now.forEach(
        (group, used) -> {
          long[] was = before.getOrDefault(group, new long[2]);
          used[0] -= was[0];
          used[1] -= was[1];
        });
    return now;
  }

  private static String perEvent(Map<String, long[]> used) {
    StringBuilder line = new StringBuilder();
    used.forEach(
        (group, u) -> {
          if (u[0] / 1e3 / expected >= 0.1) {
            line.append(
                String.format(
                    "%s%s %.1f µs %.0f B",
                    line.length() == 0 ? "" : "; ",
                    group,
                    u[0] / 1e3 / expected,
                    (double) u[1] / expected));
          }
        });
    return line.toString();
  }

  /**
   * The group of a thread by its name: Jetty's pool (Javalin names it), ingest's producer I/O
   * thread ({@code kafka-producer-network-thread | correlate-ingest}), the senders and their HTTP
   * client; any other by its name without a trailing number.
   */
  static String group(String name) {
    if (name.startsWith("JettyServerThreadPool")) {
      return "jetty";
    } else if (name.startsWith("kafka-producer-network-thread | correlate-ingest")) {
      return "ingest-producer-io";
    } else if (name.startsWith("sender-") || name.startsWith("HttpClient-")) {
      return "senders";
    }
    return name.replaceAll("[-# ]*\\d+$", "");
  }
}

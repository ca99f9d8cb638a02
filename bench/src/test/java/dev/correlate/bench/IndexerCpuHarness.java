package dev.correlate.bench;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchTimelineWriter;
import dev.correlate.streams.Indexer;
import dev.correlate.streams.StreamsConfiguration;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsSettings;
import dev.correlate.testkit.SharedStack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;

/**
 * What the indexer's thread spends per event, A/B in one sitting: simulated TradAI events (the
 * end-to-end bench's mix, parsed as ingest does, serialized as on the events topic) are written to
 * a fresh events topic, then an {@link Indexer} with the production settings writes them to
 * OpenSearch until it has acknowledged them all; reported per round: the CPU per event of the
 * indexer's threads (its loop {@code correlate-indexer}, the threads that write its bulks, {@code
 * correlate-indexer-bulk-<n>}, and the OpenSearch client's I/O threads, which did the bulks' socket
 * work until they went through {@link BlockingHttp}; apart and together) and the events per second.
 * No streams topology; the shared test broker and node. Each further argument is a directory of
 * classes put in front of the class path for a variant (for example the indexer and bulk writer of
 * another commit, compiled there), and the variants take turns round by round, each in a class
 * loader of its own; without one, the classes built here are measured alone. Not a test (it asserts
 * nothing); run it by hand, see docs/performance.md:
 *
 * <pre>
 * ./mvnw -o -q -B -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp \
 *     -Dmdep.includeScope=test
 * java -cp bench/target/test-classes:bench/target/classes:$(cat /tmp/bench.cp) \
 *     dev.correlate.bench.IndexerCpuHarness 30000 6 [variant classes dir ...]
 * </pre>
 */
public final class IndexerCpuHarness {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private IndexerCpuHarness() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 30_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    List<String> variants =
        new ArrayList<>(Arrays.asList(args).subList(Math.min(2, args.length), args.length));
    if (variants.isEmpty()) {
      variants.add("");
    } else {
      variants.add(0, "");
    }
    String bootstrap = SharedStack.kafka().bootstrapServers();
    String openSearch = SharedStack.openSearch().url();
    List<byte[]> documents = events(events);
    System.out.printf(
        "%d events per round, %d rounds per variant (the first is warm-up), variants: here%s%n",
        documents.size(),
        rounds,
        variants.size() > 1 ? " " + variants.subList(1, variants.size()) : "");
    Map<String, Method> round = new LinkedHashMap<>();
    for (String variant : variants) {
      round.put(variant, roundIn(variant));
    }
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    long run = System.currentTimeMillis() % 100_000;
    for (int r = 0; r < rounds; r++) {
      int index = 0;
      for (var v : round.entrySet()) {
        String name = v.getKey().isEmpty() ? "here" : v.getKey();
        String prefix = "idxcpu" + run + "r" + r + "v" + index++;
        // Kafka's clients load their plug-ins (metrics reporters, serializers) by name through the
        // context class loader: the variant's
        Thread.currentThread()
            .setContextClassLoader(v.getValue().getDeclaringClass().getClassLoader());
        double[] result =
            (double[]) v.getValue().invoke(null, bootstrap, openSearch, prefix, documents);
        System.out.printf(
            "round %d %s%s: %.0f events/s, CPU per event: %.1f µs loop + %.1f µs bulk threads"
                + " + %.1f µs OpenSearch client threads%n",
            r, name, r == 0 ? " (warm-up)" : "", result[0], result[1], result[2], result[3]);
        if (r > 0) {
          cpu.computeIfAbsent(name + " loop", k -> new ArrayList<>()).add(result[1]);
          cpu.computeIfAbsent(name + " bulk + client threads", k -> new ArrayList<>())
              .add(result[2] + result[3]);
          cpu.computeIfAbsent(name + " all three", k -> new ArrayList<>())
              .add(result[1] + result[2] + result[3]);
        }
      }
    }
    cpu.forEach(
        (name, values) -> {
          double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          System.out.printf(
              "%s: median %.1f µs CPU per event over %d rounds%n",
              name, sorted[sorted.length / 2], sorted.length);
        });
    System.exit(0);
  }

  /** {@link #round} as loaded with {@code classes} in front of this JVM's class path. */
  private static Method roundIn(String classes) throws Exception {
    return ClassesInFront.method(
        classes,
        IndexerCpuHarness.class,
        "round",
        String.class,
        String.class,
        String.class,
        List.class);
  }

  /** The events topic's values for about {@code count} simulated events. */
  public static List<byte[]> events(long count) {
    long now = System.currentTimeMillis();
    SimulationSettings base = SimulationSettings.defaults(now).withSeed(11).withNoise(0.5, 0, 0);
    List<FirehoseRequest> requests = new ArrayList<>();
    new TrafficSimulator(TrafficSimulator.scaledTo(base, count)).stream(requests::add);
    LogEventParser parser = new LogEventParser();
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (FirehoseRequest request : requests) {
      for (RawLogEvent raw : request.events(now)) {
        out.putIfAbsent(raw.eventId(), Json.write(parser.parse(raw)));
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * One round on fresh topics and indices named {@code prefix}: events per second, and the CPU µs
   * per event of the indexer's loop, of its bulk threads and of the OpenSearch client's threads.
   */
  public static double[] round(
      String bootstrap, String openSearch, String prefix, List<byte[]> documents) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CORRELATE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("CORRELATE_TOPIC_PREFIX", prefix);
    env.put("CORRELATE_OPENSEARCH_URL", openSearch);
    env.put("CORRELATE_INDEX_PREFIX", prefix);
    env.put("CORRELATE_INDEXER_GROUP", prefix + "-indexer");
    StreamsSettings settings = StreamsMain.settings(env);
    StreamsConfiguration.createTopics(settings);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    // on a loaded machine the idempotent producer was seen retrying OUT_OF_ORDER_SEQUENCE_NUMBER
    // forever; a duplicate here only adds a record the indexer writes twice
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] document : documents) {
        producer.send(new ProducerRecord<>(settings.topics().events(), null, document));
      }
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OpenSearchClient client = OpenSearchClients.create(settings.openSearch());
    BlockingHttp http = BlockingHttp.create(settings.openSearch());
    Indexer indexer =
        new Indexer(
            settings,
            new OpenSearchTimelineWriter<>(client, http, settings.openSearch(), settings.bulk()),
            registry,
            (part, cause) -> cause.printStackTrace());
    try {
      long start = System.nanoTime();
      Map<String, Long> allocatedBefore = ThreadAllocations.snapshot();
      Map<String, Long> cpuBefore = cpuByGroup();
      indexer.start();
      long deadline = start + 600_000_000_000L;
      Counter out = registry.find("correlate.streams.records.out").tag("step", "indexer").counter();
      while (out == null || out.count() < documents.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              prefix + ": the indexer did not write every event in 10 min");
        }
        Thread.sleep(50);
        out = registry.find("correlate.streams.records.out").tag("step", "indexer").counter();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println("  " + ThreadAllocations.perEvent(allocatedBefore, documents.size()));
      Map<String, Long> cpuAfter = cpuByGroup();
      double[] perEvent = new double[4];
      perEvent[0] = documents.size() / seconds;
      String[] groups = {"indexer", "indexer-bulk", "opensearch-client"};
      for (int g = 0; g < groups.length; g++) {
        long cpu = cpuAfter.getOrDefault(groups[g], 0L) - cpuBefore.getOrDefault(groups[g], 0L);
        perEvent[g + 1] = cpu / 1e3 / documents.size();
      }
      return perEvent;
    } finally {
      indexer.close();
      http.close();
      client
          .generic()
          .execute(Requests.builder().method("DELETE").endpoint("/" + prefix + "-*").build())
          .close();
      OpenSearchClients.close(client);
    }
  }

  /**
   * The CPU time so far of the live threads of each group ({@link ThreadAllocations#group}); a
   * group's threads must outlive the round's second snapshot.
   */
  private static Map<String, Long> cpuByGroup() {
    Map<String, Long> cpu = new HashMap<>();
    for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        long nanos = THREADS.getThreadCpuTime(info.getThreadId());
        if (nanos > 0) {
          cpu.merge(ThreadAllocations.group(info.getThreadName()), nanos, Long::sum);
        }
      }
    }
    return cpu;
  }
}

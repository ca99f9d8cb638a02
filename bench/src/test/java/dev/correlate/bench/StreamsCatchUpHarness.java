package dev.correlate.bench;

import com.sun.management.ThreadMXBean;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.streams.StreamsConfiguration;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsSettings;
import dev.correlate.streams.TimelineTopology;
import dev.correlate.testkit.RawTopic;
import dev.correlate.testkit.SharedStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How fast the streams topology works through a backlog on the real broker, and what it costs in
 * CPU: simulated TradAI traffic (the end-to-end bench's mix) is written to a fresh raw topic first,
 * then the topology starts with the production configuration (exactly-once, RocksDB, commit
 * interval) and runs until its consumer group has no lag left on any of its source topics (raw and
 * the repartition topics). Reported per round: the backlog's events per second and the CPU of the
 * stream thread per event and the bytes it allocates per event (what the GC's work follows). No
 * ingest, no indexer and no OpenSearch, so what it measures is the topology with its Kafka round
 * trips (changelogs, repartitions, transactions). Each round uses new topics and state; the first
 * rounds are warm-up; a round whose raw topic does not hold every event produced is refused (the
 * run stops with the counts). Not a test (it asserts nothing of the topology); run it by hand, see
 * docs/performance.md:
 *
 * <pre>
 * ./mvnw -o -q -B -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp \
 *     -Dmdep.includeScope=test
 * java -cp bench/target/test-classes:bench/target/classes:$(cat /tmp/bench.cp) \
 *     dev.correlate.bench.StreamsCatchUpHarness 30000 5 [partitions[@commit interval] ...]
 * </pre>
 *
 * With several settings (e.g. {@code 3 6@100ms 6@1s}) every round runs each in turn, so they are
 * compared in one sitting; each line of results gives the stream tasks × commits per event too,
 * what a cost per commit per task is fitted against.
 *
 * <p>A client setting to compare with the service's is given as a system property {@code
 * -Dcatchup.kafka.<streams property>=<value>} (e.g. {@code
 * -Dcatchup.kafka.producer.compression.type=zstd}); it replaces the service's for every round, so
 * two settings can be alternated in one sitting with one build.
 */
public final class StreamsCatchUpHarness {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final String OVERRIDE = "catchup.kafka.";

  private StreamsCatchUpHarness() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 30_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    // the settings compared, each run once per round in turn: the topics' partition count (the
    // cost of more stream tasks per thread) and the commit interval (the cost of each commit),
    // the service's defaults where not given
    List<Setting> settings =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).map(Setting::parse).toList()
            : List.of(new Setting(null, null));
    int warmup = Math.max(1, rounds / 3);
    String bootstrap = SharedStack.kafka().bootstrapServers();
    long now = System.currentTimeMillis();
    List<RawLogEvent> raw = traffic(now, events);
    System.out.printf(
        "%d raw events per round, %d rounds (%d warm-up), settings %s%n",
        raw.size(), rounds, warmup, settings);
    Map<Setting, List<double[]>> results = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < settings.size(); i++) {
        Setting setting = settings.get(i);
        double[] result =
            round(bootstrap, "catchup" + now % 100_000 + "r" + r + "s" + i, raw, setting);
        System.out.printf(
            "round %d%s, %s: %.0f events/s, %.1f µs stream-thread CPU per event, %.0f bytes"
                + " allocated per event, tasks × commits ÷ events %.3f%n",
            r, r < warmup ? " (warm-up)" : "", setting, result[0], result[1], result[2], result[3]);
        if (r >= warmup) {
          results.computeIfAbsent(setting, s -> new ArrayList<>()).add(result);
        }
      }
    }
    results.forEach(
        (setting, measured) ->
            System.out.printf(
                "%s: median %.0f events/s, %.1f µs stream-thread CPU per event, %.0f bytes"
                    + " allocated per event, tasks × commits ÷ events %.3f%n",
                setting,
                median(measured, 0),
                median(measured, 1),
                median(measured, 2),
                median(measured, 3)));
    System.exit(0);
  }

  /** A setting compared: partitions and commit interval, the service's default where null. */
  private record Setting(String partitions, String commitInterval) {
    /** {@code <partitions>} or {@code <partitions>@<commit interval>}, e.g. {@code 6@500ms}. */
    static Setting parse(String text) {
      int at = text.indexOf('@');
      return at < 0
          ? new Setting(text, null)
          : new Setting(text.substring(0, at), text.substring(at + 1));
    }

    @Override
    public String toString() {
      return (partitions == null ? "default partitions" : partitions + " partitions")
          + (commitInterval == null ? "" : ", commit every " + commitInterval);
    }
  }

  private static double median(List<double[]> results, int column) {
    double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }

  static List<RawLogEvent> traffic(long now, long events) {
    SimulationSettings base = SimulationSettings.defaults(now).withSeed(11).withNoise(0.5, 0, 0);
    List<FirehoseRequest> requests = new ArrayList<>();
    new TrafficSimulator(TrafficSimulator.scaledTo(base, events)).stream(requests::add);
    List<RawLogEvent> out = new ArrayList<>();
    for (FirehoseRequest request : requests) {
      out.addAll(request.events(now));
    }
    return out;
  }

  /**
   * The streams settings of a fresh topic set named {@code prefix} ({@code partitions} each, the
   * service's default when null) and state directory, with the topics created and {@code raw}
   * written to the raw topic; refused (an exception) unless the raw topic then holds exactly {@code
   * raw}'s count, so that no round divides the work of fewer events by {@code raw}'s.
   */
  static StreamsSettings withRawTopic(
      String bootstrap, String prefix, List<RawLogEvent> raw, String partitions) throws Exception {
    return withRawTopic(bootstrap, prefix, raw, partitions, null);
  }

  /** As above, with the commit interval {@code commitInterval} (the service's when null). */
  static StreamsSettings withRawTopic(
      String bootstrap,
      String prefix,
      List<RawLogEvent> raw,
      String partitions,
      String commitInterval)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    if (partitions != null) {
      env.put("CORRELATE_TOPIC_PARTITIONS", partitions);
    }
    if (commitInterval != null) {
      env.put("CORRELATE_COMMIT_INTERVAL", commitInterval);
    }
    env.put("CORRELATE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("CORRELATE_TOPIC_PREFIX", prefix);
    env.put("CORRELATE_STREAMS_STATE_DIR", SharedStack.scratchDir(prefix + "-").toString());
    StreamsSettings settings = StreamsMain.settings(env);
    StreamsConfiguration.createTopics(settings);
    RawTopic.produce(bootstrap, settings.topics().raw(), raw);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long held =
          KafkaTraffic.endOffsets(admin, Set.of(settings.topics().raw())).values().stream()
              .mapToLong(Long::longValue)
              .sum();
      if (held != raw.size()) {
        throw new IllegalStateException(
            "round refused: "
                + settings.topics().raw()
                + " holds "
                + held
                + " records, "
                + raw.size()
                + " were produced");
      }
    }
    return settings;
  }

  /**
   * Events per second through the topology, stream-thread CPU µs per event, stream-thread bytes
   * allocated per event and the stream tasks × commits per event, for one fresh topic set.
   */
  private static double[] round(
      String bootstrap, String prefix, List<RawLogEvent> raw, Setting setting) throws Exception {
    StreamsSettings settings =
        withRawTopic(bootstrap, prefix, raw, setting.partitions(), setting.commitInterval());
    // counted as in the service: the metrics' cost is part of what the harness measures
    MeterRegistry registry = new SimpleMeterRegistry();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaStreams streams =
            new KafkaStreams(
                TimelineTopology.build(settings.topics(), settings.topology(), registry),
                withOverrides(StreamsConfiguration.properties(settings, registry)))) {
      long start = System.nanoTime();
      long[] before = streamThreadTotals();
      Map<String, Long> allocatedBefore = ThreadAllocations.snapshot();
      streams.start();
      // done when the group has consumed everything of every source topic, twice in a row
      // (repartition topics
      // fill while upstream catches up)
      int idle = 0;
      long cpu = 0;
      long bytes = 0;
      double commits = 0;
      double seconds = 0;
      while (idle < 2) {
        Thread.sleep(250);
        if (lag(admin, settings) == 0) {
          if (idle++ == 0) {
            seconds = (System.nanoTime() - start) / 1e9;
            long[] after = streamThreadTotals();
            cpu = after[0] - before[0];
            bytes = after[1] - before[1];
            commits = commits(streams);
            System.out.println("  " + ThreadAllocations.perEvent(allocatedBefore, raw.size()));
          }
        } else {
          idle = 0;
        }
      }
      int tasks =
          streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
      System.out.printf(
          "  %d stream tasks, %.0f commits: tasks × commits ÷ events %.3f%n",
          tasks, commits, tasks * commits / raw.size());
      printRecordsPerRawEvent(admin, bootstrap, prefix, settings.topics().raw(), raw.size());
      return new double[] {
        raw.size() / seconds,
        cpu / 1e3 / raw.size(),
        (double) bytes / raw.size(),
        tasks * commits / raw.size()
      };
    }
  }

  /** The commits of this instance's stream threads so far (Kafka Streams' own metric). */
  private static double commits(KafkaStreams streams) {
    return streams.metrics().values().stream()
        .filter(
            m ->
                m.metricName().group().equals("stream-thread-metrics")
                    && m.metricName().name().equals("commit-total"))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
        .sum();
  }

  /** The service's properties with the {@code catchup.kafka.*} system properties in their place. */
  private static Properties withOverrides(Properties service) {
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith(OVERRIDE)) {
                service.put(name.substring(OVERRIDE.length()), System.getProperty(name));
              }
            });
    return service;
  }

  /**
   * Records of the topology's source topics (raw and the repartitions) not yet consumed by its
   * group: every partition counts, one without a committed offset from its start, so a round cannot
   * end while a task has not committed yet (it did: a round that ended after a fifth of its
   * events); positive while the group has not started.
   */
  static long lag(Admin admin, StreamsSettings settings) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(settings.applicationId())
            .partitionsToOffsetAndMetadata()
            .get();
    if (committed.isEmpty()) {
      return Long.MAX_VALUE;
    }
    Set<String> sources =
        admin.listTopics().names().get().stream()
            .filter(
                t ->
                    t.equals(settings.topics().raw())
                        || (t.startsWith(settings.applicationId() + "-")
                            && t.endsWith("-repartition")))
            .collect(Collectors.toSet());
    long lag = 0;
    for (var e : KafkaTraffic.endOffsets(admin, sources).entrySet()) {
      OffsetAndMetadata done = committed.get(e.getKey());
      // under exactly-once the end offset counts the marker after a transaction's last record,
      // which is never consumed; so up to one record per partition is not counted as lag
      lag += Math.max(0, e.getValue() - (done == null ? 0 : done.offset()) - 1);
    }
    return lag;
  }

  /**
   * Records written per raw event to each of the round's topics: end offsets (exactly-once's
   * transaction markers included, as they are written too; what the end-to-end bench counts), the
   * data records alone (what a consumer reads; the difference is the markers, one per partition a
   * transaction wrote to) and the bytes on disk (after the producer's codec).
   */
  private static void printRecordsPerRawEvent(
      Admin admin, String bootstrap, String prefix, String rawTopic, int raw) throws Exception {
    Map<String, Long> byTopic = new TreeMap<>();
    Map<TopicPartition, Long> ends =
        KafkaTraffic.endOffsets(
            admin,
            admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(prefix))
                .collect(Collectors.toSet()));
    ends.forEach((tp, records) -> byTopic.merge(tp.topic(), records, Long::sum));
    Map<String, Long> data = dataRecords(bootstrap, ends);
    long all = byTopic.values().stream().mapToLong(Long::longValue).sum();
    long allData = data.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("  %-60s %s %s %s%n", "records per raw event", "offsets", "data", "bytes");
    for (var e : byTopic.entrySet()) {
      String topic = e.getKey();
      long bytes = KafkaTraffic.bytesOnDisk(admin, topic::equals);
      System.out.printf(
          "  %-60s %7.3f %5.3f %5.0f%n",
          topic, (double) e.getValue() / raw, (double) data.get(topic) / raw, (double) bytes / raw);
    }
    System.out.printf(
        "  Kafka records per raw event: %.2f (data records %.2f, transaction markers %.2f)%n",
        (double) all / raw, (double) allData / raw, (double) (all - allData) / raw);
    // what the topology wrote, on disk (the raw topic is the harness's own): the codec's ratio
    long bytes =
        KafkaTraffic.bytesOnDisk(
            admin, topic -> byTopic.containsKey(topic) && !topic.equals(rawTopic));
    System.out.printf(
        "  Kafka bytes written by the topology per raw event: %.0f%n", (double) bytes / raw);
  }

  /**
   * The data records of each topic up to {@code ends}, read with a plain consumer (which skips
   * transaction markers); an aborted transaction's records would count too, and none are aborted in
   * a round that ran without failure.
   */
  private static Map<String, Long> dataRecords(String bootstrap, Map<TopicPartition, Long> ends) {
    Map<String, Long> counts = new TreeMap<>();
    ends.keySet().forEach(tp -> counts.putIfAbsent(tp.topic(), 0L));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(ends.keySet());
      consumer.seekToBeginning(ends.keySet());
      Set<TopicPartition> open = new HashSet<>(ends.keySet());
      open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
      // a partition ending in a marker may not report a position past it: ten empty polls end it
      int empty = 0;
      while (!open.isEmpty() && empty < 10) {
        var records = consumer.poll(Duration.ofMillis(200));
        empty = records.isEmpty() ? empty + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          counts.merge(r.topic(), 1L, Long::sum);
        }
        open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
      }
    }
    return counts;
  }

  /** CPU nanoseconds and allocated bytes of this JVM's live stream threads so far. */
  private static long[] streamThreadTotals() {
    long cpu = 0;
    long bytes = 0;
    for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("StreamThread")) {
        cpu += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
        bytes += Math.max(0, THREADS.getThreadAllocatedBytes(info.getThreadId()));
      }
    }
    return new long[] {cpu, bytes};
  }
}

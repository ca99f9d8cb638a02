package dev.correlate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.storage.OpenSearchTimelineWriter;
import dev.correlate.streams.StreamsConfiguration;
import dev.correlate.streams.StreamsSettings;
import dev.correlate.streams.TimelineTopology;
import dev.correlate.testkit.SharedStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * What OpenSearch spends per event on the pipeline's documents, by the way they are sent: the
 * events and timeline summaries the streams topology wrote for simulated TradAI traffic (captured
 * once from the events and timelines topics of a real topology on the test kit's broker, or read
 * back from a capture file, so that every sitting indexes the same documents) are written to the
 * test kit's OpenSearch node through the indexer's own writer ({@link OpenSearchTimelineWriter},
 * its templates and bulk composition), into fresh indices each time, in turn by each shape:
 *
 * <ul>
 *   <li>{@code bulk}: as the end-to-end bench's raw phase sends them: bulks filled by count (1
 *       000), one at a time, as fast as the node answers;
 *   <li>{@code paced:<events/s>[:<flush ms>]}: as the indexer sends them when the pipeline delivers
 *       that many events a second: bulks sent when due by the production settings (200 ms unless
 *       given), at most two in flight;
 *   <li>{@code events}, {@code summaries}: {@code bulk} of the events only, of the summaries only
 *       (the figures stay per event document of the whole set);
 *   <li>{@code burn:<threads>}: {@code bulk} while that many threads of this JVM keep busy;
 *   <li>{@code loaded-bulk:<documents>}: {@code bulk} into indices that hold that many of the same
 *       documents already (written before the measurement, under other ids), as the stack's daily
 *       events index does after the bench's earlier phases;
 *   <li>{@code idle:<seconds>}: nothing written while measured: the documents are written first
 *       (not measured), then the node's CPU is read over that many seconds — what the indices cost
 *       per second when nothing arrives (their refreshes, merges still running, the poller).
 * </ul>
 *
 * A shape may carry flags after {@code +}: {@code +poll} adds a poller like {@code bench e2e}'s
 * (every 100 ms, a search of the events alias for the probe events written and not yet found, one
 * probe per {@value #PROBE_EVERY} events; in {@code idle}, the last 20 probes again and again);
 * {@code +events} writes the events only; {@code +events.<setting>=<value>} and {@code
 * +timelines.<setting>=<value>} change a dynamic index setting of the events or the timelines
 * indices before the writes (say {@code +timelines.index.refresh_interval=5s}). With {@code
 * -Doscpu.copies=<n>} the documents are written n times under other ids (events by a new id,
 * summaries as new timelines), for phases long enough to pace at a real rate.
 *
 * <p>Reported per round and shape: the node's process CPU ({@code _nodes/_local/stats/process}) per
 * raw event and per document, and per second, from the first write until every document is
 * acknowledged and one refresh interval more; the same by the node's thread pools ({@link
 * NodeThreads}); the node's idle CPU per second measured just before; and what the indices' stats
 * count (index operations, version conflicts, refreshes, merges). Not a test (it asserts nothing);
 * run it by hand, see docs/performance.md:
 *
 * <pre>
 * ./mvnw -o -q -B -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp \
 *     -Dmdep.includeScope=test
 * java -cp bench/target/test-classes:bench/target/classes:$(cat /tmp/bench.cp) \
 *     dev.correlate.bench.OpenSearchCpuHarness 30000 4 /tmp/os-docs.bin bulk paced:2900
 * </pre>
 */
public final class OpenSearchCpuHarness {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OpenSearchCpuHarness() {}

  /** A value of the events ({@code event}) or the timelines topic, in the order polled. */
  record Captured(boolean event, byte[] value) {}

  public static void main(String[] args) throws Exception {
    long events = Long.parseLong(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path file = Path.of(args[2]);
    List<String> shapes = List.of(args).subList(3, args.length);
    String node = SharedStack.openSearch().url();
    List<Captured> captured;
    if (Files.exists(file)) {
      captured = load(file);
    } else {
      captured = capture(events);
      save(file, captured);
    }
    List<TimelineWrite<Void>> writes =
        copies(writes(captured), Integer.getInteger("oscpu.copies", 1));
    long eventDocs =
        writes.stream().filter(w -> w instanceof TimelineWrite.EventBytes<Void>).count();
    System.out.printf(
        "%d documents: %d events, %d summaries; shapes %s%n",
        writes.size(), eventDocs, writes.size() - eventDocs, shapes);
    Map<String, List<Double>> perDoc = new LinkedHashMap<>();
    long run = System.currentTimeMillis() % 100_000;
    for (int r = 0; r < rounds; r++) {
      int s = 0;
      for (String shape : shapes) {
        String prefix = "oscpu" + run + "r" + r + "s" + s++;
        double[] result = round(URI.create(node), prefix, shape, writes, eventDocs);
        System.out.printf(
            "round %d %-22s %7.0f events/s  node CPU %6.1f µs/event doc, %6.1f µs/document,"
                + " %5.0f ms/s  (idle %4.0f ms/s)%n",
            r, shape, result[0], result[1], result[2], result[4], result[3]);
        if (r > 0) {
          perDoc.computeIfAbsent(shape, k -> new ArrayList<>()).add(result[1]);
        }
      }
    }
    perDoc.forEach(
        (shape, values) -> {
          double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          System.out.printf(
              "%-22s median %.1f µs node CPU per event document (idle: ms/s) over %d warm rounds %s%n",
              shape, sorted[sorted.length / 2], sorted.length, values);
        });
    System.exit(0);
  }

  /**
   * One shape into fresh indices named {@code prefix}: events per second, node CPU µs per event
   * document and per document, the node's idle CPU in ms per second before, the node's CPU in ms
   * per second of the shape. For {@code idle}, the CPU per event document is in ms per second too.
   */
  private static double[] round(
      URI node, String prefix, String shape, List<TimelineWrite<Void>> writes, long eventDocs)
      throws Exception {
    OpenSearchSettings settings = OpenSearchSettings.of(node).withIndexPrefix(prefix);
    OpenSearchClient client = OpenSearchClients.create(settings);
    BlockingHttp http = BlockingHttp.create(settings);
    ExecutorService senders = Executors.newFixedThreadPool(2);
    String[] flagged = shape.split("\\+");
    Set<String> flags = Arrays.stream(flagged).skip(1).collect(Collectors.toSet());
    String[] parts = flagged[0].split(":");
    Poller poller =
        flags.contains("poll") ? new Poller(node, settings.indices().eventsAlias()) : null;
    try {
      boolean paced = parts[0].equals("paced");
      boolean eventsOnly = parts[0].equals("events") || flags.contains("events");
      BulkWriter.Settings production = BulkWriter.Settings.defaults();
      Duration flush =
          !paced
              ? Duration.ofHours(1)
              : parts.length > 2
                  ? Duration.ofMillis(Long.parseLong(parts[2]))
                  : production.flushInterval();
      BulkWriter.Settings bulk =
          new BulkWriter.Settings(
              production.maxOperations(),
              production.maxBytes(),
              flush,
              production.initialBackoff(),
              production.maxBackoff(),
              production.maxAttempts());
      OpenSearchTimelineWriter<Void> writer =
          new OpenSearchTimelineWriter<>(client, http, settings, bulk);
      writer.prepare();
      for (String flag : flags) {
        if (flag.startsWith("events.") || flag.startsWith("timelines.")) {
          String[] setting = flag.split("=", 2);
          String index = setting[0].substring(0, setting[0].indexOf('.'));
          put(
              node,
              "/" + prefix + "-" + index + "-*/_settings",
              Json.writeString(Map.of(setting[0].substring(index.length() + 1), setting[1])));
        }
      }
      if (parts[0].equals("loaded-bulk")) {
        preload(writer, writes, Long.parseLong(parts[1]));
        Thread.sleep(5_000);
      }
      List<TimelineWrite<Void>> measured =
          writes.stream()
              .filter(
                  w ->
                      !(eventsOnly && w instanceof TimelineWrite.Summary<Void>)
                          && !(parts[0].equals("summaries")
                              && w instanceof TimelineWrite.EventBytes<Void>))
              .toList();
      boolean idleShape = parts[0].equals("idle");
      if (idleShape) {
        bulk(writer, measured, poller);
        Thread.sleep(2_000);
        if (poller != null) {
          poller.repeatLast(20);
        }
      }
      double idle = idleMillisPerSecond(node);
      if (parts[0].equals("burn")) {
        burn(Integer.parseInt(parts[1]));
      }
      NodeThreads threads = NodeThreads.of(node);
      Map<String, Long> threadsBefore = threads.ticks();
      long cpuBefore = nodeCpuMillis(node);
      long start = System.nanoTime();
      if (poller != null) {
        poller.start();
      }
      if (idleShape) {
        Thread.sleep(Long.parseLong(parts[1]) * 1000);
      } else if (paced) {
        paced(writer, measured, Double.parseDouble(parts[1]), senders, poller);
      } else {
        bulk(writer, measured, poller);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      burning = false;
      // what the writes left to do: the refresh that makes them searchable, merges started
      if (!idleShape) {
        Thread.sleep(settings.eventsRefreshInterval().toMillis() + 500);
      }
      if (poller != null) {
        poller.stop();
      }
      long cpu = nodeCpuMillis(node) - cpuBefore;
      double wall = (System.nanoTime() - start) / 1e9;
      Map<String, Double> pools = threads.byPool(threadsBefore, threads.ticks());
      // threads that ended meanwhile: above all Lucene's merge threads, one per merge
      pools.put("ended", cpu - pools.values().stream().mapToDouble(Double::doubleValue).sum());
      System.out.printf(
          "    %s: node CPU by thread pool, ms per second %s; poller %s%n",
          shape, rounded(pools, 1 / wall), poller == null ? "none" : poller.searches + " searches");
      printStats(node, prefix);
      return idleShape
          ? new double[] {0, cpu / wall, 0, idle, cpu / wall}
          : new double[] {
            eventDocs / seconds, cpu * 1e3 / eventDocs, cpu * 1e3 / writes.size(), idle, cpu / wall
          };
    } finally {
      if (poller != null) {
        poller.stop();
      }
      senders.shutdownNow();
      delete(node, prefix + "-*");
      http.close();
      OpenSearchClients.close(client);
    }
  }

  private static Map<String, Long> rounded(Map<String, Double> values, double scale) {
    Map<String, Long> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Math.round(v * scale)));
    return out;
  }

  /** Bulks filled by count, one at a time, as fast as the node answers. */
  private static void bulk(
      OpenSearchTimelineWriter<Void> writer, List<TimelineWrite<Void>> writes, Poller poller) {
    long events = 0;
    for (TimelineWrite<Void> write : writes) {
      writer.add(write, 0);
      if (poller != null && write instanceof TimelineWrite.EventBytes<Void> e) {
        poller.written(e.eventId(), events++);
      }
      if (writer.due(0)) {
        writer.flush();
      }
    }
    writer.flush();
  }

  /** Events between two probes: about the events of one of {@code bench e2e}'s requests. */
  static final int PROBE_EVERY = 700;

  /**
   * {@code bench e2e}'s visibility poll: every 100 ms, one search of the events alias for the probe
   * events written and not yet found, the longest waiting first, at most 1 000.
   */
  private static final class Poller {
    private final URI node;
    private final String alias;
    private final Map<String, Long> waiting = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<Long, String> byOrder = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile boolean running;
    private volatile int repeat;
    private Thread thread;
    long searches;

    Poller(URI node, String alias) {
      this.node = node;
      this.alias = alias;
    }

    void written(String eventId, long index) {
      if (index % PROBE_EVERY == 0) {
        byOrder.put(index, eventId);
        waiting.put(eventId, index);
      }
    }

    /** Searches the last {@code n} probes in every poll, found or not. */
    void repeatLast(int n) {
      repeat = n;
    }

    void start() {
      running = true;
      thread =
          new Thread(
              () -> {
                while (running) {
                  try {
                    Thread.sleep(100);
                    poll();
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              },
              "poller");
      thread.setDaemon(true);
      thread.start();
    }

    private void poll() throws Exception {
      List<String> ids =
          repeat > 0
              ? byOrder.values().stream().skip(Math.max(0, byOrder.size() - repeat)).toList()
              : waiting.entrySet().stream()
                  .sorted(Map.Entry.comparingByValue())
                  .limit(1000)
                  .map(Map.Entry::getKey)
                  .toList();
      if (ids.isEmpty()) {
        return;
      }
      String body = EndToEndBench.probeSearch(ids);
      HttpResponse<byte[]> response =
          HTTP.send(
              HttpRequest.newBuilder(node.resolve("/" + alias + "/_search"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      searches++;
      if (repeat == 0) {
        Json.mapper()
            .readTree(response.body())
            .path("hits")
            .path("hits")
            .forEach(h -> waiting.remove(h.path("_id").asText()));
      }
    }

    void stop() throws InterruptedException {
      running = false;
      if (thread != null) {
        thread.join();
        thread = null;
      }
    }
  }

  /**
   * {@code writes} {@code n} times, the second and later copies under other ids (events by a new
   * id, summaries as new timelines).
   */
  private static List<TimelineWrite<Void>> copies(List<TimelineWrite<Void>> writes, int n) {
    List<TimelineWrite<Void>> out = new ArrayList<>(writes);
    for (int c = 1; c < n; c++) {
      String suffix = "-copy" + c;
      for (TimelineWrite<Void> w : writes) {
        out.add(renamed(w, suffix));
      }
    }
    return out;
  }

  private static TimelineWrite<Void> renamed(TimelineWrite<Void> w, String suffix) {
    if (w instanceof TimelineWrite.EventBytes<Void> e) {
      return new TimelineWrite.EventBytes<>(e.eventId() + suffix, e.timestamp(), e.json(), null);
    }
    TimelineSummary t = ((TimelineWrite.Summary<Void>) w).summary();
    return new TimelineWrite.Summary<>(
        Json.read(
            Json.write(
                Json.mapper()
                    .<ObjectNode>valueToTree(t)
                    .put("timeline_id", t.timelineId() + suffix)),
            TimelineSummary.class),
        null);
  }

  private static volatile boolean burning;

  /**
   * Keeps {@code threads} threads busy until the round's writes are acknowledged: work beside
   * OpenSearch on the same cores, as the pipeline's is, touching 16 MiB each so that they take
   * cache as well as cycles.
   */
  private static void burn(int threads) {
    burning = true;
    for (int t = 0; t < threads; t++) {
      Thread burner =
          new Thread(
              () -> {
                int[] memory = new int[4 << 20];
                int i = 0;
                while (burning) {
                  i = (i * 1_103_515_245 + 12_345) & (memory.length - 1);
                  memory[i]++;
                }
              },
              "burner-" + t);
      burner.setDaemon(true);
      burner.start();
    }
  }

  /**
   * Sends {@code writes} as the indexer does when the pipeline delivers {@code rate} events a
   * second: buffered as they come, sent when the writer says due, at most two bulks in flight.
   */
  private static void paced(
      OpenSearchTimelineWriter<Void> writer,
      List<TimelineWrite<Void>> writes,
      double rate,
      ExecutorService senders,
      Poller poller)
      throws InterruptedException {
    Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
    long start = System.nanoTime();
    long events = 0;
    int next = 0;
    while (next < writes.size() || writer.pending() > 0) {
      long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
      // behind the rate, the documents due are added only until a bulk is due, as a consumer's
      // poll returns at most a bulk's worth
      while (next < writes.size() && events <= due && !writer.due(System.currentTimeMillis())) {
        TimelineWrite<Void> write = writes.get(next++);
        writer.add(write, System.currentTimeMillis());
        if (write instanceof TimelineWrite.EventBytes<Void> e) {
          if (poller != null) {
            poller.written(e.eventId(), events);
          }
          events++;
        }
      }
      long now = System.currentTimeMillis();
      while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
        inFlight.removeFirst().join();
      }
      if (writer.pending() > 0 && (writer.due(now) || next == writes.size())) {
        while (inFlight.size() >= 2) {
          inFlight.removeFirst().join();
        }
        inFlight.addLast(writer.send(senders));
      } else {
        Thread.sleep(5);
      }
    }
    inFlight.forEach(CompletableFuture::join);
  }

  /**
   * Writes about {@code documents} copies of {@code writes} under new ids (events by a new id,
   * summaries as new timelines), as fast as the node takes them.
   */
  private static void preload(
      OpenSearchTimelineWriter<Void> writer, List<TimelineWrite<Void>> writes, long documents) {
    for (long i = 0; i < documents; i++) {
      writer.add(renamed(writes.get((int) (i % writes.size())), "-pre" + i / writes.size()), 0);
      if (writer.due(0)) {
        writer.flush();
      }
    }
    writer.flush();
  }

  /** The captured values as the indexer hands them to its writer. */
  private static List<TimelineWrite<Void>> writes(List<Captured> captured) {
    List<TimelineWrite<Void>> out = new ArrayList<>();
    for (Captured c : captured) {
      if (c.event()) {
        LogEvent event = Json.read(c.value(), LogEvent.class);
        out.add(
            new TimelineWrite.EventBytes<>(event.eventId(), event.timestamp(), c.value(), null));
      } else {
        out.add(new TimelineWrite.Summary<>(Json.read(c.value(), TimelineSummary.class), null));
      }
    }
    return out;
  }

  /**
   * Runs the topology on about {@code events} simulated raw events until it has no lag, then reads
   * what it wrote to the events and timelines topics, in the order a consumer of both polls them.
   */
  private static List<Captured> capture(long events) throws Exception {
    String bootstrap = SharedStack.kafka().bootstrapServers();
    long now = System.currentTimeMillis();
    List<RawLogEvent> raw = StreamsCatchUpHarness.traffic(now, events);
    String prefix = "oscapture" + now % 100_000;
    StreamsSettings settings = StreamsCatchUpHarness.withRawTopic(bootstrap, prefix, raw, null);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaStreams streams =
            new KafkaStreams(
                TimelineTopology.build(settings.topics(), settings.topology(), registry),
                StreamsConfiguration.properties(settings, registry))) {
      streams.start();
      int idle = 0;
      while (idle < 2) {
        Thread.sleep(500);
        idle = StreamsCatchUpHarness.lag(admin, settings) == 0 ? idle + 1 : 0;
      }
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-capture-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Captured> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(settings.topics().events(), settings.topics().timelines()));
      int empty = 0;
      while (empty < 10) {
        var records = consumer.poll(Duration.ofMillis(500));
        empty = records.isEmpty() ? empty + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (record.value() != null) {
            out.add(
                new Captured(record.topic().equals(settings.topics().events()), record.value()));
          }
        }
      }
    }
    System.out.printf("captured from %d raw events%n", raw.size());
    return out;
  }

  private static void save(Path file, List<Captured> captured) throws IOException {
    try (OutputStream o = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(o))) {
      for (Captured c : captured) {
        out.writeBoolean(c.event());
        out.writeInt(c.value().length);
        out.write(c.value());
      }
    }
  }

  private static List<Captured> load(Path file) throws IOException {
    List<Captured> out = new ArrayList<>();
    try (InputStream i = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(i))) {
      while (true) {
        boolean event;
        try {
          event = in.readBoolean();
        } catch (EOFException end) {
          return out;
        }
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        out.add(new Captured(event, value));
      }
    }
  }

  private static double idleMillisPerSecond(URI node) throws Exception {
    long before = nodeCpuMillis(node);
    Thread.sleep(3_000);
    return (nodeCpuMillis(node) - before) / 3.0;
  }

  private static long nodeCpuMillis(URI node) throws Exception {
    JsonNode nodes = get(node, "/_nodes/_local/stats/process").path("nodes");
    return nodes.elements().next().path("process").path("cpu").path("total_in_millis").asLong();
  }

  private static void printStats(URI node, String prefix) throws Exception {
    JsonNode indices =
        get(node, "/" + prefix + "-*/_stats/indexing,refresh,merge,flush,segments").path("indices");
    for (var e : (Iterable<Map.Entry<String, JsonNode>>) indices::fields) {
      JsonNode p = e.getValue().path("primaries");
      System.out.printf(
          "    %-40s index %d (failed %d, %d ms), refresh %d (%d ms), merges %d (%d ms, %d docs),"
              + " flush %d, segments %d%n",
          e.getKey(),
          p.path("indexing").path("index_total").asLong(),
          p.path("indexing").path("index_failed").asLong(),
          p.path("indexing").path("index_time_in_millis").asLong(),
          p.path("refresh").path("total").asLong(),
          p.path("refresh").path("total_time_in_millis").asLong(),
          p.path("merges").path("total").asLong(),
          p.path("merges").path("total_time_in_millis").asLong(),
          p.path("merges").path("total_docs").asLong(),
          p.path("flush").path("total").asLong(),
          p.path("segments").path("count").asLong());
    }
  }

  private static JsonNode get(URI node, String path) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(node.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return Json.mapper().readTree(response.body());
  }

  private static void put(URI node, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(node.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
    }
  }

  private static void delete(URI node, String pattern) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(node.resolve("/" + pattern)).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
  }
}

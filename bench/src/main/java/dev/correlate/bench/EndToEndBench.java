package dev.correlate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.TimelineHomes;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.simulator.FirehoseReplay;
import dev.correlate.simulator.FirehoseRequest;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.Documents;
import dev.correlate.storage.IndexTemplates;
import dev.correlate.storage.Indices;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The end-to-end benchmark: simulated TradAI traffic posted to a running ingest, timed until
 * OpenSearch can find every event, against the physical limit measured in the same run —
 * OpenSearch's bulk rate for the same documents the pipeline wrote (its events, plus as many
 * summary revisions per event as the pipeline wrote), written by the same client and writer the
 * indexer uses.
 *
 * <p>The same run also measures the floor of the architecture: the same kind of traffic through a
 * {@link FloorPipeline} (ingest, Kafka Streams that only parses, the indexer), which no pipeline of
 * this architecture can beat.
 *
 * <p>A warm-up (a phase of each kind, not reported, repeated while the stack's JVMs still spend
 * {@link #SETTLED_JIT_SHARE} or more of their CPU compiling) lets the JIT of every JVM and
 * OpenSearch's caches settle; then rounds run pipeline, floor and bulk, and the ratios reported are
 * the medians of the rounds' ratios. Each phase uses fresh traffic (a new seed and an AWS account
 * of its own), so that deduplication does not hide work and each phase's events can be counted
 * apart, and every phase runs the same visibility poll ({@link #awaitVisible}: a search every
 * {@link #POLL} while it writes, the raw bulk phase included) and ends on the same condition: a
 * search finds every event. Requests carry up to {@code recordsPerRequest} subscription records
 * (Firehose sends up to 500 records, 1–4 MiB); one more phase sends small requests. Latency is
 * measured per Firehose request: from the moment ingest acknowledged it to the moment a search
 * finds its first event; on request, the phase at 70 % also breaks it down by hop ({@link
 * EventHops}). Each phase reports the CPU per event of the stack's processes apart from the bench's
 * own senders and pollers ({@link CpuMeter}), and pipeline phases the records and bytes the stack
 * wrote to Kafka per raw event ({@link KafkaTraffic}).
 */
final class EndToEndBench {
  /**
   * One measured run.
   *
   * @param events distinct events of the phase
   * @param eventWrites event documents written to OpenSearch (an event re-emitted with late ids is
   *     written again)
   * @param summaryWrites timeline summary revisions written to OpenSearch
   * @param latencyMs ingest's acknowledgement of a request → a search finds its first event: p50,
   *     p99, max, samples, and the bench's mean time between two searches ({@code poll})
   * @param hopsMs the same latency by hop ({@link EventHops#breakdown}), for the phase at 70 %
   * @param cpuMicrosPerEvent CPU per event by part: the stack's processes, the bench's senders and
   *     pollers ({@code bench_load}), the rest of the bench's JVM ({@code bench_other}: the floor
   *     pipeline when it runs)
   * @param kafka records and bytes the stack wrote to Kafka per raw event (pipeline phases on the
   *     stack)
   */
  record Phase(
      String name,
      long events,
      long eventWrites,
      long summaryWrites,
      double seconds,
      double eventsPerSecond,
      double targetRate,
      Map<String, Double> latencyMs,
      Map<String, Map<String, Double>> hopsMs,
      Map<String, Double> cpuMicrosPerEvent,
      Map<String, Double> kafka) {}

  /**
   * One round: the pipeline at full speed, the floor pipeline at full speed, then OpenSearch alone
   * on the pipeline's document mix; each ratio is to the raw bulk rate.
   */
  record Round(Phase e2eMax, Phase floor, Phase rawBulk, double ratio, double floorRatio) {}

  /** Where a pipeline phase posts its requests and finds its events. */
  private record Target(URI ingest, Optional<String> accessKey, Indices indices) {}

  /**
   * One phase's traffic; {@code account} is the AWS account that sets its events apart in the
   * index.
   */
  record Traffic(String account, List<FirehoseRequest> requests) {}

  /** Index operations OpenSearch counted so far on the events and on the timelines. */
  private record Writes(long events, long summaries) {}

  /**
   * Pause between two searches for the probe events: with the search itself, the resolution of the
   * latency measured, small against the 3 s target.
   */
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * The warm-up is repeated, up to {@link #MAX_WARMUPS} times, until the stack's JVMs spend less
   * than this share of their CPU in their JIT compilers during its pipeline phase: a fresh
   * OpenSearch node was seen spending half of its CPU compiling over its first 30 000 events and
   * still over a quarter minutes later (docs/performance.md, s6-os), which the pipeline phases,
   * longer and first in each round, paid more than the raw bulk.
   */
  static final double SETTLED_JIT_SHARE = 0.05;

  /** Warm-ups at most, whatever the JIT still does. */
  static final int MAX_WARMUPS = 4;

  /**
   * The prefix of the raw bulk phases' indices. They are kept from phase to phase and deleted at
   * the end of the run, so that each raw phase, like each pipeline phase, writes into indices
   * holding what the run wrote before: into a fresh index a node spent 1.2–1.8× less per document
   * than into one holding 150 000 documents (docs/performance.md, s6-os), which flattered the raw
   * rate.
   */
  static final String RAW_PREFIX = "correlate-bench-raw";

  /** Firehose records per request of the small-request phase (a quiet estate's requests). */
  static final int SMALL_REQUEST_RECORDS = 20;

  /** Progress times with their seconds even when zero (LocalTime's own text drops them). */
  private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Target stack;
  private final URI openSearch;
  private final String kafkaBootstrap;
  private final Map<String, String> env;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LogEventParser parser = new LogEventParser();
  private final CpuMeter cpu;
  private final int recordsPerRequest;

  /**
   * Whether the phase at 70 % is timed hop by hop. Off by default: the real-time gets make
   * OpenSearch refresh its internal reader for a document not yet refreshed (a small segment each),
   * work the pipeline does not do, on the node whose time the latency is.
   */
  private final boolean hops;

  /** The highest external version a raw phase gave a summary so far. */
  private long lastSummaryVersion;

  /**
   * {@code env}: the environment the floor pipeline reads its settings from, as the stack did;
   * {@code hops}: the phase at 70 % timed hop by hop ({@link EventHops}).
   */
  EndToEndBench(
      URI ingest,
      URI openSearch,
      String kafkaBootstrap,
      Optional<String> accessKey,
      Map<String, String> env,
      int recordsPerRequest,
      boolean hops) {
    this.stack = new Target(ingest, accessKey, Indices.withPrefix("correlate"));
    this.openSearch = openSearch;
    this.kafkaBootstrap = kafkaBootstrap;
    this.env = env;
    this.cpu = new CpuMeter(Path.of(env.getOrDefault("CORRELATE_STATE_DIR", ".correlate")));
    this.recordsPerRequest = recordsPerRequest;
    this.hops = hops;
  }

  /**
   * Warms up on {@code warmupEvents}, runs {@code rounds} rounds of pipeline, floor and bulk, then
   * the pipeline at 70 % of the median pipeline rate; as JSON.
   */
  ObjectNode run(long events, int senders, Duration timeout, int rounds, long warmupEvents) {
    long runId = System.currentTimeMillis() % 1_000_000_000L;
    // what an interrupted run left
    deleteIndices(Indices.withPrefix(RAW_PREFIX));
    List<Round> done = new ArrayList<>();
    StreamsSettings stackSettings = StreamsMain.settings(env);
    FloorPipeline floorPipeline = FloorPipeline.start(env, runId, kafkaBootstrap, openSearch);
    Target floor = new Target(floorPipeline.ingest(), Optional.empty(), floorPipeline.indices());
    Phase seventy;
    Phase small;
    try (floorPipeline;
        KafkaTraffic kafka =
            new KafkaTraffic(
                kafkaBootstrap, stackSettings.topics(), stackSettings.applicationId())) {
      for (int w = 0; warmupEvents > 0 && w < MAX_WARMUPS; w++) {
        // the floor pipeline's JVM is the bench's: it warms up like the stack, on a phase of its
        // own
        Phase warm =
            pipeline(
                "warmup",
                stack,
                traffic(runId, "w" + w, warmupEvents, recordsPerRequest),
                senders,
                0,
                timeout,
                null,
                null);
        pipeline(
            "warmup",
            floor,
            traffic(runId, "v" + w, warmupEvents, recordsPerRequest),
            senders,
            0,
            timeout,
            null,
            null);
        rawBulk(traffic(runId, "x" + w, warmupEvents, recordsPerRequest), warm, timeout);
        double jit = CpuMeter.stackJitShare(warm.cpuMicrosPerEvent());
        System.err.printf(
            "warm-up %d: the stack's JVMs spent %.0f %% of their CPU compiling%n",
            w + 1, jit * 100);
        if (jit < SETTLED_JIT_SHARE) {
          break;
        }
      }
      for (int r = 0; r < rounds; r++) {
        Phase max =
            pipeline(
                "e2e_max",
                stack,
                traffic(runId, "m" + r, events, recordsPerRequest),
                senders,
                0,
                timeout,
                kafka,
                null);
        Phase least =
            pipeline(
                "floor_max",
                floor,
                traffic(runId, "f" + r, events, recordsPerRequest),
                senders,
                0,
                timeout,
                null,
                null);
        Phase raw = rawBulk(traffic(runId, "r" + r, events, recordsPerRequest), max, timeout);
        done.add(
            new Round(
                max,
                least,
                raw,
                max.eventsPerSecond() / raw.eventsPerSecond(),
                least.eventsPerSecond() / raw.eventsPerSecond()));
      }
      double maxRate =
          median(done.stream().mapToDouble(r -> r.e2eMax().eventsPerSecond()).toArray());
      seventy =
          pipeline(
              "e2e_70pct",
              stack,
              traffic(runId, "s", events, recordsPerRequest),
              senders,
              0.7 * maxRate,
              timeout,
              kafka,
              hops ? stackSettings.topics().events() : null);
      small =
          pipeline(
              "e2e_small_requests",
              stack,
              traffic(runId, "q", events, SMALL_REQUEST_RECORDS),
              senders,
              0,
              timeout,
              kafka,
              null);
    } finally {
      deleteIndices(floor.indices());
      deleteIndices(Indices.withPrefix(RAW_PREFIX));
    }
    double maxRate = median(done.stream().mapToDouble(r -> r.e2eMax().eventsPerSecond()).toArray());

    ObjectNode result = Json.mapper().createObjectNode();
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("events_per_phase", events);
    result.put("warmup_events", warmupEvents);
    result.set("rounds", Json.mapper().valueToTree(done));
    result.put(
        "raw_bulk_median_events_per_second",
        median(done.stream().mapToDouble(r -> r.rawBulk().eventsPerSecond()).toArray()));
    result.put("e2e_max_median_events_per_second", maxRate);
    result.set("e2e_70pct", Json.mapper().valueToTree(seventy));
    result.put("e2e_over_raw_bulk", median(done.stream().mapToDouble(Round::ratio).toArray()));
    result.put(
        "floor_max_median_events_per_second",
        median(done.stream().mapToDouble(r -> r.floor().eventsPerSecond()).toArray()));
    result.put(
        "floor_over_raw_bulk", median(done.stream().mapToDouble(Round::floorRatio).toArray()));
    result.put(
        "e2e_over_floor",
        median(done.stream().mapToDouble(r -> r.ratio() / r.floorRatio()).toArray()));
    result.put("records_per_request", recordsPerRequest);
    result.set("e2e_small_requests", Json.mapper().valueToTree(small));
    result.put(
        "e2e_small_requests_over_raw_bulk",
        small.eventsPerSecond()
            / median(done.stream().mapToDouble(r -> r.rawBulk().eventsPerSecond()).toArray()));
    result.put(
        "kafka_records_per_raw_event",
        median(
            done.stream()
                .mapToDouble(r -> r.e2eMax().kafka().get("records_per_raw_event"))
                .toArray()));
    result.put(
        "kafka_bytes_per_raw_event",
        median(
            done.stream()
                .mapToDouble(r -> r.e2eMax().kafka().get("bytes_per_raw_event"))
                .toArray()));
    for (String part : CpuMeter.STACK_THREADS.keySet()) {
      double[] perRound =
          done.stream()
              .map(r -> r.e2eMax().cpuMicrosPerEvent().get(part))
              .filter(Objects::nonNull)
              .mapToDouble(Double::doubleValue)
              .toArray();
      if (perRound.length > 0) {
        result.put(part + "_micros_per_event", median(perRound));
      }
    }
    return result;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Phase traffic; {@code recordsPerRequest}: subscription records per Firehose request, at most.
   */
  static Traffic traffic(long runId, String phase, long events, int recordsPerRequest) {
    String account =
        String.format("%012d", Math.floorMod(runId * 10 + phase.hashCode(), 1_000_000_000_000L));
    SimulationSettings defaults = SimulationSettings.defaults();
    SimulationSettings base =
        defaults
            .withSeed(runId * 31 + phase.hashCode())
            .withAccount(account, defaults.region())
            .withNoise(0.5, 0, 0)
            .withBatching(defaults.batchSize(), recordsPerRequest);
    List<FirehoseRequest> requests = new ArrayList<>();
    new TrafficSimulator(TrafficSimulator.scaledTo(base, events)).stream(requests::add);
    return new Traffic(account, requests);
  }

  /**
   * OpenSearch's bulk rate for the pipeline's own documents, through the indexer's client and
   * writer: the traffic's events, written as often per event as {@code mix} wrote them, interleaved
   * with summary revisions (recent summaries of the pipeline, rewritten with rising versions) as
   * often per event as {@code mix} wrote them, into the run's raw indices ({@link #RAW_PREFIX}),
   * which hold the earlier raw phases' documents. The writes run on a thread of their own while
   * this one polls as in the pipeline phases, a request's first event as its probe, handed over
   * when given to the writer.
   */
  private Phase rawBulk(Traffic traffic, Phase mix, Duration timeout) {
    OpenSearchSettings settings = OpenSearchSettings.of(openSearch).withIndexPrefix(RAW_PREFIX);
    OpenSearchClient client = OpenSearchClients.create(settings);
    BlockingHttp http = BlockingHttp.create(settings);
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      new IndexTemplates(client, settings).install();
      List<BulkWriter.Doc<Void>> events = new ArrayList<>();
      // as in the pipeline phases, a request's first event is its probe
      Set<String> probes = new HashSet<>();
      for (FirehoseRequest request : traffic.requests()) {
        List<LogEvent> parsed = parse(request);
        if (!parsed.isEmpty()) {
          probes.add(parsed.get(0).eventId());
        }
        for (LogEvent event : parsed) {
          events.add(
              new BulkWriter.Doc<>(
                  settings.indices().eventsIndex(event.timestamp()),
                  event.eventId(),
                  Documents.event(event),
                  0,
                  null));
        }
      }
      List<byte[]> summaries = recentSummaries();
      double eventsPerEvent =
          mix.events() == 0 ? 1 : Math.max(1, (double) mix.eventWrites() / mix.events());
      double summariesPerEvent =
          summaries.isEmpty() || mix.events() == 0
              ? 0
              : (double) mix.summaryWrites() / mix.events();
      long eventWrites = Math.round(events.size() * eventsPerEvent);
      long summaryWrites = Math.round(events.size() * summariesPerEvent);
      List<BulkWriter.Doc<Void>> docs = new ArrayList<>();
      // above the versions of the earlier raw phases, whose summaries the indices keep
      long version = Math.max(System.currentTimeMillis(), lastSummaryVersion + 1);
      // the current home, which install() made ahead
      String home =
          settings
              .indices()
              .timelinesHome(
                  TimelineHomes.homeAt(System.currentTimeMillis(), settings.timelinesPeriod()));
      for (long i = 0, s = 0; i < eventWrites; i++) {
        docs.add(events.get((int) (i % events.size())));
        for (; s < summaryWrites * (i + 1) / eventWrites; s++) {
          docs.add(
              new BulkWriter.Doc<>(
                  home,
                  "bench:" + (s % summaries.size()),
                  summaries.get((int) (s % summaries.size())),
                  version++,
                  null));
        }
      }
      lastSummaryVersion = version;
      BulkWriter<Void> writer = new BulkWriter<>(http, BulkWriter.Settings.defaults());
      Map<String, Long> handedAt = new ConcurrentHashMap<>();
      Map<String, Long> cpuBefore = cpu.snapshot();
      long start = System.nanoTime();
      CompletableFuture<Void> written =
          CompletableFuture.runAsync(
              () -> {
                cpu.track();
                for (BulkWriter.Doc<Void> doc : docs) {
                  long now = System.currentTimeMillis();
                  writer.add(doc, now);
                  if (probes.contains(doc.id())) {
                    handedAt.putIfAbsent(doc.id(), System.nanoTime());
                  }
                  if (writer.due(now)) {
                    writer.flush();
                  }
                }
                writer.flush();
              },
              sender);
      // the same poll and the same end as the pipeline phases: every event found by a search
      long count =
          awaitVisible(
                  settings.indices(),
                  traffic.account(),
                  events.size(),
                  handedAt,
                  // a failed writer ends the poll with its exception
                  () -> written.isDone() && written.join() == null,
                  timeout,
                  new HashMap<>(),
                  null)
              .count();
      written.join();
      if (count < events.size()) {
        throw notVisible("raw_bulk", count, events.size(), timeout);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> cpuPerEvent = CpuMeter.perEvent(cpuBefore, cpu.snapshot(), events.size());
      return report(
          new Phase(
              "raw_bulk",
              events.size(),
              eventWrites,
              summaryWrites,
              seconds,
              events.size() / seconds,
              0,
              Map.of(),
              Map.of(),
              cpuPerEvent,
              Map.of()));
    } finally {
      sender.shutdownNow();
      http.close();
      OpenSearchClients.close(client);
    }
  }

  /** Up to 1 000 of the pipeline's most recent summary documents, as stored. */
  private List<byte[]> recentSummaries() {
    String body =
        "{\"size\":1000,\"sort\":[{\"updated_at\":\"desc\"}],\"query\":{\"match_all\":{}}}";
    List<byte[]> out = new ArrayList<>();
    search("/" + stack.indices().timelines() + "/_search", body)
        .path("hits")
        .path("hits")
        .forEach(
            h -> {
              try {
                out.add(Json.mapper().writeValueAsBytes(h.path("_source")));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return out;
  }

  private Writes writes(Indices indices) {
    return new Writes(
        indexTotal("/" + indices.eventsAlias() + "/_stats/indexing"),
        indexTotal("/" + indices.timelines() + "/_stats/indexing"));
  }

  private long indexTotal(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(openSearch.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    return send(request, path)
        .path("_all")
        .path("primaries")
        .path("indexing")
        .path("index_total")
        .asLong();
  }

  private List<LogEvent> parse(FirehoseRequest request) {
    Map<String, LogEvent> unique = new LinkedHashMap<>();
    for (RawLogEvent raw : request.events(System.currentTimeMillis())) {
      unique.putIfAbsent(raw.eventId(), parser.parse(raw));
    }
    return new ArrayList<>(unique.values());
  }

  /**
   * Posts the requests from {@code senders} threads, paced to {@code rate} events/s when positive,
   * and waits until a search finds every distinct event of the phase; with {@code hopsTopic} (the
   * stack's events topic), times the probe events hop by hop ({@link EventHops}).
   */
  private Phase pipeline(
      String name,
      Target target,
      Traffic traffic,
      int senders,
      double rate,
      Duration timeout,
      KafkaTraffic kafka,
      String hopsTopic) {
    List<FirehoseRequest> requests = traffic.requests();
    Map<String, String> probeByRequest = new HashMap<>();
    // each probe's events index, for the real-time gets of the hops
    Map<String, String> probeIndex = new HashMap<>();
    Map<String, Long> distinct = new ConcurrentHashMap<>();
    for (FirehoseRequest request : requests) {
      List<LogEvent> events = parse(request);
      events.forEach(e -> distinct.put(e.eventId(), 1L));
      if (!events.isEmpty()) {
        LogEvent probe = events.get(0);
        probeByRequest.put(request.requestId(), probe.eventId());
        probeIndex.put(probe.eventId(), target.indices().eventsIndex(probe.timestamp()));
      }
    }
    long expected = distinct.size();
    EventHops hops =
        hopsTopic == null
            ? null
            : new EventHops(kafkaBootstrap, hopsTopic, probeIndex.keySet(), cpu);
    Writes before = writes(target.indices());
    KafkaTraffic.Snapshot kafkaBefore = kafka == null ? null : kafka.snapshot();
    cpu.track();
    Map<String, Long> cpuBefore = cpu.snapshot();
    Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    FirehoseReplay replay = new FirehoseReplay(target.ingest(), target.accessKey());
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    for (int s = 0; s < senders; s++) {
      pool.execute(
          () -> {
            cpu.track();
            int i;
            while ((i = next.getAndIncrement()) < requests.size()) {
              if (rate > 0) {
                paceTo(start, (long) (i * (double) expected / requests.size()), rate);
              }
              FirehoseRequest request = requests.get(i);
              if (replay.post(List.of(request)).accepted() == 1) {
                String probe = probeByRequest.get(request.requestId());
                if (probe != null) {
                  ackedAt.putIfAbsent(probe, System.nanoTime());
                }
              }
            }
          });
    }
    Map<String, Long> visibleAt = new HashMap<>();
    Probing probing = hops == null ? null : new Probing(hops, probeIndex, new HashMap<>());
    Visibility visibility =
        awaitVisible(
            target.indices(),
            traffic.account(),
            expected,
            ackedAt,
            () -> next.get() >= requests.size(),
            timeout,
            visibleAt,
            probing);
    long count = visibility.count();
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> cpuPerEvent = CpuMeter.perEvent(cpuBefore, cpu.snapshot(), expected);
    Writes after = writes(target.indices());
    Map<String, Double> kafkaPerEvent =
        kafka == null ? Map.of() : KafkaTraffic.perRawEvent(kafkaBefore, kafka.snapshot());
    pool.shutdownNow();
    awaitTermination(pool);
    Map<String, Map<String, Double>> hopsMs = Map.of();
    if (hops != null) {
      hops.close();
      hopsMs = EventHops.breakdown(stamps(hops, ackedAt, probing.indexedAt(), visibleAt));
      System.err.printf("%s: event → queryable by hop, ms %s%n", name, hopsMs);
    }
    if (count < expected) {
      throw notVisible(name, count, expected, timeout);
    }
    long[] latencies =
        visibleAt.entrySet().stream()
            .mapToLong(e -> e.getValue() - ackedAt.get(e.getKey()))
            .sorted()
            .toArray();
    Map<String, Double> latency = new LinkedHashMap<>();
    latency.put("p50", percentileMs(latencies, 0.50));
    latency.put("p99", percentileMs(latencies, 0.99));
    latency.put("max", percentileMs(latencies, 1.0));
    latency.put("samples", (double) latencies.length);
    // how often the bench looked: a found event was found within one poll of becoming searchable
    latency.put("poll", visibility.meanPollMs());
    return report(
        new Phase(
            name,
            expected,
            after.events() - before.events(),
            after.summaries() - before.summaries(),
            seconds,
            expected / seconds,
            rate,
            latency,
            hopsMs,
            cpuPerEvent,
            kafkaPerEvent));
  }

  /** The real-time gets of the hops: the probes' events indices, and when each was found stored. */
  private record Probing(
      EventHops hops, Map<String, String> probeIndex, Map<String, Long> indexedAt) {}

  /** How a phase's poll ended: the events a search counted, the mean time between two searches. */
  private record Visibility(long count, double meanPollMs) {}

  /**
   * The visibility poll every phase runs, pipeline and raw bulk alike, so that each pays the same
   * searches per second on the node whose CPU it reports (in session 7 only the pipeline phases
   * searched while writing; docs/performance.md, s8-os): every {@link #POLL}, one search for the
   * probes handed over ({@code handedAt}: ingest acknowledged them, or the raw phase gave them to
   * its writer) and not yet found, the longest waiting first, recording in {@code visibleAt} when
   * each was found; once everything is sent ({@code allSent}) and every probe found, a count of the
   * account's events, until it reaches {@code expected} or {@code timeout} passes. With {@code
   * probing}, the probes are also looked up by real-time get (the hops).
   */
  private Visibility awaitVisible(
      Indices indices,
      String account,
      long expected,
      Map<String, Long> handedAt,
      BooleanSupplier allSent,
      Duration timeout,
      Map<String, Long> visibleAt,
      Probing probing) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = 0;
    long polls = 0;
    long pollsFrom = System.nanoTime();
    while (System.nanoTime() < deadline) {
      sleep(POLL);
      polls++;
      // the longest waiting first, should more than a search's worth wait
      List<String> waiting =
          handedAt.entrySet().stream()
              .filter(e -> !visibleAt.containsKey(e.getKey()))
              .sorted(Map.Entry.comparingByValue())
              .limit(1000)
              .map(Map.Entry::getKey)
              .toList();
      if (probing != null) {
        List<String> unindexed =
            waiting.stream()
                .filter(
                    id ->
                        !probing.indexedAt().containsKey(id)
                            && probing.hops().committed(id).isPresent())
                .toList();
        long now = System.nanoTime();
        for (String found : storedEventIds(probing.probeIndex(), unindexed)) {
          probing.indexedAt().put(found, now);
        }
      }
      long now = System.nanoTime();
      for (String found : findEventIds(indices, waiting)) {
        visibleAt.put(found, now);
      }
      // counted only once every probe is found: a count each poll would stretch the poll
      if (allSent.getAsBoolean() && visibleAt.size() >= handedAt.size()) {
        count = countEvents(indices, account);
        if (count >= expected) {
          break;
        }
      }
    }
    return new Visibility(count, (System.nanoTime() - pollsFrom) / 1e6 / Math.max(1, polls));
  }

  private static IllegalStateException notVisible(
      String phase, long count, long expected, Duration timeout) {
    return new IllegalStateException(
        phase
            + ": only "
            + count
            + " of "
            + expected
            + " events visible after "
            + timeout.toSeconds()
            + " s");
  }

  /**
   * The stamps of every probe event the hops and the searches saw: ingest's acknowledgement,
   * written by the stream, committed, indexed, found. A probe that a search found before a
   * real-time get did (indexed and refreshed within one poll) counts as indexed when found.
   */
  private static List<long[]> stamps(
      EventHops hops,
      Map<String, Long> ackedAt,
      Map<String, Long> indexedAt,
      Map<String, Long> visibleAt) {
    List<long[]> stamps = new ArrayList<>();
    visibleAt.forEach(
        (id, visible) -> {
          Optional<Long> produced = hops.produced(id);
          Optional<Long> committed = hops.committed(id);
          if (produced.isPresent() && committed.isPresent()) {
            stamps.add(
                new long[] {
                  ackedAt.get(id),
                  produced.get(),
                  committed.get(),
                  indexedAt.getOrDefault(id, visible),
                  visible
                });
          }
        });
    return stamps;
  }

  /**
   * Progress on standard error, timestamped so that outside samplers (CPU, lag) can be lined up
   * with phases.
   */
  private static Phase report(Phase phase) {
    System.err.printf(
        "%s %s: %d events in %.1f s, %.0f events/s; CPU µs/event %s%s%n",
        LocalTime.now().format(CLOCK_TIME),
        phase.name(),
        phase.events(),
        phase.seconds(),
        phase.eventsPerSecond(),
        rounded(phase.cpuMicrosPerEvent()),
        phase.kafka().isEmpty()
            ? ""
            : String.format(
                "; Kafka %.2f records, %.0f bytes per raw event",
                phase.kafka().get("records_per_raw_event"),
                phase.kafka().get("bytes_per_raw_event")));
    return phase;
  }

  private static Map<String, Long> rounded(Map<String, Double> values) {
    Map<String, Long> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Math.round(v)));
    return out;
  }

  private static void paceTo(long startNanos, long eventsBefore, double rate) {
    long dueNanos = startNanos + (long) (eventsBefore / rate * 1e9);
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      sleep(Duration.ofNanos(wait));
    }
  }

  private long countEvents(Indices indices, String account) {
    String body = "{\"query\":{\"term\":{\"account\":" + Json.writeString(account) + "}}}";
    return search("/" + indices.eventsAlias() + "/_count", body).path("count").asLong();
  }

  /** The visibility poll's search: the events among {@code ids} a search finds, by id only. */
  static String probeSearch(List<String> ids) {
    return "{\"size\":"
        + ids.size()
        + ",\"_source\":false,\"query\":{\"terms\":{\"event_id\":"
        + Json.writeString(ids)
        + "}}}";
  }

  private List<String> findEventIds(Indices indices, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    search("/" + indices.eventsAlias() + "/_search", probeSearch(ids))
        .path("hits")
        .path("hits")
        .forEach(h -> found.add(h.path("_id").asText()));
    return found;
  }

  /**
   * Which of {@code ids} OpenSearch holds, refreshed or not: a real-time multi-get by id in each
   * one's events index ({@code indexOf}).
   */
  private List<String> storedEventIds(Map<String, String> indexOf, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    StringBuilder body = new StringBuilder("{\"docs\":[");
    for (String id : ids) {
      body.append(body.charAt(body.length() - 1) == '[' ? "" : ",")
          .append("{\"_index\":")
          .append(Json.writeString(indexOf.get(id)))
          .append(",\"_id\":")
          .append(Json.writeString(id))
          .append("}");
    }
    body.append("]}");
    List<String> found = new ArrayList<>();
    search("/_mget?_source=false", body.toString())
        .path("docs")
        .forEach(
            d -> {
              if (d.path("found").asBoolean()) {
                found.add(d.path("_id").asText());
              }
            });
    return found;
  }

  private JsonNode search(String path, String body) {
    return send(
        HttpRequest.newBuilder(openSearch.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        path);
  }

  /**
   * The JSON OpenSearch answered, or an empty object for a 404 (no such index yet) or a 503 (an
   * index created a moment ago whose shard has not started).
   */
  private JsonNode send(HttpRequest request, String path) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404 || response.statusCode() == 503) {
        return Json.mapper().createObjectNode();
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "OpenSearch "
                + path
                + ": HTTP "
                + response.statusCode()
                + " "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "OpenSearch at " + openSearch + " is not reachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Deletes the events indices and the timelines indices of {@code indices}. */
  private void deleteIndices(Indices indices) {
    String pattern = indices.eventsPattern() + "," + indices.timelinesPattern();
    HttpRequest request =
        HttpRequest.newBuilder(openSearch.resolve("/" + pattern)).DELETE().build();
    try {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + pattern + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The nearest-rank {@code p} percentile of {@code sortedNanos}, in milliseconds. */
  static double percentileMs(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, index)] / 1e6;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTermination(ExecutorService pool) {
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

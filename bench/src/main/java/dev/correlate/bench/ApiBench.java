package dev.correlate.bench;

import dev.correlate.api.QueryApiMain;
import dev.correlate.api.QueryApiService;
import dev.correlate.api.QueryApiSettings;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchTimelineWriter;
import io.javalin.Javalin;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * {@code correlate bench api}: the latency of a timeline read through the query API against the
 * same events search sent to OpenSearch directly, and through a pass-through proxy that adds only
 * an HTTP hop (the floor of any API in front of OpenSearch), in one run on one node. It writes two
 * job timelines (100 and 1 000 events) into scratch indices of the given node, starts the query API
 * and the proxy in this JVM on free ports, and for each size alternates the three requests (which
 * goes first rotates every round) through one JDK {@code HttpClient}; the scratch indices are
 * deleted at the end. The API under test is the code on this JVM's classpath, not a running
 * service's: the same command measures two builds against one node, in turns.
 */
final class ApiBench {
  static final int[] SIZES = {100, 1000};
  private static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
  private static final OperatingSystemMXBean LOAD = ManagementFactory.getOperatingSystemMXBean();
  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) LOAD;

  private final URI openSearch;
  private final HttpClient http = HttpClient.newHttpClient();

  ApiBench(URI openSearch) {
    this.openSearch = openSearch;
  }

  /** p50 and p99 of one path at one size, in ms. */
  record Latency(double p50, double p99) {}

  /**
   * One size's figures: API, proxy and direct latency; this JVM's CPU per request of each, its JIT
   * compiler threads' left out (the client's share is in all three, the API's or the proxy's on
   * top: robust where latency on a busy machine is not); and the load average around them.
   */
  record Result(
      int events,
      Latency api,
      Latency proxy,
      Latency direct,
      double apiCpuMicros,
      double proxyCpuMicros,
      double directCpuMicros,
      double loadAverage) {
    double apiOverProxy() {
      return api.p50 / proxy.p50;
    }

    double apiOverDirect() {
      return api.p50 / direct.p50;
    }

    double proxyOverDirect() {
      return proxy.p50 / direct.p50;
    }
  }

  /**
   * {@code runs} times, each size in turn: {@code rounds} measured rounds after a warm-up of a
   * third of them (at least 50).
   */
  List<Result> run(int runs, int rounds) throws Exception {
    String prefix = "correlate-bench-api-" + UUID.randomUUID().toString().substring(0, 8);
    QueryApiSettings settings =
        QueryApiMain.settings(
            Map.of(
                "CORRELATE_API_PORT",
                "0",
                "CORRELATE_OPENSEARCH_URL",
                openSearch.toString(),
                "CORRELATE_INDEX_PREFIX",
                prefix,
                "CORRELATE_KAFKA_BOOTSTRAP",
                "127.0.0.1:1"));
    OpenSearchClient client = OpenSearchClients.create(settings.openSearch());
    try (BlockingHttp http = BlockingHttp.create(settings.openSearch())) {
      write(
          new OpenSearchTimelineWriter<>(
              client, http, settings.openSearch(), BulkWriter.Settings.defaults()));
      client.indices().refresh(r -> r.index(prefix + "-*"));
      String search =
          openSearch
              + "/"
              + settings.openSearch().indices().eventsAlias()
              + "/_search?ignore_unavailable=true&allow_no_indices=true";
      List<Result> results = new ArrayList<>();
      try (PassThroughProxy proxy = PassThroughProxy.start(search);
          QueryApiService service = QueryApiMain.start(settings)) {
        for (int run = 0; run < runs; run++) {
          for (int size : SIZES) {
            results.add(measure(size, rounds, service.port(), proxy.port(), search));
          }
        }
      }
      return results;
    } finally {
      client.indices().delete(d -> d.index(prefix + "-*").ignoreUnavailable(true));
      OpenSearchClients.close(client);
    }
  }

  private Result measure(int size, int rounds, int apiPort, int proxyPort, String search)
      throws Exception {
    String job = job(size);
    List<HttpRequest> requests =
        List.of(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + apiPort
                            + "/api/v1/jobs/"
                            + job
                            + "/timeline?limit=1000"))
                .build(),
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/events/" + job))
                .build(),
            HttpRequest.newBuilder(URI.create(search))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(searchBody(job)))
                .build());
    for (HttpRequest request : requests) {
      check(request, size);
    }
    for (int i = 0; i < Math.max(50, rounds / 3); i++) {
      for (HttpRequest request : requests) {
        time(request);
      }
    }
    double before = LOAD.getSystemLoadAverage();
    long[][] ns = new long[requests.size()][rounds];
    for (int i = 0; i < rounds; i++) {
      // rotate which goes first, so none always meets a warmer cache or a quieter machine
      for (int k = 0; k < requests.size(); k++) {
        int which = (i + k) % requests.size();
        ns[which][i] = time(requests.get(which));
      }
    }
    // CPU apart from latency: each request alone in a row, so that the process's CPU is its own;
    // without the JIT compiler threads', which on a busy machine were still compiling the API's
    // code after the warm-up (more CPU per request at 100 events than at 1 000 in one run)
    double[] cpuMicros = new double[requests.size()];
    long self = ProcessHandle.current().pid();
    for (int k = 0; k < requests.size(); k++) {
      long cpu = CPU.getProcessCpuTime() - CpuMeter.compilerNanos(self);
      for (int i = 0; i < rounds; i++) {
        time(requests.get(k));
      }
      cpuMicros[k] = (CPU.getProcessCpuTime() - CpuMeter.compilerNanos(self) - cpu) / 1e3 / rounds;
    }
    double load = (before + LOAD.getSystemLoadAverage()) / 2;
    return new Result(
        size,
        latency(ns[0]),
        latency(ns[1]),
        latency(ns[2]),
        cpuMicros[0],
        cpuMicros[1],
        cpuMicros[2],
        load);
  }

  private static Latency latency(long[] ns) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    return new Latency(
        sorted[sorted.length / 2] / 1e6,
        sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1e6);
  }

  /** The events search the API's timeline read sends, as OpenSearch sees it. */
  private static String searchBody(String job) {
    return "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"job_ids\":\""
        + job
        + "\"}}]}},\"size\":1001,"
        + "\"sort\":[{\"timestamp\":{\"order\":\"asc\"}},{\"event_id\":{\"order\":\"asc\"}}],"
        + "\"track_total_hits\":false}";
  }

  private static String job(int size) {
    return "bt-bench-" + size;
  }

  /**
   * Two job timelines of realistic events (3 services, structured fields, one error in 97) and
   * their summaries, through the indexer's own writer.
   */
  private static void write(OpenSearchTimelineWriter<String> writer) {
    writer.prepare();
    for (int size : SIZES) {
      String job = job(size);
      for (int i = 0; i < size; i++) {
        String service = i % 3 == 0 ? "backend" : i % 3 == 1 ? "sqs-consumer" : "strategy";
        LogEvent event =
            new LogEvent(
                String.format("%s-%06d", job, i),
                T0 + i * 37L,
                null,
                T0 + i * 37L + 5,
                "/ecs/tradai-" + service + "-prod",
                service + "/main/4f1c2d9e8b7a6c5d4e3f2a1b0c9d8e7f",
                "123456789012",
                "eu-central-1",
                service,
                "prod",
                null,
                i % 97 == 0 ? Level.ERROR : Level.INFO,
                "tradai." + service,
                "Processed candle batch "
                    + i
                    + " for BTC/USDT 1h from 2024-01-01 to 2024-06-30 in 12.3 ms",
                Map.of("symbol", "BTC/USDT", "timeframe", "1h", "latency", String.valueOf(i % 250)),
                List.of("c-" + job),
                List.of(job),
                null,
                null,
                null,
                null,
                null,
                null);
        writer.add(new TimelineWrite.Event<>(event, event.eventId()), 0);
      }
      TimelineSummary summary =
          new TimelineSummary(
              "job:" + job,
              "job",
              job,
              1,
              T0,
              T0 + (size - 1) * 37L,
              (size - 1) * 37L,
              size,
              size / 97 + 1,
              Map.of("INFO", (long) size),
              Map.of("backend", new ServiceSpan(T0, T0, size)),
              List.of("c-" + job),
              List.of(job),
              List.of(),
              List.of(),
              null,
              "running",
              false,
              T0,
              T0,
              List.of(),
              new Diagnosis("running", List.of(), null, null, null, null, List.of()),
              null,
              0);
      writer.add(new TimelineWrite.Summary<>(summary, summary.timelineId()), 0);
    }
    List<?> refused = writer.flush();
    if (!refused.isEmpty()) {
      throw new IllegalStateException("OpenSearch refused the bench's documents: " + refused);
    }
  }

  /**
   * The floor of any API served over HTTP in front of OpenSearch: the direct search behind one more
   * HTTP hop and nothing else. A Javalin route that sends the direct request with a blocking client
   * (no hand-off to an I/O thread) and streams OpenSearch's bytes back unread, so what it adds to a
   * direct search is the hop itself. Its upstream client asks for no compression, as the API's
   * transport does: a client's default {@code Accept-Encoding: gzip} has the node compress every
   * answer and the proxy inflate it, work the API does not do. Towards the bench's client the two
   * answer alike: chunked, uncompressed (the JDK client asks for no encoding), the API adding only
   * its {@code X-Correlation-ID} header.
   */
  private record PassThroughProxy(Javalin app, CloseableHttpClient upstream)
      implements AutoCloseable {
    static PassThroughProxy start(String search) {
      CloseableHttpClient upstream = HttpClients.custom().disableContentCompression().build();
      Javalin app =
          Javalin.create(
              cfg -> {
                cfg.jetty.host = "127.0.0.1";
                cfg.jetty.port = 0;
                cfg.startup.showJavalinBanner = false;
                cfg.routes.get(
                    "/events/{job}",
                    ctx -> {
                      HttpPost post = new HttpPost(search);
                      post.setEntity(
                          new StringEntity(
                              searchBody(ctx.pathParam("job")), ContentType.APPLICATION_JSON));
                      try (ClassicHttpResponse response = upstream.executeOpen(null, post, null);
                          InputStream in = response.getEntity().getContent();
                          OutputStream out = ctx.contentType("application/json").outputStream()) {
                        in.transferTo(out);
                      }
                    });
              });
      return new PassThroughProxy(app.start(), upstream);
    }

    int port() {
      return app.port();
    }

    @Override
    public void close() {
      app.stop();
      upstream.close(CloseMode.GRACEFUL);
    }
  }

  private void check(HttpRequest request, int size) throws Exception {
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    int events = body.split("\"event_id\"", -1).length - 1;
    if (events != size) {
      throw new IllegalStateException(
          request.uri() + " returned " + events + " events, expected " + size);
    }
  }

  private long time(HttpRequest request) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    long took = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
    }
    return took;
  }
}

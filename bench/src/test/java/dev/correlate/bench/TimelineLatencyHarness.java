package dev.correlate.bench;

import dev.correlate.api.QueryApiMain;
import dev.correlate.api.QueryApiService;
import dev.correlate.api.QueryApiSettings;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import dev.correlate.core.store.EventFilter;
import dev.correlate.storage.BulkWriter;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchTimelineWriter;
import dev.correlate.storage.read.OpenSearchTimelineQueries;
import dev.correlate.testkit.SharedStack;
import dev.correlate.testkit.StoredTimelines;
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
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Latency of a timeline read through the API against the same query sent to OpenSearch directly,
 * and through a pass-through proxy that adds only an HTTP hop, measured in one run on one node: the
 * API's overhead (HTTP hop, summary read, validation, JSON rewrite) as a ratio, and how much of it
 * the hop alone costs. Not a test (it asserts nothing); run it by hand, see docs/performance.md:
 *
 * <pre>
 * ./mvnw -o -q -B -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp \
 *     -Dmdep.includeScope=test
 * java -Dcorrelate.opensearch.home=$PWD/local-stack/target/opensearch-2.19.4 \
 *     -cp bench/target/test-classes:bench/target/classes:$(cat /tmp/bench.cp) \
 *     dev.correlate.bench.TimelineLatencyHarness 300
 * </pre>
 */
public final class TimelineLatencyHarness {
  private static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SEARCH_PATH =
      "/bench-events/_search?ignore_unavailable=true&allow_no_indices=true";
  private static final OperatingSystemMXBean LOAD = ManagementFactory.getOperatingSystemMXBean();

  private TimelineLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    String openSearch = SharedStack.openSearch().url();
    QueryApiSettings settings =
        QueryApiMain.settings(
            Map.of(
                "CORRELATE_API_PORT",
                "0",
                "CORRELATE_OPENSEARCH_URL",
                openSearch,
                "CORRELATE_INDEX_PREFIX",
                "bench",
                "CORRELATE_KAFKA_BOOTSTRAP",
                "127.0.0.1:1"));
    List<LogEvent> events = new ArrayList<>();
    List<TimelineSummary> summaries = new ArrayList<>();
    for (int size : new int[] {100, 1000}) {
      String job = "bt-bench-" + size;
      for (int i = 0; i < size; i++) {
        String service = i % 3 == 0 ? "backend" : i % 3 == 1 ? "sqs-consumer" : "strategy";
        events.add(
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
                null));
      }
      summaries.add(
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
              null));
    }
    OpenSearchClient client = OpenSearchClients.create(settings.openSearch());
    StoredTimelines.write(
        new OpenSearchTimelineWriter<>(
            client, settings.openSearch(), BulkWriter.Settings.defaults()),
        events,
        summaries);
    client.indices().refresh(r -> r.index(settings.openSearch().indexPrefix() + "-*"));
    OpenSearchTimelineQueries reader =
        new OpenSearchTimelineQueries(client, settings.openSearch().indices());

    try (PassThroughProxy proxy = PassThroughProxy.start(openSearch);
        QueryApiService service = QueryApiMain.start(settings)) {
      String api = "http://127.0.0.1:" + service.port();
      System.out.printf(
          "rounds=%d, JDK HttpClient for all three, API limit=1000 vs the same search through a "
              + "pass-through proxy and sent directly, load average %.1f%n",
          rounds, LOAD.getSystemLoadAverage());
      System.out.println(
          "| events | API p50 ms | proxy p50 ms | direct p50 ms | API ÷ direct | proxy ÷ direct "
              + "| API ÷ proxy | API p99 ms | direct p99 ms | reader p50 ms |");
      for (int size : new int[] {100, 1000}) {
        String job = "bt-bench-" + size;
        HttpRequest viaApi =
            HttpRequest.newBuilder(URI.create(api + "/api/v1/jobs/" + job + "/timeline?limit=1000"))
                .build();
        HttpRequest viaProxy =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.port() + "/events/" + job))
                .build();
        HttpRequest direct =
            HttpRequest.newBuilder(URI.create(openSearch + SEARCH_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(searchBody(job)))
                .build();
        List<HttpRequest> requests = List.of(viaApi, viaProxy, direct);
        for (HttpRequest request : requests) {
          check(request, size);
        }
        for (int i = 0; i < Math.max(50, rounds / 3); i++) {
          for (HttpRequest request : requests) {
            time(request);
          }
        }
        long[][] ns = new long[requests.size()][rounds];
        long[] readerNs = new long[rounds];
        TimelineId timeline = TimelineId.job(job);
        for (int i = 0; i < rounds; i++) {
          // the storage reader alone (typed client, conversion to LogEvent), without the API around
          // it
          long start = System.nanoTime();
          reader.events(timeline, EventFilter.ALL, 1000, Optional.empty());
          readerNs[i] = System.nanoTime() - start;
          // rotate which goes first, so none always meets a warmer cache or a quieter machine
          for (int k = 0; k < requests.size(); k++) {
            int which = (i + k) % requests.size();
            ns[which][i] = time(requests.get(which));
          }
        }
        for (long[] sample : ns) {
          Arrays.sort(sample);
        }
        Arrays.sort(readerNs);
        double apiP50 = ms(ns[0][rounds / 2]);
        double proxyP50 = ms(ns[1][rounds / 2]);
        double directP50 = ms(ns[2][rounds / 2]);
        System.out.printf(
            "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
            size,
            apiP50,
            proxyP50,
            directP50,
            apiP50 / directP50,
            proxyP50 / directP50,
            apiP50 / proxyP50,
            ms(ns[0][rounds * 99 / 100]),
            ms(ns[2][rounds * 99 / 100]),
            ms(readerNs[rounds / 2]));
      }
      System.out.printf("load average at the end %.1f%n", LOAD.getSystemLoadAverage());
    }
    OpenSearchClients.close(client);
    System.exit(0);
  }

  private static String searchBody(String job) {
    return "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"job_ids\":\""
        + job
        + "\"}}]}},\"size\":1001,"
        + "\"sort\":[{\"timestamp\":{\"order\":\"asc\"}},{\"event_id\":{\"order\":\"asc\"}}],"
        + "\"track_total_hits\":false}";
  }

  /**
   * The floor of any API served over HTTP in front of OpenSearch: the direct search behind one more
   * HTTP hop and nothing else. A Javalin route that sends the direct request with a blocking client
   * (no hand-off to an I/O thread) and streams OpenSearch's bytes back unread, so what it adds to a
   * direct search is the hop itself.
   */
  private record PassThroughProxy(Javalin app, CloseableHttpClient upstream)
      implements AutoCloseable {
    static PassThroughProxy start(String openSearch) {
      CloseableHttpClient upstream = HttpClients.createDefault();
      Javalin app =
          Javalin.create(
              cfg -> {
                cfg.jetty.host = "127.0.0.1";
                cfg.jetty.port = 0;
                cfg.startup.showJavalinBanner = false;
                cfg.routes.get(
                    "/events/{job}",
                    ctx -> {
                      HttpPost search = new HttpPost(openSearch + SEARCH_PATH);
                      search.setEntity(
                          new StringEntity(
                              searchBody(ctx.pathParam("job")), ContentType.APPLICATION_JSON));
                      try (ClassicHttpResponse response = upstream.executeOpen(null, search, null);
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

  private static void check(HttpRequest request, int size) throws Exception {
    String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    int events = body.split("\"event_id\"", -1).length - 1;
    if (events != size) {
      throw new IllegalStateException(
          request.uri() + " returned " + events + " events, expected " + size);
    }
  }

  private static long time(HttpRequest request) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    long took = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
    }
    return took;
  }

  private static double ms(long ns) {
    return ns / 1_000_000.0;
  }
}

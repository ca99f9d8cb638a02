package dev.correlate.storage.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.correlate.core.filter.FilterPatterns;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.store.EventFilter;
import dev.correlate.core.store.Page;
import dev.correlate.core.store.QueryTimeoutException;
import dev.correlate.core.store.SearchFilter;
import dev.correlate.core.store.SortKey;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.SummaryStats;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.Indices;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchSettings;
import dev.correlate.testkit.TimelineQueriesContract;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch.core.SearchRequest;

/**
 * What a search costs OpenSearch at most, against a stub that answers every search with as many
 * hits as asked: the bounds on round trips of a re-checked listing, and searches that OpenSearch
 * timed out or cancelled.
 */
class OpenSearchTimelineQueriesTest {
  /** A search as the stub received it: its first JSON value, and the whole body. */
  private record Received(String query, JsonNode body, String raw) {}

  private HttpServer server;
  private final List<Received> searches = new CopyOnWriteArrayList<>();
  private final AtomicLong nextTime = new AtomicLong(1_795_000_000_000L);
  private volatile Function<JsonNode, String> answer = this::fullBatchFailingTheRecheck;
  private volatile int status = 200;
  private OpenSearchClient client;
  private BlockingHttp blocking;
  private OpenSearchTimelineQueries queries;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] raw = exchange.getRequestBody().readAllBytes();
          JsonNode body = Json.mapper().readTree(raw);
          searches.add(
              new Received(
                  exchange.getRequestURI().getRawQuery(),
                  body,
                  new String(raw, StandardCharsets.UTF_8)));
          byte[] bytes = answer.apply(body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    OpenSearchSettings settings =
        OpenSearchSettings.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    client = OpenSearchClients.create(settings);
    blocking = BlockingHttp.create(settings);
    queries = new OpenSearchTimelineQueries(client, blocking, settings.indices());
  }

  @AfterEach
  void stop() {
    blocking.close();
    OpenSearchClients.close(client);
    server.stop(0);
  }

  /** As many hits as the search asked for, each with a latency the pattern's re-check refuses. */
  private String fullBatchFailingTheRecheck(JsonNode request) {
    StringBuilder hits = new StringBuilder();
    int size = request.path("size").asInt();
    for (int i = 0; i < size; i++) {
      long t = nextTime.incrementAndGet();
      LogEvent event =
          Json.read(
              ("{\"event_id\":\"e"
                      + t
                      + "\",\"log_group\":\"g\",\"log_stream\":\"s\","
                      + "\"message\":\"m\",\"timestamp\":"
                      + t
                      + ",\"fields\":{\"latency\":\"5\"}}")
                  .getBytes(StandardCharsets.UTF_8),
              LogEvent.class);
      hits.append(i == 0 ? "" : ",")
          .append("{\"_source\":")
          .append(Json.writeString(event))
          .append(",\"sort\":[")
          .append(t)
          .append(",\"e")
          .append(t)
          .append("\"]}");
    }
    return "{\"took\":1,\"timed_out\":false,\"hits\":{\"hits\":[" + hits + "]}}";
  }

  private Page<LogEvent> search(String pattern, int limit) {
    return queries.search(
        new SearchFilter(FilterPatterns.parse(pattern), null, null, null, null, null),
        limit,
        Optional.empty());
  }

  @Test
  void recheckedSearchOfOneEvent_readsLargeBatches_soItsRoundTripsAreBounded() {
    Page<LogEvent> page = search("{ $.latency > 100 }", 1);

    assertThat(page.items()).isEmpty();
    assertThat(page.next()).as("the client continues after what was read").isPresent();
    // at most this many (fewer when the listing's deadline comes first on a busy machine)
    assertThat(searches)
        .hasSizeBetween(
            1, OpenSearchTimelineQueries.MAX_RECHECK_SCAN / OpenSearchTimelineQueries.RECHECK_BATCH)
        .allSatisfy(
            s ->
                assertThat(s.body().path("size").asInt())
                    .isEqualTo(OpenSearchTimelineQueries.RECHECK_BATCH));
  }

  @Test
  void everySearch_carriesOpenSearchsTimeoutAndCancellation() {
    search("ERROR", 10);

    assertThat(searches)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.body().path("timeout").asText()).isEqualTo("10s");
              assertThat(s.query()).contains("cancel_after_time_interval=15s");
              assertThat(s.body().path("size").asInt())
                  .as("no re-check: one more than the page")
                  .isEqualTo(11);
            });
  }

  @Test
  void searchThatTimedOut_isRefusedRatherThanAnsweredInPart() {
    answer = request -> "{\"took\":10001,\"timed_out\":true,\"hits\":{\"hits\":[]}}";

    assertThatThrownBy(() -> search("ERROR", 10))
        .isInstanceOf(QueryTimeoutException.class)
        .hasMessage("OpenSearch did not finish the search within 10 s");
  }

  @Test
  void searchThatOpenSearchCancelled_isATimeout() {
    status = 400;
    answer =
        request ->
            "{\"error\":{\"root_cause\":[{\"type\":\"task_cancelled_exception\",\"reason\":\"cancelled\"}],"
                + "\"type\":\"search_phase_execution_exception\",\"reason\":\"all shards failed\"},\"status\":400}";

    assertThatThrownBy(() -> search("ERROR", 10)).isInstanceOf(QueryTimeoutException.class);
  }

  @Test
  void statsBeforeTheTimelinesIndexExists_areEmptyRatherThanAnError() {
    // what OpenSearch answers when allow_no_indices matched nothing: hits, no aggregations at all
    answer =
        request ->
            "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0,"
                + "\"skipped\":0,\"failed\":0},\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"hits\":[]}}";

    SummaryStats stats =
        queries.stats(
            new SummaryStats.Query(
                SummaryFilter.all(TimelineId.Kind.JOB), Set.of("failed", "stuck"), 60_000));

    assertThat(stats).isEqualTo(SummaryStats.EMPTY);
  }

  private static final String NO_HITS =
      "{\"took\":1,\"timed_out\":false,\"hits\":{\"hits\":[]},\"status\":200}";

  private static final String CANCELLED =
      "{\"error\":{\"root_cause\":[{\"type\":\"task_cancelled_exception\",\"reason\":\"cancelled\"}],"
          + "\"type\":\"search_phase_execution_exception\",\"reason\":\"all shards failed\"},\"status\":400}";

  private static final String THROTTLED =
      "{\"error\":{\"root_cause\":[{\"type\":\"rejected_execution_exception\",\"reason\":\"full\"}],"
          + "\"type\":\"rejected_execution_exception\",\"reason\":\"full\"},\"status\":429}";

  /** A timeline page read with {@code _msearch}, each search answered by {@code responses}. */
  private List<Object> timeline(String... responses) {
    answer = request -> "{\"took\":1,\"responses\":[" + String.join(",", responses) + "]}";
    List<Object> handed = new ArrayList<>();
    queries.timeline(
        TimelineId.job("bt-1"),
        EventFilter.ALL,
        10,
        Optional.empty(),
        TimelineQueriesContract.collectingInto(handed));
    return handed;
  }

  @Test
  void timelinePage_isOneMultiSearch_onTheTimelinesIndexThenTheEvents_withTimeoutAndCancellation() {
    assertThat(timeline(NO_HITS, NO_HITS)).containsExactly(Optional.empty());

    assertThat(searches)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.query()).contains("cancel_after_time_interval=15s");
              // the stub reads the first line of the body: the summary search's header
              assertThat(s.body().path("index").asText()).isEqualTo("correlate-timelines");
              assertThat(s.body().path("ignore_unavailable").asBoolean())
                  .as("no timelines index yet is an empty result")
                  .isTrue();
            });
  }

  @Test
  void timelinePageWhoseEventsSearchWasCancelled_isATimeout() {
    assertThatThrownBy(() -> timeline(NO_HITS, CANCELLED))
        .isInstanceOf(QueryTimeoutException.class);
  }

  @Test
  void timelinePageWhoseEventsSearchTimedOut_isRefusedRatherThanAnsweredInPart() {
    assertThatThrownBy(
            () -> timeline(NO_HITS, "{\"took\":10001,\"timed_out\":true,\"hits\":{\"hits\":[]}}"))
        .isInstanceOf(QueryTimeoutException.class);
  }

  @Test
  void timelinePageWhoseSummarySearchWasThrottled_isUnavailable() {
    assertThatThrownBy(() -> timeline(THROTTLED, NO_HITS))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("429");
  }

  /** Filters a page may carry: none; services, a level and a pattern; a cursor. */
  private static final List<EventFilter> FILTERS =
      List.of(
          EventFilter.ALL,
          new EventFilter(
              Set.of("backend", "sqs \"consumer\""),
              Level.WARN,
              FilterPatterns.parse("\"connection reset\" ERROR")));

  @Test
  void timelinePageBody_isTheTypedClientsMultiSearch_forEveryFilterAndCursor() throws IOException {
    for (EventFilter filter : FILTERS) {
      for (Optional<SortKey> after : List.of(Optional.<SortKey>empty(), CURSOR)) {
        searches.clear();
        answer = request -> "{\"took\":1,\"responses\":[" + NO_HITS + "," + NO_HITS + "]}";
        queries.timeline(
            TimelineId.job("bt-1:x.y"),
            filter,
            10,
            after,
            TimelineQueriesContract.collectingInto(new ArrayList<>()));

        String[] lines = searches.get(0).raw().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(Json.mapper().readTree(lines[0]))
            .isEqualTo(header(Indices.withPrefix("correlate").timelines()));
        assertThat(Json.mapper().readTree(lines[1]))
            .isEqualTo(typed(OpenSearchTimelineQueries.summaryRequest(TimelineId.job("bt-1:x.y"))));
        assertThat(Json.mapper().readTree(lines[2]))
            .isEqualTo(header(Indices.withPrefix("correlate").eventsAlias()));
        assertThat(Json.mapper().readTree(lines[3]))
            .as("events search, filter %s, after %s", filter, after)
            .isEqualTo(typedEvents(TimelineId.job("bt-1:x.y"), filter, after));
      }
    }
  }

  @Test
  void eventsPageBody_isTheTypedClientsSearch_forEveryFilterAndCursor() throws IOException {
    for (EventFilter filter : FILTERS) {
      for (Optional<SortKey> after : List.of(Optional.<SortKey>empty(), CURSOR)) {
        searches.clear();
        answer = request -> NO_HITS;
        queries.events(TimelineId.correlation("c-1"), filter, 10, after, (bytes, from, to) -> {});

        assertThat(Json.mapper().readTree(searches.get(0).raw()))
            .as("filter %s, after %s", filter, after)
            .isEqualTo(typedEvents(TimelineId.correlation("c-1"), filter, after));
      }
    }
  }

  private static final Optional<SortKey> CURSOR =
      Optional.of(new SortKey(1_795_000_000_123L, "e-\"9\""));

  private static JsonNode header(String index) {
    return Json.mapper()
        .valueToTree(
            java.util.Map.of("index", index, "ignore_unavailable", true, "allow_no_indices", true));
  }

  /** The events search as the record path's typed builders write it. */
  private JsonNode typedEvents(TimelineId id, EventFilter filter, Optional<SortKey> after)
      throws IOException {
    return typed(
        OpenSearchTimelineQueries.request(
            OpenSearchTimelineQueries.eventsQuery(id, filter),
            "timestamp",
            "event_id",
            SortOrder.Asc,
            11,
            after));
  }

  private JsonNode typed(SearchRequest request) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    JsonpMapper jsonp = client._transport().jsonpMapper();
    try (jakarta.json.stream.JsonGenerator body = jsonp.jsonProvider().createGenerator(out)) {
      request.serialize(body, jsonp);
    }
    return Json.mapper().readTree(out.toByteArray());
  }
}

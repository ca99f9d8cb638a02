package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Classification of bulk outcomes, against a tiny HTTP stub that answers canned bulk responses. */
class BulkWriterTest {
  /** A canned answer, sent after {@code delay} (a node that hangs). */
  private record Canned(int status, String body, Duration delay) {
    Canned(int status, String body) {
      this(status, body, Duration.ZERO);
    }
  }

  private HttpServer server;
  private final Deque<Canned> answers = new ArrayDeque<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();

  /**
   * What the writer reported: {@code answered} per answer, {@code <failure> <documents>} per
   * failure.
   */
  private final List<String> observed = new ArrayList<>();

  private final BulkObserver observer =
      new BulkObserver() {
        @Override
        public void answered(long nanos) {
          assertThat(nanos).isPositive();
          observed.add("answered");
        }

        @Override
        public void failed(Failure failure, int documents) {
          observed.add(failure + " " + documents);
        }
      };
  private BlockingHttp client;
  private BulkWriter<String> writer;
  private final ExecutorService exchanges = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // a hanging answer must not hold up the next request's
    server.setExecutor(exchanges);
    server.createContext(
        "/",
        exchange -> {
          requests.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          Canned answer;
          synchronized (answers) {
            answer = answers.isEmpty() ? new Canned(200, "{\"errors\":false}") : answers.poll();
          }
          try {
            Thread.sleep(answer.delay().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    client = client(Duration.ofSeconds(30));
    writer = writer(client);
  }

  /** A client of the stub that waits {@code responseTimeout} for an answer. */
  private BlockingHttp client(Duration responseTimeout) {
    return BlockingHttp.create(
        new OpenSearchSettings(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            "bwt",
            Duration.ofSeconds(5),
            responseTimeout,
            OpenSearchSettings.Shape.SINGLE,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1)));
  }

  private BulkWriter<String> writer(BlockingHttp http) {
    return new BulkWriter<>(
        http,
        new BulkWriter.Settings(
            100, 1 << 20, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(40), 4),
        pauses::add,
        observer);
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
    exchanges.shutdownNow();
  }

  private static BulkWriter.Doc<String> event(String id) {
    return new BulkWriter.Doc<>(
        "correlate-events-2026.11.27",
        id,
        ("{\"event_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
        0,
        "ctx-" + id);
  }

  private static BulkWriter.Doc<String> timeline(String id, long revision) {
    return new BulkWriter.Doc<>(
        "correlate-timelines",
        id,
        ("{\"revision\":" + revision + "}").getBytes(StandardCharsets.UTF_8),
        revision,
        "ctx-" + id + "@" + revision);
  }

  @Test
  void flush_allAcknowledged_returnsNoRejectionsAndSendsIndexActionsWithIds() {
    writer.add(event("e1"), 0);
    writer.add(event("e2"), 0);

    assertThat(writer.flush()).isEmpty();

    assertThat(requests).hasSize(1);
    assertThat(requests.get(0))
        .contains(
            "{\"index\":{\"_index\":\"correlate-events-2026.11.27\",\"_id\":\"e1\"}}\n"
                + "{\"event_id\":\"e1\"}\n");
    assertThat(writer.pending()).isZero();
    assertThat(observed).containsExactly("answered");
  }

  @Test
  void flush_documentsOfSeveralIndices_bodyIsExactlyTheirActionAndSourceLines() {
    writer.add(event("e1"), 0);
    writer.add(timeline("job:\"quoted\"", 12), 0);
    writer.add(event("e2"), 0);

    assertThat(writer.flush()).isEmpty();

    assertThat(requests)
        .containsExactly(
            "{\"index\":{\"_index\":\"correlate-events-2026.11.27\",\"_id\":\"e1\"}}\n"
                + "{\"event_id\":\"e1\"}\n"
                + "{\"index\":{\"_index\":\"correlate-timelines\",\"_id\":\"job:\\\"quoted\\\"\","
                + "\"version\":12,\"version_type\":\"external\"}}\n"
                + "{\"revision\":12}\n"
                + "{\"index\":{\"_index\":\"correlate-events-2026.11.27\",\"_id\":\"e2\"}}\n"
                + "{\"event_id\":\"e2\"}\n");
  }

  @Test
  void flush_versionedDoc_isWrittenWithExternalVersion_and409IsSuccess() {
    answers.add(
        new Canned(
            200,
            "{\"errors\":true,\"items\":[{\"index\":{\"status\":409,\"error\":{"
                + "\"type\":\"version_conflict_engine_exception\",\"reason\":\"current version [7] is higher\"}}}]}"));
    writer.add(timeline("job:bt-1", 5), 0);

    assertThat(writer.flush()).isEmpty();

    assertThat(requests.get(0)).contains("\"version\":5,\"version_type\":\"external\"");
    assertThat(observed).as("a 409 on a versioned document is success").containsExactly("answered");
  }

  @Test
  void flush_item400_isRejectedWithReason_andOthersAcknowledged() {
    answers.add(
        new Canned(
            200,
            "{\"errors\":true,\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":400,"
                + "\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse field [timestamp]\"}}}]}"));
    writer.add(event("good"), 0);
    writer.add(event("bad"), 0);

    List<BulkWriter.Rejected<String>> rejected = writer.flush();

    assertThat(rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.doc().context()).isEqualTo("ctx-bad");
              assertThat(r.status()).isEqualTo(400);
              assertThat(r.reason())
                  .isEqualTo("mapper_parsing_exception: failed to parse field [timestamp]");
            });
    assertThat(requests).hasSize(1);
    assertThat(observed).containsExactly("answered", "REJECTED 1");
  }

  @Test
  void flush_item429_isRetriedAlone_withBackoff() {
    answers.add(
        new Canned(
            200,
            "{\"errors\":true,\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":429,"
                + "\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}}]}"));
    writer.add(event("ok"), 0);
    writer.add(event("throttled"), 0);

    assertThat(writer.flush()).isEmpty();

    assertThat(requests).hasSize(2);
    assertThat(requests.get(1)).contains("\"_id\":\"throttled\"").doesNotContain("\"_id\":\"ok\"");
    assertThat(pauses).containsExactly(Duration.ofMillis(10));
    assertThat(observed).containsExactly("answered", "RETRIED 1", "answered");
  }

  @Test
  void flush_request503_isRetriedWithGrowingCappedBackoff() {
    answers.add(new Canned(503, "{\"error\":\"unavailable\"}"));
    answers.add(new Canned(503, "{\"error\":\"unavailable\"}"));
    answers.add(new Canned(502, "bad gateway"));
    writer.add(event("e1"), 0);

    assertThat(writer.flush()).isEmpty();

    assertThat(requests).hasSize(4);
    assertThat(pauses)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
    assertThat(observed)
        .containsExactly(
            "answered", "RETRIED 1", "answered", "RETRIED 1", "answered", "RETRIED 1", "answered");
  }

  @Test
  void flush_persistent5xx_throwsAndKeepsDocumentsBuffered() {
    for (int i = 0; i < 4; i++) {
      answers.add(new Canned(500, "{\"error\":\"boom\"}"));
    }
    writer.add(event("e1"), 0);

    assertThatThrownBy(writer::flush)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("HTTP 500");

    assertThat(writer.pending()).isEqualTo(1);
    assertThat(writer.flush()).isEmpty();
    assertThat(writer.pending()).isZero();
  }

  @Test
  void flush_requestLevel400_isNotRetriedNorDeadLettered() {
    answers.add(new Canned(400, "{\"error\":{\"type\":\"illegal_argument_exception\"}}"));
    writer.add(event("e1"), 0);

    assertThatThrownBy(writer::flush)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("HTTP 400");

    assertThat(requests).hasSize(1);
    assertThat(writer.pending()).isEqualTo(1);
    assertThat(observed).containsExactly("answered", "REFUSED 1");
  }

  @Test
  void flush_connectionRefused_isRetriedThenThrows() {
    server.stop(0);
    writer.add(event("e1"), 0);

    assertThatThrownBy(writer::flush)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot reach OpenSearch");

    assertThat(pauses).hasSize(3);
    assertThat(writer.pending()).isEqualTo(1);
    assertThat(observed)
        .as("no answer, four attempts")
        .containsExactly("UNREACHABLE 1", "UNREACHABLE 1", "UNREACHABLE 1", "UNREACHABLE 1");
  }

  @Test
  void flush_errorsFlagAfterTheItems_stillClassifiesEveryItem() {
    answers.add(
        new Canned(
            200,
            "{\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":400,"
                + "\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"bad\"}}}],"
                + "\"errors\":true}"));
    writer.add(event("good"), 0);
    writer.add(event("bad"), 0);

    assertThat(writer.flush())
        .singleElement()
        .satisfies(r -> assertThat(r.doc().context()).isEqualTo("ctx-bad"));
    assertThat(observed).containsExactly("answered", "REJECTED 1");
  }

  @Test
  void flush_errorsTrueWithoutItems_isRefusedAndKeepsDocumentsBuffered() {
    answers.add(new Canned(200, "{\"errors\":true}"));
    writer.add(event("e1"), 0);

    assertThatThrownBy(writer::flush)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("0 items for 1 documents");

    assertThat(writer.pending()).isEqualTo(1);
    assertThat(observed).containsExactly("answered", "REFUSED 1");
  }

  @Test
  void flush_nodeThatDoesNotAnswerInTime_isUnreachableAndRetried() {
    answers.add(new Canned(200, "{\"errors\":false}", Duration.ofMinutes(1)));
    try (BlockingHttp impatient = client(Duration.ofSeconds(1))) {
      BulkWriter<String> writer = writer(impatient);
      writer.add(event("e1"), 0);

      assertThat(writer.flush()).isEmpty();
    }

    assertThat(requests).hasSize(2);
    assertThat(pauses).containsExactly(Duration.ofMillis(10));
    assertThat(observed).containsExactly("UNREACHABLE 1", "answered");
  }

  @Test
  void flush_unreadableAnswer_isRetried() {
    answers.add(new Canned(200, "{\"errors\":tr"));
    writer.add(event("e1"), 0);

    assertThat(writer.flush()).isEmpty();

    assertThat(requests).hasSize(2);
    assertThat(observed).containsExactly("answered", "UNREACHABLE 1", "answered");
  }

  @Test
  void add_sameTimelineTwice_keepsOnlyTheHighestRevision() {
    writer.add(timeline("job:bt-1", 3), 0);
    writer.add(timeline("job:bt-1", 2), 0);
    writer.add(timeline("job:bt-1", 4), 0);

    writer.flush();

    assertThat(requests.get(0))
        .contains("\"version\":4")
        .doesNotContain("\"version\":3")
        .doesNotContain("\"version\":2");
  }

  @Test
  void due_whenFullByCountOrOldByTime() {
    var small =
        new BulkWriter<String>(
            client,
            new BulkWriter.Settings(
                2, 1 << 20, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1), 1),
            pauses::add,
            BulkObserver.NONE);
    assertThat(small.due(0)).isFalse();
    small.add(event("e1"), 1_000);
    assertThat(small.due(1_999)).isFalse();
    assertThat(small.due(2_000)).isTrue();
    small.add(event("e2"), 1_001);
    assertThat(small.due(1_001)).isTrue();
  }

  @Test
  void flush_splitsRequestsByOperationCount() {
    var small =
        new BulkWriter<String>(
            client,
            new BulkWriter.Settings(
                2, 1 << 20, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1), 1),
            pauses::add,
            BulkObserver.NONE);
    for (int i = 0; i < 5; i++) {
      small.add(event("e" + i), 0);
    }

    small.flush();

    assertThat(requests).hasSize(3);
  }

  @Test
  void flush_splitsRequestsByBytes() {
    var small =
        new BulkWriter<String>(
            client,
            new BulkWriter.Settings(
                100, 30, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1), 1),
            pauses::add,
            BulkObserver.NONE);
    for (int i = 0; i < 3; i++) {
      small.add(event("e" + i), 0); // 17 bytes each: two would pass 30
    }

    small.flush();

    assertThat(requests).hasSize(3);
  }

  @Test
  void send_takesTheBuffer_andWritesItOnTheSenderWhileTheNextIsBuffered() {
    List<Runnable> sender = new ArrayList<>();
    writer.add(event("e1"), 0);

    CompletableFuture<List<BulkWriter.Rejected<String>>> sent = writer.send(sender::add);
    writer.add(event("e2"), 0);

    assertThat(sent).isNotDone();
    assertThat(requests).isEmpty();
    assertThat(writer.pending()).as("only the next bulk").isEqualTo(1);
    sender.forEach(Runnable::run);
    assertThat(sent).isCompletedWithValue(List.of());
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0)).contains("\"_id\":\"e1\"").doesNotContain("e2");
  }

  @Test
  void send_persistent5xx_failsTheBulkWithStorageException() {
    for (int i = 0; i < 4; i++) {
      answers.add(new Canned(500, "{\"error\":\"boom\"}"));
    }
    writer.add(event("e1"), 0);

    CompletableFuture<List<BulkWriter.Rejected<String>>> sent = writer.send(Runnable::run);

    assertThat(sent).isCompletedExceptionally();
    assertThatThrownBy(sent::join)
        .hasCauseInstanceOf(StorageException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(writer.pending()).as("the caller reads the bulk again").isZero();
  }
}

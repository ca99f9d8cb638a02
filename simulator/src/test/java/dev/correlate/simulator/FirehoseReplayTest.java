package dev.correlate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FirehoseReplayTest {
  private HttpServer server;
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void eachRequest_isPostedWithFirehoseHeadersAndItsBody() throws IOException {
    URI endpoint = serve(new int[] {200});

    FirehoseReplay.Result result =
        new FirehoseReplay(endpoint, Optional.of("secret-key")).post(List.of(request("r-1")));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(seen)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("r-1|secret-key|application/json|")
                    .contains("\"requestId\":\"r-1\""));
  }

  @Test
  void a503_isRetriedWithTheSameRequestId_untilAccepted() throws IOException {
    URI endpoint = serve(new int[] {503, 503, 200});

    FirehoseReplay.Result result =
        new FirehoseReplay(endpoint, Optional.empty()).post(List.of(request("r-2")));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.rejected()).isZero();
    assertThat(seen).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("r-2|"));
  }

  @Test
  void a400_isRejectedAtOnce_andReported() throws IOException {
    URI endpoint = serve(new int[] {400, 200});

    FirehoseReplay.Result result =
        new FirehoseReplay(endpoint, Optional.empty())
            .post(List.of(request("bad"), request("good")));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.problems()).singleElement().asString().startsWith("bad: HTTP 400");
    assertThat(seen).hasSize(2);
  }

  private static FirehoseRequest request(String id) {
    return new FirehoseRequest(id, 1_700_000_000_000L, List.of(new FirehoseRequest.Record("H4sI")));
  }

  /**
   * A server answering the given statuses in turn, recording id|key|content type|body of each
   * request.
   */
  private URI serve(int[] statuses) throws IOException {
    AtomicInteger next = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ingest/firehose",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          var headers = exchange.getRequestHeaders();
          seen.add(
              headers.getFirst("X-Amz-Firehose-Request-Id")
                  + "|"
                  + headers.getFirst("X-Amz-Firehose-Access-Key")
                  + "|"
                  + headers.getFirst("Content-Type")
                  + "|"
                  + body);
          int status = statuses[Math.min(next.getAndIncrement(), statuses.length - 1)];
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ingest/firehose");
  }
}

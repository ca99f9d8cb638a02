package dev.correlate.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Posts Firehose requests to ingest the way Amazon Data Firehose does: JSON body, the request id in
 * {@code X-Amz-Firehose-Request-Id}, the access key (if any) in {@code X-Amz-Firehose-Access-Key}.
 * Like Firehose it retries a request that got no answer or a 5xx/429, with the same id and body;
 * any other non-2xx answer is counted as rejected.
 */
public final class FirehoseReplay {
  /** What happened to the requests. {@code problems} holds the first few rejections, verbatim. */
  public record Result(int accepted, int rejected, List<String> problems) {}

  private static final int ATTEMPTS = 6;
  private static final int KEPT_PROBLEMS = 5;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final Optional<String> accessKey;

  public FirehoseReplay(URI endpoint, Optional<String> accessKey) {
    this.endpoint = endpoint;
    this.accessKey = accessKey;
  }

  public Result post(Iterable<FirehoseRequest> requests) {
    int accepted = 0;
    int rejected = 0;
    List<String> problems = new ArrayList<>();
    for (FirehoseRequest request : requests) {
      String problem = post(request);
      if (problem == null) {
        accepted++;
      } else {
        rejected++;
        if (problems.size() < KEPT_PROBLEMS) {
          problems.add(request.requestId() + ": " + problem);
        }
      }
    }
    return new Result(accepted, rejected, List.copyOf(problems));
  }

  /** Posts one request, retrying; null when accepted, else why not. */
  private String post(FirehoseRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-Amz-Firehose-Request-Id", request.requestId())
            .POST(HttpRequest.BodyPublishers.ofString(request.toJson(), StandardCharsets.UTF_8));
    accessKey.ifPresent(key -> builder.header("X-Amz-Firehose-Access-Key", key));
    HttpRequest httpRequest = builder.build();
    String problem = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0 && !sleep(250L << attempt)) {
        return "interrupted";
      }
      try {
        HttpResponse<String> response =
            http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return null;
        }
        problem = "HTTP " + status + " " + response.body();
        if (status != 429 && status / 100 != 5) {
          return problem;
        }
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return problem;
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

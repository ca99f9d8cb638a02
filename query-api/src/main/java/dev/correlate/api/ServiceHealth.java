package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.health.HealthReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Another Correlate service (ingest, streams) as the API sees it: asked over its own health
 * endpoint, which answers in the shared {@link HealthReport} shape. A service that does not answer
 * within the timeout is unhealthy, and says so; one that answers degraded or unhealthy passes on
 * what its report names.
 */
final class ServiceHealth implements Component {
  private final String name;
  private final URI url;
  private final Duration timeout;
  private final HttpClient http;

  ServiceHealth(String name, URI url, Duration timeout, HttpClient http) {
    this.name = name;
    this.url = url;
    this.timeout = timeout;
    this.http = http;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult check() {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      return CheckResult.unhealthy(
          "no answer from " + url + " within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return CheckResult.unhealthy("cannot reach " + url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.unhealthy("interrupted");
    }
    try {
      return HealthReport.read(response.body()).asResult();
    } catch (RuntimeException notAReport) {
      return CheckResult.unhealthy(
          url + " answered HTTP " + response.statusCode() + " without a health report");
    }
  }

  @Override
  public void close() {
    // the HTTP client is shared and closes with the JVM
  }
}

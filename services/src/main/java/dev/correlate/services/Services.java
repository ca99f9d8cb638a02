package dev.correlate.services;

import dev.correlate.api.QueryApiMain;
import dev.correlate.core.config.Env;
import dev.correlate.ingest.IngestMain;
import dev.correlate.streams.StreamsMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The entry point of the service artifact ({@code java -jar correlate-services.jar <service>}):
 * runs one of the deployables, each reading its own {@code CORRELATE_*} variables, or probes a
 * health endpoint for a container's health check.
 *
 * <pre>
 *   ingest | streams | query-api     run that service until it is stopped
 *   health [URL]                     exit 0 when URL answers 200; without URL, the first of the local health
 *                                    endpoints of the three services (at their configured ports) that answers
 * </pre>
 */
public final class Services {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private Services() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (command) {
      case "ingest" -> IngestMain.main(rest);
      case "streams" -> StreamsMain.main(rest);
      case "query-api" -> QueryApiMain.main(rest);
      case "health" ->
          System.exit(
              probe(
                      rest.length > 0
                          ? List.of(URI.create(rest[0]))
                          : localHealthUrls(System.getenv()))
                  ? 0
                  : 1);
      default -> {
        System.err.println("usage: correlate-services ingest | streams | query-api | health [URL]");
        System.exit(2);
      }
    }
  }

  /** The health endpoints of the three services on this host, at the ports their variables give. */
  static List<URI> localHealthUrls(Map<String, String> variables) {
    Env env = Env.of(variables);
    return List.of(
        URI.create("http://127.0.0.1:" + env.port("CORRELATE_INGEST_PORT", 8081) + "/health"),
        URI.create("http://127.0.0.1:" + env.port("CORRELATE_STREAMS_PORT", 8082) + "/health"),
        URI.create("http://127.0.0.1:" + env.port("CORRELATE_API_PORT", 8080) + "/api/v1/health"));
  }

  /**
   * Whether one of {@code urls} answers 200 (healthy or degraded); one container runs one service.
   */
  static boolean probe(List<URI> urls) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    for (URI url : urls) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(url).timeout(PROBE_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println(url + " " + response.statusCode() + " " + response.body());
        if (response.statusCode() == 200) {
          return true;
        }
      } catch (IOException notListening) {
        // this container runs another service
      }
    }
    return false;
  }
}

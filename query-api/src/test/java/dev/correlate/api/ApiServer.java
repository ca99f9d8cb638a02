package dev.correlate.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A started API on a free port and a JDK HTTP client for it. */
final class ApiServer implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  final Javalin app;

  ApiServer(Javalin app) {
    this.app = app.start(0);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.GET().build());
  }

  /** Sends {@code request}, the body as text; I/O failures unchecked. */
  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}

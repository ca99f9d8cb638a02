package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The query commands' HTTP client of the Correlate API. Failures become {@link Failure}s whose
 * message says what to do: the API is not running, the token is missing or wrong, the id is
 * unknown, a parameter is invalid.
 */
final class ApiClient {
  /** Exit codes of the query commands, beyond picocli's 0 (ok) and 2 (usage). */
  static final int FAILED = 1;

  static final int UNREACHABLE = 3;
  static final int NOT_FOUND = 4;

  /** A request that did not give an answer; {@link #exitCode()} tells scripts which kind. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    Failure(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }

    int exitCode() {
      return exitCode;
    }
  }

  private final String baseUrl;
  private final Optional<String> token;
  private final HttpClient http;

  ApiClient(String baseUrl, Optional<String> token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** GET {@code path} with the non-null {@code query} parameters, URL-encoded. */
  JsonNode get(String path, Map<String, Object> query) {
    String params =
        query.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(
                e ->
                    e.getKey()
                        + "="
                        + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    URI uri = URI.create(baseUrl + path + (params.isEmpty() ? "" : "?" + params));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Failure(
          UNREACHABLE,
          "cannot reach the Correlate API at "
              + baseUrl
              + " ("
              + describe(e)
              + "). "
              + "Is it running? Start it with 'correlate up', or point --api / CORRELATE_API_URL at it.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(FAILED, "interrupted");
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() == 200) {
      return body;
    }
    String detail =
        body != null && body.hasNonNull("detail")
            ? body.get("detail").asText()
            : "HTTP " + response.statusCode();
    switch (response.statusCode()) {
      case 401:
        throw new Failure(
            FAILED,
            "the API refused the request: "
                + detail
                + ". Set CORRELATE_API_TOKEN (or --token) to one of the API's CORRELATE_API_TOKENS.");
      case 404:
        throw new Failure(NOT_FOUND, detail);
      case 503:
        throw new Failure(
            FAILED, "the API is up but cannot answer: " + detail + ". Check 'correlate status'.");
      default:
        throw new Failure(FAILED, detail);
    }
  }

  static Map<String, Object> query(Object... keysAndValues) {
    Map<String, Object> query = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      query.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return query;
  }

  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isEmpty() ? null : Json.mapper().readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

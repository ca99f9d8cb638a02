package dev.correlate.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every query command shares: where the API is, the token, and how to print. */
final class ApiOptions {
  @Option(
      names = "--api",
      paramLabel = "URL",
      description =
          "Base URL of the query API (default: CORRELATE_API_URL, else http://CORRELATE_API_HOST:CORRELATE_API_PORT).")
  String api;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Bearer token (default: CORRELATE_API_TOKEN, else the first of CORRELATE_API_TOKENS).")
  String token;

  @Option(names = "--json", description = "Print the API's JSON as is, for scripts.")
  boolean json;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Colors: auto (when writing to a terminal), always, never (default ${DEFAULT-VALUE}).")
  String color;

  ApiClient client(CorrelateCli root) {
    Map<String, String> env = root.env();
    String base =
        api != null ? api : env.getOrDefault("CORRELATE_API_URL", root.launcherSettings().apiUrl());
    Optional<String> bearer =
        Optional.ofNullable(token)
            .or(() -> Optional.ofNullable(env.get("CORRELATE_API_TOKEN")))
            .or(
                () ->
                    Arrays.stream(env.getOrDefault("CORRELATE_API_TOKENS", "").split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .findFirst());
    return new ApiClient(base, bearer);
  }

  Render render(CorrelateCli root) {
    boolean colors =
        switch (color) {
          case "always" -> true;
          case "never" -> false;
          default -> System.console() != null && !root.env().containsKey("NO_COLOR");
        };
    int width = 120;
    try {
      width = Math.max(40, Integer.parseInt(root.env().getOrDefault("COLUMNS", "120").trim()));
    } catch (NumberFormatException ignored) {
      // COLUMNS is a hint; a malformed one leaves the default
    }
    return new Render(width, colors, java.time.Clock.systemUTC());
  }
}

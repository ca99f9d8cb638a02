package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code correlate search '<pattern>' --since 1h}: events matching a CloudWatch filter pattern,
 * newest first.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Search events with a CloudWatch filter pattern, newest first.",
      "Examples: 'ERROR -health', '\"Connection refused\"', '?OOM ?MemoryError', '{ $.level = \"ERROR\" && $.latency > 100 }'"
    })
final class SearchCommand implements Callable<Integer> {
  @ParentCommand CorrelateCli root;

  @Mixin ApiOptions options;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATTERN",
      description = "The filter pattern (empty: all events).")
  String pattern;

  @Option(names = "--log-group", description = "Only this log group.")
  String logGroup;

  @Option(names = "--service", description = "Only this service.")
  String service;

  @Option(names = "--level", description = "Only events at this level or more severe.")
  String level;

  @Mixin ListingOptions listing;

  @Override
  public Integer call() {
    return QueryCommands.run(
        root,
        options,
        render -> {
          JsonNode page =
              options
                  .client(root)
                  .get(
                      "/api/v1/search",
                      listing.addTo(
                          ApiClient.query(
                              "filter",
                              pattern,
                              "log_group",
                              logGroup,
                              "service",
                              service,
                              "level",
                              level)));
          return options.json ? page.toPrettyString() + "\n" : render.search(page);
        });
  }
}

package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code correlate timeline <correlation-id>}: a request's events across services, in order. */
@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    description = "Show the timeline of a correlation id: every event across services, in order.")
final class TimelineCommand implements Callable<Integer> {
  @ParentCommand CorrelateCli root;

  @Mixin ApiOptions options;

  @Parameters(
      index = "0",
      paramLabel = "CORRELATION_ID",
      description = "The request's correlation id.")
  String id;

  @Option(
      names = "--service",
      paramLabel = "NAMES",
      description = "Only these services (comma-separated).")
  String service;

  @Option(
      names = "--level",
      description = "Only events at this level or more severe (info, warn, error …).")
  String level;

  @Option(
      names = {"-q", "--filter"},
      paramLabel = "PATTERN",
      description = "Only events matching a CloudWatch filter pattern.")
  String filter;

  @Mixin PageOptions page;

  @Override
  public Integer call() {
    return QueryCommands.run(
        root,
        options,
        render -> {
          JsonNode body =
              options
                  .client(root)
                  .get(
                      "/api/v1/correlations/" + ApiClient.segment(id) + "/timeline",
                      page.addTo(ApiClient.query("service", service, "level", level, "q", filter)));
          return options.json ? body.toPrettyString() + "\n" : render.timeline(body);
        });
  }
}

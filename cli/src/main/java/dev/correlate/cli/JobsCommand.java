package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code correlate jobs --status failed --since 1h}: recent backtest jobs, newest first. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List backtest jobs, newest first.")
final class JobsCommand implements Callable<Integer> {
  @ParentCommand CorrelateCli root;

  @Mixin ApiOptions options;

  @Option(names = "--status", description = "running, completed, failed or stuck.")
  String status;

  @Option(names = "--stage", description = "Furthest stage reached: submitted … completed.")
  String stage;

  @Option(names = "--category", description = "Failure category, for example oom.")
  String category;

  @Option(names = "--service", description = "A service that took part.")
  String service;

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
                      "/api/v1/jobs",
                      listing.addTo(
                          ApiClient.query(
                              "status",
                              status,
                              "stage",
                              stage,
                              "category",
                              category,
                              "service",
                              service)));
          return options.json ? page.toPrettyString() + "\n" : render.jobs(page);
        });
  }
}

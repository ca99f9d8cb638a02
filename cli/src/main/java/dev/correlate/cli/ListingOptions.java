package dev.correlate.cli;

import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --since}, {@code --until}, {@code --limit} and {@code --cursor} of the listing commands
 * (jobs, search).
 */
final class ListingOptions {
  @Option(names = "--since", description = "From: 15m, 1h, 7d, an ISO instant or epoch ms.")
  String since;

  @Option(names = "--until", description = "Before: same formats as --since.")
  String until;

  @Mixin PageOptions page;

  /** {@code query} with these options added. */
  Map<String, Object> addTo(Map<String, Object> query) {
    query.put("since", since);
    query.put("until", until);
    return page.addTo(query);
  }
}

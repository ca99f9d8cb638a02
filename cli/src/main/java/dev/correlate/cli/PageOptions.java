package dev.correlate.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --limit} and {@code --cursor} of every command that reads a page of a listing. */
final class PageOptions {
  @Option(
      names = "--limit",
      paramLabel = "N",
      description =
          "Items per page (default: the API's: 500 events of a timeline, 50 jobs, 100 search hits).")
  Integer limit;

  @Option(names = "--cursor", description = "Continue after a previous page (its next_cursor).")
  String cursor;

  /**
   * {@code query} with these options added (absent ones are left out and take the API's defaults).
   */
  Map<String, Object> addTo(Map<String, Object> query) {
    query.put("limit", limit);
    query.put("cursor", cursor);
    return query;
  }
}

package dev.correlate.cli;

import dev.correlate.core.config.Durations;
import dev.correlate.core.health.Fatal;
import dev.correlate.ingest.IngestMain;
import dev.correlate.ingest.IngestSettings;
import dev.correlate.ingest.Intake;
import dev.correlate.ingest.aws.Backfill;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** {@code correlate backfill}: copy past CloudWatch Logs events into the raw topic. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Copy past CloudWatch Logs events (FilterLogEvents) into Kafka, like live ingest.",
      "Resumable: rerun the same command after a failure. Overlapping windows are harmless (event ids)."
    })
final class BackfillCommand implements Callable<Integer> {

  @ParentCommand CorrelateCli root;

  @Mixin AwsOptions aws;

  @Option(
      names = "--log-group-prefix",
      description = "Every log group whose name starts with this.")
  String prefix;

  @Option(names = "--log-group", description = "A log group by name (repeatable).")
  List<String> logGroups = List.of();

  @Option(
      names = "--start",
      required = true,
      description = "Window start: an instant (2026-11-27T10:00:00Z) or an age (90m, 6h, 2d).")
  String start;

  @Option(names = "--end", description = "Window end, exclusive; same forms (default: now).")
  String end;

  @Option(
      names = "--filter-pattern",
      description = "CloudWatch filter pattern (default: every event).")
  String filterPattern;

  @Option(
      names = "--checkpoint",
      description = "Progress file (default: <state dir>/backfill.checkpoint).")
  Path checkpoint;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    IngestSettings settings = IngestMain.settings(root.env());
    Backfill.Request request =
        new Backfill.Request(
            logGroups,
            Optional.ofNullable(prefix),
            time(start, clock),
            end == null ? clock.instant() : time(end, clock),
            Optional.ofNullable(filterPattern),
            checkpoint != null
                ? checkpoint
                : root.launcherSettings().stateDir().resolve("backfill.checkpoint"));
    PrintWriter out = root.spec.commandLine().getOut();
    try (CloudWatchLogsClient client = aws.client();
        Intake intake = Intake.connect(settings, new SimpleMeterRegistry(), Fatal.exitProcess())) {
      Backfill.Result result =
          new Backfill(client, aws.calls(), Backfill.sinkTo(intake, clock), clock, out::println)
              .run(request);
      out.printf(
          "backfilled %d events from %d log groups (%d pages)%s into %s%n",
          result.events(),
          result.logGroups(),
          result.pages(),
          result.resumed() ? ", resumed" : "",
          settings.kafka().topics().raw());
    }
    return 0;
  }

  /**
   * An ISO-8601 instant, or an age such as {@code 90m} counted back from now ({@link
   * Durations#parse}).
   */
  static Instant time(String text, Clock clock) {
    try {
      return Instant.parse(text.trim());
    } catch (java.time.format.DateTimeParseException notAnInstant) {
      // an age
    }
    try {
      return clock.instant().minus(Durations.parse(text));
    } catch (IllegalArgumentException notAnAge) {
      throw new IllegalArgumentException(
          "not an instant (2026-11-27T10:00:00Z) nor an age (90m, 6h, 2d): " + text);
    }
  }
}

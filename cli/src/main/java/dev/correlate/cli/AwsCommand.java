package dev.correlate.cli;

import dev.correlate.ingest.aws.Subscriptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** {@code correlate aws}: set up CloudWatch Logs to deliver to Correlate. */
@Command(name = "aws", mixinStandardHelpOptions = true,
    description = "Set up CloudWatch Logs subscription filters that deliver to Correlate.",
    subcommands = {AwsCommand.Subscribe.class, AwsCommand.Unsubscribe.class})
final class AwsCommand implements Runnable {
  @ParentCommand
  CorrelateCli root;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints every change; exit status 1 when a log group refused. */
  static int report(PrintWriter out, List<Subscriptions.Change> changes) {
    changes.forEach(out::println);
    out.printf("%d log groups%n", changes.size());
    return changes.stream().anyMatch(c -> c.action() == Subscriptions.Action.FAILED) ? 1 : 0;
  }

  @Command(name = "subscribe", mixinStandardHelpOptions = true,
      description = "Put Correlate's subscription filter on every matching log group (idempotent).")
  static final class Subscribe implements Callable<Integer> {
    @ParentCommand
    AwsCommand parent;

    @Mixin
    AwsOptions aws;

    @Option(names = "--log-group-prefix", required = true, description = "Log groups whose names start with this.")
    String prefix;

    @Option(names = "--destination-arn", required = true,
        description = "Firehose delivery stream, Kinesis stream, Lambda function or logical destination.")
    String destination;

    @Option(names = "--role-arn", description = "Role CloudWatch Logs assumes to deliver (not for Lambda).")
    String role;

    @Option(names = "--filter-pattern", defaultValue = "", description = "Filter pattern (default: every event).")
    String pattern;

    @Option(names = "--filter-name", defaultValue = "correlate", description = "Filter name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--dry-run", description = "Say what would change, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      try (CloudWatchLogsClient client = aws.client()) {
        return report(parent.spec.commandLine().getOut(), new Subscriptions(client, aws.calls())
            .subscribe(prefix, new Subscriptions.Filter(name, destination, Optional.ofNullable(role), pattern), dryRun));
      }
    }
  }

  @Command(name = "unsubscribe", mixinStandardHelpOptions = true,
      description = "Remove Correlate's subscription filter from every matching log group.")
  static final class Unsubscribe implements Callable<Integer> {
    @ParentCommand
    AwsCommand parent;

    @Mixin
    AwsOptions aws;

    @Option(names = "--log-group-prefix", required = true, description = "Log groups whose names start with this.")
    String prefix;

    @Option(names = "--filter-name", defaultValue = "correlate", description = "Filter name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--dry-run", description = "Say what would change, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      try (CloudWatchLogsClient client = aws.client()) {
        return report(parent.spec.commandLine().getOut(), new Subscriptions(client, aws.calls())
            .unsubscribe(prefix, name, dryRun));
      }
    }
  }
}

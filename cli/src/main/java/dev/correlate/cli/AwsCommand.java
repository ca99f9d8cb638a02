package dev.correlate.cli;

import dev.correlate.ingest.aws.AwsCalls;
import dev.correlate.ingest.aws.EventBridgeSetup;
import dev.correlate.ingest.aws.Subscriptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * {@code correlate aws}: set up CloudWatch Logs to deliver to Correlate, and, with {@code
 * --events-log-group}, EventBridge to bring AWS's own events (ECS task state changes, S3 results)
 * into a log group that is delivered too.
 */
@Command(
    name = "aws",
    mixinStandardHelpOptions = true,
    description =
        "Set up CloudWatch Logs subscription filters (and EventBridge rules) that deliver to Correlate.",
    subcommands = {AwsCommand.Subscribe.class, AwsCommand.Unsubscribe.class})
final class AwsCommand implements Runnable {
  @ParentCommand CorrelateCli root;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

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

  @Command(
      name = "subscribe",
      mixinStandardHelpOptions = true,
      description =
          "Put Correlate's subscription filter on every matching log group (idempotent); with"
              + " --events-log-group also the EventBridge rules, their log group and its resource policy.")
  static final class Subscribe implements Callable<Integer> {
    @ParentCommand AwsCommand parent;

    @Mixin AwsOptions aws;

    @Option(
        names = "--log-group-prefix",
        required = true,
        description = "Log groups whose names start with this.")
    String prefix;

    @Option(
        names = "--destination-arn",
        required = true,
        description =
            "Firehose delivery stream, Kinesis stream, Lambda function or logical destination.")
    String destination;

    @Option(
        names = "--role-arn",
        description = "Role CloudWatch Logs assumes to deliver (not for Lambda).")
    String role;

    @Option(
        names = "--filter-pattern",
        defaultValue = "",
        description = "Filter pattern (default: every event).")
    String pattern;

    @Option(
        names = "--filter-name",
        defaultValue = "correlate",
        description = "Filter name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--dry-run", description = "Say what would change, change nothing.")
    boolean dryRun;

    @Mixin AwsEventsOptions events;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Optional<EventBridgeSetup.Wanted> wanted = eventsWanted();
      PrintWriter out = parent.spec.commandLine().getOut();
      AwsCalls calls = aws.calls();
      Subscriptions.Filter filter =
          new Subscriptions.Filter(name, destination, Optional.ofNullable(role), pattern);
      int status = 0;
      try (CloudWatchLogsClient client = aws.client()) {
        Subscriptions subscriptions = new Subscriptions(client, calls);
        List<Subscriptions.Change> changes = new ArrayList<>();
        if (wanted.isPresent()) {
          // first the log group, its policy and the rules, so that subscribing the group finds it
          try (EventBridgeClient eventBridge = aws.eventBridge()) {
            List<EventBridgeSetup.Change> setup =
                new EventBridgeSetup(client, eventBridge, calls).apply(wanted.get(), dryRun);
            setup.forEach(out::println);
            status =
                setup.stream().anyMatch(c -> c.action() == EventBridgeSetup.Action.FAILED) ? 1 : 0;
          }
          wanted
              .get()
              .resultsBucket()
              .ifPresent(
                  bucket ->
                      out.println(
                          "note: S3 sends \"Object Created\" events"
                              + " to EventBridge only once the bucket's EventBridge notifications are on: aws s3api"
                              + " put-bucket-notification-configuration --bucket "
                              + bucket
                              + " --notification-configuration"
                              + " '{\"EventBridgeConfiguration\": {}}' (the call replaces the bucket's notification settings:"
                              + " merge in any it has)"));
        }
        changes.addAll(subscriptions.subscribe(prefix, filter, dryRun));
        if (wanted.isPresent()
            && changes.stream().noneMatch(c -> c.logGroup().equals(wanted.get().logGroup()))) {
          changes.add(subscriptions.subscribeGroup(wanted.get().logGroup(), filter, dryRun));
        }
        return Math.max(status, report(out, changes));
      }
    }

    /**
     * The EventBridge setup asked for; its clients default to the cluster's region, where ECS sends
     * the events.
     */
    private Optional<EventBridgeSetup.Wanted> eventsWanted() {
      try {
        Optional<EventBridgeSetup.Wanted> wanted = events.wanted();
        if (wanted.isPresent()) {
          if (aws.region == null) {
            aws.region = wanted.get().region();
          } else if (!aws.region.equals(wanted.get().region())) {
            throw new IllegalArgumentException(
                "--region "
                    + aws.region
                    + " differs from the cluster's region "
                    + wanted.get().region()
                    + ": EventBridge rules see only their own region's ECS events");
          }
        }
        return wanted;
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  @Command(
      name = "unsubscribe",
      mixinStandardHelpOptions = true,
      description = "Remove Correlate's subscription filter from every matching log group.")
  static final class Unsubscribe implements Callable<Integer> {
    @ParentCommand AwsCommand parent;

    @Mixin AwsOptions aws;

    @Option(
        names = "--log-group-prefix",
        required = true,
        description = "Log groups whose names start with this.")
    String prefix;

    @Option(
        names = "--filter-name",
        defaultValue = "correlate",
        description = "Filter name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--dry-run", description = "Say what would change, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      try (CloudWatchLogsClient client = aws.client()) {
        return report(
            parent.spec.commandLine().getOut(),
            new Subscriptions(client, aws.calls()).unsubscribe(prefix, name, dryRun));
      }
    }
  }
}

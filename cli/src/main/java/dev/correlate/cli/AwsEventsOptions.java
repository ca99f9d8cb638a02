package dev.correlate.cli;

import dev.correlate.ingest.aws.EventBridgeSetup;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code correlate aws subscribe}'s EventBridge part: with {@code --events-log-group}, AWS's own
 * events about TradAI's tasks and results (ECS task state changes of one cluster, S3 objects
 * created in the results bucket) are routed by EventBridge rules to that log group, which the
 * subscription then delivers like any other.
 */
final class AwsEventsOptions {
  @Option(
      names = "--events-log-group",
      description =
          "Route ECS task state changes (and S3 results) here via EventBridge, and subscribe it too; "
              + "for example /aws/events/tradai-prod.")
  String logGroup;

  @Option(
      names = "--ecs-cluster-arn",
      description =
          "The ECS cluster whose task state changes to route (its ARN: its region and account are the "
              + "rules'). Required with --events-log-group.")
  String clusterArn;

  @Option(
      names = "--results-bucket",
      description = "Also route the objects created in this S3 bucket.")
  String resultsBucket;

  @Option(
      names = "--results-prefix",
      defaultValue = "backtests/",
      description =
          "Only objects whose key starts with this (default: ${DEFAULT-VALUE}; empty for all).")
  String resultsPrefix;

  @Option(
      names = "--rule-prefix",
      defaultValue = "correlate",
      description =
          "Names of the EventBridge rules and the resource policy start with this (default: ${DEFAULT-VALUE}).")
  String rulePrefix;

  /** What to set up, when {@code --events-log-group} was given. */
  Optional<EventBridgeSetup.Wanted> wanted() {
    if (logGroup == null) {
      return Optional.empty();
    }
    if (clusterArn == null) {
      throw new IllegalArgumentException("--events-log-group needs --ecs-cluster-arn");
    }
    return Optional.of(
        new EventBridgeSetup.Wanted(
            logGroup, clusterArn, Optional.ofNullable(resultsBucket), resultsPrefix, rulePrefix));
  }
}

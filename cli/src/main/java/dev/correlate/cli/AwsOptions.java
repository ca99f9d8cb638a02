package dev.correlate.cli;

import dev.correlate.ingest.aws.AwsCalls;
import dev.correlate.ingest.aws.CloudWatchLogsClients;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** Where and how fast to call CloudWatch Logs; credentials come from the standard AWS SDK chain. */
final class AwsOptions {
  @Option(
      names = "--region",
      description = "AWS Region (default: the AWS SDK chain: AWS_REGION, profile, …).")
  String region;

  @Option(
      names = "--endpoint-url",
      description = "Endpoint override (VPC endpoint, LocalStack, a stub).")
  URI endpoint;

  @Option(
      names = "--rate",
      defaultValue = "5",
      description = "CloudWatch Logs requests per second (default: ${DEFAULT-VALUE}).")
  double rate;

  CloudWatchLogsClient client() {
    return CloudWatchLogsClients.create(Optional.ofNullable(region), Optional.ofNullable(endpoint));
  }

  EventBridgeClient eventBridge() {
    return CloudWatchLogsClients.eventBridge(
        Optional.ofNullable(region), Optional.ofNullable(endpoint));
  }

  AwsCalls calls() {
    return AwsCalls.limitedTo(rate);
  }
}

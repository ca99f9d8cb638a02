package dev.correlate.ingest.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Builds the AWS clients of the CLI tools: CloudWatch Logs, and EventBridge for the events setup.
 */
public final class CloudWatchLogsClients {
  private CloudWatchLogsClients() {}

  /**
   * A client with the standard AWS SDK chains for credentials and (unless given) region, and
   * optionally an endpoint override (a VPC endpoint, LocalStack, a test stub). Retries are left to
   * {@link AwsCalls}.
   */
  public static CloudWatchLogsClient create(Optional<String> region, Optional<URI> endpoint) {
    return configured(CloudWatchLogsClient.builder(), region, endpoint).build();
  }

  /** An EventBridge client configured as {@link #create}. */
  public static EventBridgeClient eventBridge(Optional<String> region, Optional<URI> endpoint) {
    return configured(EventBridgeClient.builder(), region, endpoint).build();
  }

  private static <B extends AwsClientBuilder<B, ?>> B configured(
      B builder, Optional<String> region, Optional<URI> endpoint) {
    builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }
}

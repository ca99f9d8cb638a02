package dev.correlate.ingest.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;

/** Builds the CloudWatch Logs client of the CLI tools. */
public final class CloudWatchLogsClients {
  private CloudWatchLogsClients() {}

  /**
   * A client with the standard AWS SDK chains for credentials and (unless given) region, and optionally an
   * endpoint override (a VPC endpoint, LocalStack, a test stub). Retries are left to {@link AwsCalls}.
   */
  public static CloudWatchLogsClient create(Optional<String> region, Optional<URI> endpoint) {
    CloudWatchLogsClientBuilder builder = CloudWatchLogsClient.builder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}

package dev.correlate.ingest.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A WireMock stub speaking the JSON protocols (awsJson1_1: POST / with X-Amz-Target) of CloudWatch
 * Logs ({@code Logs_20140328.<operation>}) and EventBridge ({@code AWSEvents.<operation>}).
 */
final class CloudWatchLogsStub implements AutoCloseable {
  static final String TARGET = "X-Amz-Target";
  final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  final List<Duration> sleeps = new ArrayList<>();

  CloudWatchLogsStub() {
    server.start();
  }

  static MappingBuilder operation(String name) {
    return post(urlEqualTo("/")).withHeader(TARGET, equalTo("Logs_20140328." + name));
  }

  static RequestPatternBuilder requested(String name) {
    return postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("Logs_20140328." + name));
  }

  static MappingBuilder eventsOperation(String name) {
    return post(urlEqualTo("/")).withHeader(TARGET, equalTo("AWSEvents." + name));
  }

  static RequestPatternBuilder eventsRequested(String name) {
    return postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("AWSEvents." + name));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(body);
  }

  static ResponseDefinitionBuilder throttled() {
    return aResponse()
        .withStatus(400)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-ErrorType", "ThrottlingException")
        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
  }

  static ResponseDefinitionBuilder error(int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  CloudWatchLogsClient client() {
    return CloudWatchLogsClient.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .endpointOverride(URI.create(server.baseUrl()))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The production EventBridge client factory, pointed at the stub. */
  EventBridgeClient eventBridgeClient() {
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    return CloudWatchLogsClients.eventBridge(
        Optional.of("eu-central-1"), Optional.of(URI.create(server.baseUrl())));
  }

  /** The production client factory, pointed at the stub. */
  CloudWatchLogsClient productionClient() {
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    return CloudWatchLogsClients.create(
        Optional.of("us-east-1"), Optional.of(URI.create(server.baseUrl())));
  }

  /** Fast limits and a sleeper that records instead of waiting. */
  AwsCalls calls() {
    return new AwsCalls(1_000, 5, Duration.ofMillis(100), Duration.ofSeconds(2), sleeps::add);
  }

  @Override
  public void close() {
    server.stop();
  }
}

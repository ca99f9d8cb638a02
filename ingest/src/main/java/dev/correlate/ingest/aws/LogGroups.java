package dev.correlate.ingest.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** Log groups by name prefix, every page of {@code DescribeLogGroups} until the token is null. */
final class LogGroups {
  private LogGroups() {}

  /**
   * A log group and the account that owns it.
   *
   * @param name log group name
   * @param account owning account, from the log group ARN; null when the ARN is absent
   */
  record Group(String name, String account) {}

  static List<Group> withPrefix(CloudWatchLogsClient client, AwsCalls calls, String prefix) {
    List<Group> groups = new ArrayList<>();
    String token = null;
    do {
      DescribeLogGroupsRequest request =
          DescribeLogGroupsRequest.builder().logGroupNamePrefix(prefix).nextToken(token).build();
      DescribeLogGroupsResponse page =
          calls.call("DescribeLogGroups", () -> client.describeLogGroups(request));
      for (LogGroup group : page.logGroups()) {
        groups.add(new Group(group.logGroupName(), account(group.arn())));
      }
      token = page.nextToken();
    } while (token != null);
    return groups;
  }

  /** The account field of {@code arn:aws:logs:<region>:<account>:log-group:<name>[:*]}. */
  static String account(String arn) {
    if (arn == null) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    return parts.length >= 5 && !parts[4].isEmpty() ? parts[4] : null;
  }
}

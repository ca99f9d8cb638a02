package dev.correlate.ingest.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeSubscriptionFiltersRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.SubscriptionFilter;

/**
 * Puts (or removes) Correlate's subscription filter on every log group matching a prefix.
 * Idempotent: a group whose filter already has the wanted destination, pattern and role is left
 * alone; a filter of the same name with other settings is updated in place ({@code
 * PutSubscriptionFilter} replaces by name). A group that refuses (for example it already has two
 * other filters) is reported and the rest proceed.
 */
public final class Subscriptions {
  /** What happened, or in a dry run would happen, to one log group. */
  public enum Action {
    CREATED,
    UPDATED,
    UNCHANGED,
    DELETED,
    ABSENT,
    FAILED
  }

  /**
   * One log group's outcome.
   *
   * @param logGroup the log group
   * @param action what was (or would be) done
   * @param dryRun true when nothing was changed
   * @param detail the error, for {@link Action#FAILED}
   */
  public record Change(String logGroup, Action action, boolean dryRun, String detail) {
    @Override
    public String toString() {
      return (dryRun ? "[dry run] " : "")
          + action.name().toLowerCase(java.util.Locale.ROOT)
          + " "
          + logGroup
          + (detail == null ? "" : ": " + detail);
    }
  }

  /**
   * The wanted filter.
   *
   * @param filterName the filter's name on every group (default {@code correlate})
   * @param destinationArn Firehose delivery stream, Kinesis stream, Lambda function or logical
   *     destination
   * @param roleArn role CloudWatch Logs assumes to deliver (not for Lambda destinations)
   * @param filterPattern the filter pattern; empty for every event
   */
  public record Filter(
      String filterName, String destinationArn, Optional<String> roleArn, String filterPattern) {
    public Filter {
      Objects.requireNonNull(filterName, "filterName");
      Objects.requireNonNull(destinationArn, "destinationArn");
      Objects.requireNonNull(roleArn, "roleArn");
      filterPattern = filterPattern == null ? "" : filterPattern;
    }
  }

  private final CloudWatchLogsClient client;
  private final AwsCalls calls;

  public Subscriptions(CloudWatchLogsClient client, AwsCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  public List<Change> subscribe(String logGroupPrefix, Filter filter, boolean dryRun) {
    List<Change> changes = new ArrayList<>();
    for (LogGroups.Group group : LogGroups.withPrefix(client, calls, logGroupPrefix)) {
      changes.add(subscribeGroup(group.name(), filter, dryRun));
    }
    return changes;
  }

  /**
   * Puts the filter on one log group by name. In a dry run, a group that does not exist yet (the
   * events setup would create it first) would get the filter created.
   */
  public Change subscribeGroup(String logGroup, Filter filter, boolean dryRun) {
    try {
      Optional<SubscriptionFilter> existing;
      try {
        existing = existing(logGroup, filter.filterName());
      } catch (ResourceNotFoundException absent) {
        if (!dryRun) {
          throw absent;
        }
        existing = Optional.empty();
      }
      if (existing.isPresent() && same(existing.get(), filter)) {
        return new Change(logGroup, Action.UNCHANGED, dryRun, null);
      }
      if (!dryRun) {
        calls.call(
            "PutSubscriptionFilter",
            () ->
                client.putSubscriptionFilter(
                    b ->
                        b.logGroupName(logGroup)
                            .filterName(filter.filterName())
                            .filterPattern(filter.filterPattern())
                            .destinationArn(filter.destinationArn())
                            .roleArn(filter.roleArn().orElse(null))));
      }
      return new Change(
          logGroup, existing.isPresent() ? Action.UPDATED : Action.CREATED, dryRun, null);
    } catch (CloudWatchLogsException e) {
      return new Change(logGroup, Action.FAILED, dryRun, e.awsErrorDetails().errorMessage());
    }
  }

  public List<Change> unsubscribe(String logGroupPrefix, String filterName, boolean dryRun) {
    List<Change> changes = new ArrayList<>();
    for (LogGroups.Group group : LogGroups.withPrefix(client, calls, logGroupPrefix)) {
      try {
        if (existing(group.name(), filterName).isEmpty()) {
          changes.add(new Change(group.name(), Action.ABSENT, dryRun, null));
          continue;
        }
        if (!dryRun) {
          calls.call(
              "DeleteSubscriptionFilter",
              () ->
                  client.deleteSubscriptionFilter(
                      b -> b.logGroupName(group.name()).filterName(filterName)));
        }
        changes.add(new Change(group.name(), Action.DELETED, dryRun, null));
      } catch (CloudWatchLogsException e) {
        changes.add(
            new Change(group.name(), Action.FAILED, dryRun, e.awsErrorDetails().errorMessage()));
      }
    }
    return changes;
  }

  private Optional<SubscriptionFilter> existing(String logGroup, String filterName) {
    DescribeSubscriptionFiltersRequest request =
        DescribeSubscriptionFiltersRequest.builder()
            .logGroupName(logGroup)
            .filterNamePrefix(filterName)
            .build();
    return calls
        .call("DescribeSubscriptionFilters", () -> client.describeSubscriptionFilters(request))
        .subscriptionFilters()
        .stream()
        .filter(f -> filterName.equals(f.filterName()))
        .findFirst();
  }

  private static boolean same(SubscriptionFilter existing, Filter wanted) {
    return wanted.destinationArn().equals(existing.destinationArn())
        && wanted.filterPattern().equals(Objects.requireNonNullElse(existing.filterPattern(), ""))
        && wanted.roleArn().orElse("").equals(Objects.requireNonNullElse(existing.roleArn(), ""));
  }
}

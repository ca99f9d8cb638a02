package dev.correlate.ingest.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeResourcePoliciesResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourcePolicy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Sets up what brings AWS's own events into Correlate, the standard way (EventBridge → a CloudWatch
 * Logs log group, which the subscription then delivers): the log group, the log group's resource
 * policy that lets EventBridge write to it (principals {@code events.amazonaws.com} and {@code
 * delivery.logs.amazonaws.com}, actions {@code logs:CreateLogStream} and {@code logs:PutLogEvents},
 * as AWS documents for log group targets), a rule for the ECS task state changes of one cluster, a
 * rule for the objects created in the results bucket, and each rule's log group target.
 *
 * <p>Idempotent: what already is as wanted is {@code unchanged}; a rule or policy of the same name
 * with other settings is {@code updated} in place ({@code PutRule}, {@code PutResourcePolicy} and
 * {@code PutTargets} replace by name and id). A dry run reads but changes nothing, and says what it
 * would do. A step AWS refuses is reported and the others proceed.
 */
public final class EventBridgeSetup {
  /** The target id of the log group on each rule. */
  static final String TARGET_ID = "correlate-log-group";

  private static final Pattern CLUSTER_ARN =
      Pattern.compile("arn:(aws[a-z-]*):ecs:([a-z0-9-]+):(\\d{12}):cluster/([A-Za-z0-9_-]{1,255})");

  /** What was (or, in a dry run, would be) done to one resource. */
  public enum Action {
    CREATED,
    UPDATED,
    UNCHANGED,
    FAILED
  }

  /**
   * One resource's outcome.
   *
   * @param kind {@code log group}, {@code resource policy}, {@code rule} or {@code target}
   * @param name the resource's name
   * @param action what was (or would be) done
   * @param dryRun true when nothing was changed
   * @param detail what it is (a rule's pattern, a target's ARN), or the error for {@link
   *     Action#FAILED}
   */
  public record Change(String kind, String name, Action action, boolean dryRun, String detail) {
    @Override
    public String toString() {
      return (dryRun ? "[dry run] " : "")
          + action.name().toLowerCase(Locale.ROOT)
          + " "
          + kind
          + " "
          + name
          + (detail == null ? "" : ": " + detail);
    }
  }

  /**
   * What is wanted.
   *
   * @param logGroup the rules' log group target, for example {@code /aws/events/tradai-prod}
   * @param clusterArn the ECS cluster whose task state changes to forward; its region and account
   *     are those of the rules, the log group and the policy
   * @param resultsBucket the S3 bucket whose created objects to forward, when any (the bucket must
   *     send its events to EventBridge: its notification configuration holds {@code
   *     EventBridgeConfiguration})
   * @param resultsPrefix only objects whose key starts with this (empty: all)
   * @param rulePrefix names of the rules start with this
   */
  public record Wanted(
      String logGroup,
      String clusterArn,
      Optional<String> resultsBucket,
      String resultsPrefix,
      String rulePrefix) {
    public Wanted {
      Objects.requireNonNull(logGroup, "logGroup");
      Objects.requireNonNull(resultsBucket, "resultsBucket");
      resultsPrefix = resultsPrefix == null ? "" : resultsPrefix;
      rulePrefix = rulePrefix == null || rulePrefix.isBlank() ? "correlate" : rulePrefix;
      if (clusterArn == null || !CLUSTER_ARN.matcher(clusterArn).matches()) {
        throw new IllegalArgumentException(
            "not an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>): "
                + clusterArn);
      }
    }

    public String region() {
      return arn().group(2);
    }

    String account() {
      return arn().group(3);
    }

    String logGroupArn() {
      return "arn:"
          + arn().group(1)
          + ":logs:"
          + region()
          + ":"
          + account()
          + ":log-group:"
          + logGroup;
    }

    String ecsRule() {
      return rulePrefix + "-ecs-task-state-change";
    }

    String s3Rule() {
      return rulePrefix + "-s3-results-created";
    }

    /**
     * One policy per log group, named after it, so that setting up a second environment keeps the
     * first's.
     */
    String policyName() {
      return rulePrefix + "-eventbridge-to" + logGroup.replaceAll("[^A-Za-z0-9_-]+", "-");
    }

    /**
     * ECS task state changes of the cluster (AWS: source aws.ecs, detail-type "ECS Task State
     * Change").
     */
    String ecsPattern() {
      ObjectNode pattern = Json.mapper().createObjectNode();
      pattern.putArray("source").add("aws.ecs");
      pattern.putArray("detail-type").add("ECS Task State Change");
      pattern.putObject("detail").putArray("clusterArn").add(clusterArn);
      return pattern.toString();
    }

    /** Objects created in the results bucket (AWS: source aws.s3, detail-type "Object Created"). */
    String s3Pattern(String bucket) {
      ObjectNode pattern = Json.mapper().createObjectNode();
      pattern.putArray("source").add("aws.s3");
      pattern.putArray("detail-type").add("Object Created");
      ObjectNode detail = pattern.putObject("detail");
      detail.putObject("bucket").putArray("name").add(bucket);
      if (!resultsPrefix.isEmpty()) {
        detail.putObject("object").putArray("key").addObject().put("prefix", resultsPrefix);
      }
      return pattern.toString();
    }

    /** AWS's documented policy for EventBridge log group targets, for this one log group. */
    String policyDocument() {
      ObjectNode doc = Json.mapper().createObjectNode();
      doc.put("Version", "2012-10-17");
      ObjectNode statement = doc.putArray("Statement").addObject();
      statement.put("Sid", "TrustEventsToStoreLogEvent");
      statement.put("Effect", "Allow");
      ArrayNode services = statement.putObject("Principal").putArray("Service");
      services.add("events.amazonaws.com").add("delivery.logs.amazonaws.com");
      statement.putArray("Action").add("logs:CreateLogStream").add("logs:PutLogEvents");
      statement.put("Resource", logGroupArn() + ":*");
      return doc.toString();
    }

    private Matcher arn() {
      Matcher m = CLUSTER_ARN.matcher(clusterArn);
      if (!m.matches()) {
        throw new IllegalStateException("validated at construction: " + clusterArn);
      }
      return m;
    }
  }

  private final CloudWatchLogsClient logs;
  private final EventBridgeClient events;
  private final AwsCalls calls;

  public EventBridgeSetup(CloudWatchLogsClient logs, EventBridgeClient events, AwsCalls calls) {
    this.logs = logs;
    this.events = events;
    this.calls = calls;
  }

  /** Creates or updates what differs from {@code wanted}; with {@code dryRun}, only says so. */
  public List<Change> apply(Wanted wanted, boolean dryRun) {
    List<Change> changes = new ArrayList<>();
    changes.add(step("log group", wanted.logGroup(), dryRun, () -> logGroup(wanted, dryRun)));
    changes.add(step("resource policy", wanted.policyName(), dryRun, () -> policy(wanted, dryRun)));
    rule(
        changes,
        wanted,
        wanted.ecsRule(),
        wanted.ecsPattern(),
        "ECS task state changes of " + wanted.clusterArn(),
        dryRun);
    wanted
        .resultsBucket()
        .ifPresent(
            bucket ->
                rule(
                    changes,
                    wanted,
                    wanted.s3Rule(),
                    wanted.s3Pattern(bucket),
                    "objects created in s3://" + bucket + "/" + wanted.resultsPrefix(),
                    dryRun));
    return changes;
  }

  private Change logGroup(Wanted wanted, boolean dryRun) {
    boolean exists =
        LogGroups.withPrefix(logs, calls, wanted.logGroup()).stream()
            .anyMatch(g -> g.name().equals(wanted.logGroup()));
    if (!exists && !dryRun) {
      calls.call(
          "CreateLogGroup", () -> logs.createLogGroup(b -> b.logGroupName(wanted.logGroup())));
    }
    return change(
        "log group", wanted.logGroup(), exists ? Action.UNCHANGED : Action.CREATED, dryRun, null);
  }

  private Change policy(Wanted wanted, boolean dryRun) {
    Optional<ResourcePolicy> existing = resourcePolicy(wanted.policyName());
    String detail =
        "events.amazonaws.com and delivery.logs.amazonaws.com may write to " + wanted.logGroup();
    if (existing.isPresent()
        && sameJson(existing.get().policyDocument(), wanted.policyDocument())) {
      return change("resource policy", wanted.policyName(), Action.UNCHANGED, dryRun, detail);
    }
    if (!dryRun) {
      calls.call(
          "PutResourcePolicy",
          () ->
              logs.putResourcePolicy(
                  b -> b.policyName(wanted.policyName()).policyDocument(wanted.policyDocument())));
    }
    return change(
        "resource policy",
        wanted.policyName(),
        existing.isPresent() ? Action.UPDATED : Action.CREATED,
        dryRun,
        detail);
  }

  private Optional<ResourcePolicy> resourcePolicy(String name) {
    String token = null;
    do {
      String page = token;
      DescribeResourcePoliciesResponse response =
          calls.call(
              "DescribeResourcePolicies",
              () -> logs.describeResourcePolicies(b -> b.nextToken(page)));
      for (ResourcePolicy policy : response.resourcePolicies()) {
        if (name.equals(policy.policyName())) {
          return Optional.of(policy);
        }
      }
      token = response.nextToken();
    } while (token != null);
    return Optional.empty();
  }

  private void rule(
      List<Change> changes,
      Wanted wanted,
      String name,
      String pattern,
      String description,
      boolean dryRun) {
    changes.add(
        step(
            "rule",
            name,
            dryRun,
            () -> {
              Optional<DescribeRuleResponse> existing = describeRule(name);
              boolean same =
                  existing.isPresent()
                      && sameJson(existing.get().eventPattern(), pattern)
                      && existing.get().state() == RuleState.ENABLED;
              if (!same && !dryRun) {
                calls.call(
                    "PutRule",
                    () ->
                        events.putRule(
                            b ->
                                b.name(name)
                                    .eventPattern(pattern)
                                    .state(RuleState.ENABLED)
                                    .description("Correlate: " + description)));
              }
              return change(
                  "rule",
                  name,
                  same ? Action.UNCHANGED : existing.isPresent() ? Action.UPDATED : Action.CREATED,
                  dryRun,
                  pattern);
            }));
    changes.add(step("target", name + "/" + TARGET_ID, dryRun, () -> target(wanted, name, dryRun)));
  }

  private Change target(Wanted wanted, String rule, boolean dryRun) {
    String kind = "target";
    String name = rule + "/" + TARGET_ID;
    List<Target> targets;
    try {
      targets =
          calls
              .call("ListTargetsByRule", () -> events.listTargetsByRule(b -> b.rule(rule)))
              .targets();
    } catch (ResourceNotFoundException noRuleYet) {
      targets = List.of();
    }
    Optional<Target> existing = targets.stream().filter(t -> TARGET_ID.equals(t.id())).findFirst();
    if (existing.isPresent() && wanted.logGroupArn().equals(existing.get().arn())) {
      return change(kind, name, Action.UNCHANGED, dryRun, wanted.logGroupArn());
    }
    if (!dryRun) {
      PutTargetsResponse put =
          calls.call(
              "PutTargets",
              () ->
                  events.putTargets(
                      b ->
                          b.rule(rule)
                              .targets(
                                  Target.builder()
                                      .id(TARGET_ID)
                                      .arn(wanted.logGroupArn())
                                      .build())));
      if (put.failedEntryCount() != null && put.failedEntryCount() > 0) {
        return change(
            kind,
            name,
            Action.FAILED,
            false,
            put.failedEntries().get(0).errorCode()
                + ": "
                + put.failedEntries().get(0).errorMessage());
      }
    }
    return change(
        kind,
        name,
        existing.isPresent() ? Action.UPDATED : Action.CREATED,
        dryRun,
        wanted.logGroupArn());
  }

  private Optional<DescribeRuleResponse> describeRule(String name) {
    try {
      return Optional.of(calls.call("DescribeRule", () -> events.describeRule(b -> b.name(name))));
    } catch (ResourceNotFoundException absent) {
      return Optional.empty();
    }
  }

  /** Runs one step; AWS refusing it fails that step only. */
  private static Change step(String kind, String name, boolean dryRun, Supplier<Change> step) {
    try {
      return step.get();
    } catch (AwsServiceException e) {
      String why =
          e.awsErrorDetails() == null
              ? e.getMessage()
              : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
      return change(kind, name, Action.FAILED, dryRun, why);
    }
  }

  private static Change change(
      String kind, String name, Action action, boolean dryRun, String detail) {
    return new Change(kind, name, action, dryRun, detail);
  }

  private static boolean sameJson(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      JsonNode left = Json.mapper().readTree(a);
      return left.equals(Json.mapper().readTree(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}

package dev.correlate.simulator;

import static dev.correlate.simulator.LineFormats.fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The EventBridge events TradAI's rules write to {@code /aws/events/tradai-<env>}, in the shapes
 * AWS documents: "ECS Task State Change" (AWS ECS developer guide, "Amazon ECS task state change
 * events") and S3 "Object Created" (S3 user guide, "EventBridge event message structure"). Each
 * event is one log event whose message is the event's compact JSON, in a log stream named by the
 * event's id.
 */
final class EventBridgeEvents {
  private EventBridgeEvents() {}

  /**
   * How a task ended.
   *
   * @param stopCode EssentialContainerExited, TaskFailedToStart, UserInitiated …
   * @param stoppedReason the task's stopped reason
   * @param exitCode the container's exit code, null when it never ran
   * @param containerReason the container's reason (an OOM kill, an image pull failure), or null
   */
  record Stop(String stopCode, String stoppedReason, Integer exitCode, String containerReason) {}

  /**
   * One state change of a strategy task.
   *
   * @param lastStatus PROVISIONING, PENDING, RUNNING, DEPROVISIONING, STOPPED
   * @param version the detail version, one more per change
   * @param createdAt when RunTask created the task
   * @param startedAt when its container started, or null
   * @param stop how it ended, or null while it runs
   * @param jobEnv the JOB_ID the consumer put in the container overrides, or null when it put none
   */
  record TaskChange(
      String lastStatus, long version, long createdAt, Long startedAt, Stop stop, String jobEnv) {}

  static String ecsTaskStateChange(
      Estate estate, String eventId, long at, String taskId, TaskChange change, String strategy) {
    String taskArn = estate.taskArn(taskId);
    String region = estate.settings.region();
    String account = estate.settings.account();
    boolean stopping = change.stop() != null;
    boolean ran = change.startedAt() != null;
    Map<String, Object> container =
        fields(
            "containerArn",
            "arn:aws:ecs:"
                + region
                + ":"
                + account
                + ":container/"
                + estate.cluster
                + "/"
                + taskId
                + "/"
                + eventId.substring(0, 8)
                + "-4e5f-6071-8293-a4b5c6d7e8f9",
            "exitCode",
            stopping ? change.stop().exitCode() : null,
            "lastStatus",
            stopping ? "STOPPED" : ran ? "RUNNING" : "PENDING",
            "name",
            "strategy",
            "image",
            account + ".dkr.ecr." + region + ".amazonaws.com/tradai-strategy:v1.42.0",
            "reason",
            stopping ? change.stop().containerReason() : null,
            "taskArn",
            taskArn,
            "cpu",
            "0");
    List<Map<String, Object>> environment = new ArrayList<>();
    if (change.jobEnv() != null) {
      environment.add(fields("name", "JOB_ID", "value", change.jobEnv()));
    }
    environment.add(fields("name", "STRATEGY", "value", strategy));
    Map<String, Object> detail =
        fields(
            "attachments",
            List.of(
                fields(
                    "id",
                    eventId,
                    "type",
                    "eni",
                    "status",
                    stopping ? "DELETED" : ran ? "ATTACHED" : "PRECREATED")),
            "availabilityZone",
            region + "b",
            "clusterArn",
            estate.clusterArn(),
            "containers",
            List.of(container),
            "createdAt",
            LineFormats.isoTime(change.createdAt()),
            "launchType",
            "FARGATE",
            "cpu",
            "1024",
            "memory",
            "2048",
            "desiredStatus",
            stopping ? "STOPPED" : "RUNNING",
            "group",
            "family:tradai-strategy-" + estate.settings.env(),
            "lastStatus",
            change.lastStatus(),
            "overrides",
            fields(
                "containerOverrides",
                List.of(fields("name", "strategy", "environment", environment))),
            "startedAt",
            ran ? LineFormats.isoTime(change.startedAt()) : null,
            "startedBy",
            "tradai-sqs-consumer-" + estate.settings.env(),
            "stopCode",
            stopping ? change.stop().stopCode() : null,
            "stoppedAt",
            "STOPPED".equals(change.lastStatus()) ? LineFormats.isoTime(at) : null,
            "stoppedReason",
            stopping ? change.stop().stoppedReason() : null,
            "updatedAt",
            LineFormats.isoTime(at),
            "taskArn",
            taskArn,
            "taskDefinitionArn",
            "arn:aws:ecs:"
                + region
                + ":"
                + account
                + ":task-definition/tradai-strategy-"
                + estate.settings.env()
                + ":42",
            "version",
            change.version(),
            "platformVersion",
            "1.4.0");
    return envelope(estate, eventId, at, "ECS Task State Change", "aws.ecs", taskArn, detail);
  }

  static String s3ObjectCreated(
      Estate estate, String eventId, long at, String key, long size, String etag) {
    Map<String, Object> detail =
        fields(
            "version", "0",
            "bucket", fields("name", estate.resultsBucket()),
            "object",
                fields(
                    "key",
                    key,
                    "size",
                    size,
                    "etag",
                    etag,
                    "sequencer",
                    etag.substring(0, 18).toUpperCase(Locale.ROOT)),
            "request-id", etag.substring(0, 16).toUpperCase(Locale.ROOT),
            "requester", estate.settings.account(),
            "source-ip-address", "10.20.3.41",
            "reason", "PutObject");
    return envelope(
        estate,
        eventId,
        at,
        "Object Created",
        "aws.s3",
        "arn:aws:s3:::" + estate.resultsBucket(),
        detail);
  }

  private static String envelope(
      Estate estate,
      String eventId,
      long at,
      String detailType,
      String source,
      String resource,
      Map<String, Object> detail) {
    // EventBridge's time has whole seconds
    return LineFormats.compactJson(
        fields(
            "version",
            "0",
            "id",
            eventId,
            "detail-type",
            detailType,
            "source",
            source,
            "account",
            estate.settings.account(),
            "time",
            LineFormats.isoTime(at / 1000 * 1000).replace(".000Z", "Z"),
            "region",
            estate.settings.region(),
            "resources",
            List.of(resource),
            "detail",
            detail));
  }
}

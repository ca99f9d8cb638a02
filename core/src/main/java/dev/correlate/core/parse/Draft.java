package dev.correlate.core.parse;

import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one parse has found so far. Mutable and confined to a single {@link LogEventParser#parse}
 * call; every collection is bounded by the rules' limits as it fills.
 */
final class Draft {
  private final ParserRules.Limits limits;
  private final int maxIds;

  Level level;
  String logger;
  String message;
  Long messageTimestamp;
  final Map<String, String> fields = new LinkedHashMap<>();
  int droppedFields;
  final Set<String> correlationIds = new LinkedHashSet<>();
  final Set<String> jobIds = new LinkedHashSet<>();
  String lambdaRequestId;
  String xrayTraceId;
  final Set<String> ecsTaskArns = new LinkedHashSet<>();
  Facts.LambdaFacts lambda;
  Facts.HttpFacts http;
  Facts.ErrorFacts error;
  final Set<String> s3Paths = new LinkedHashSet<>();
  String statusUpdate;
  Integer exitCode;
  Facts.EcsTaskFacts ecsTask;
  Facts.S3ObjectFacts s3Object;

  /** Set by an EventBridge event, which says where it happened; else the source's are used. */
  String region;

  String account;

  /** The task an ECS task state change is about, when the log stream names no task. */
  String ecsTaskId;

  Draft(ParserRules rules) {
    this.limits = rules.limits();
    this.maxIds = rules.maxIdsPerEvent();
  }

  /**
   * Adds a structured field, cutting key and value to their limits; past the field limit, counts a
   * drop.
   */
  void field(String key, String value) {
    if (fields.size() >= limits.maxFields()) {
      droppedFields++;
      return;
    }
    fields.putIfAbsent(
        ParseText.cut(key, limits.maxKeyChars()), ParseText.cut(value, limits.maxValueChars()));
  }

  /** Adds a field that the parser derives itself (never dropped, never cut). */
  void derived(String key, String value) {
    fields.put(key, value);
  }

  void correlationId(String id) {
    if (correlationIds.size() < maxIds) {
      correlationIds.add(id);
    }
  }

  void jobId(String id) {
    if (jobIds.size() < maxIds) {
      jobIds.add(id);
    }
  }

  void taskArn(String arn) {
    if (ecsTaskArns.size() < maxIds) {
      ecsTaskArns.add(arn);
    }
  }

  void s3Path(String path) {
    if (s3Paths.size() < maxIds) {
      s3Paths.add(path);
    }
  }

  Facts facts() {
    if (lambda == null
        && http == null
        && error == null
        && s3Paths.isEmpty()
        && statusUpdate == null
        && exitCode == null
        && ecsTask == null
        && s3Object == null) {
      return Facts.NONE;
    }
    return new Facts(
        lambda, http, error, new ArrayList<>(s3Paths), statusUpdate, exitCode, ecsTask, s3Object);
  }

  List<String> list(Set<String> set) {
    return set.isEmpty() ? List.of() : List.copyOf(set);
  }
}

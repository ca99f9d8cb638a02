package dev.correlate.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Facts.ErrorFacts;
import dev.correlate.core.model.Facts.HttpFacts;
import dev.correlate.core.model.Facts.LambdaFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole event a line must parse to. It starts from what the source alone gives (service, kind,
 * ids of the stream) and an INFO line with nothing else; a case states everything the line adds,
 * and {@link #check} compares every component, so a field the parser extracts but the case does not
 * expect fails the test.
 */
final class Expect {
  static final String OWNER = "123456789012";
  static final long TS = 1_795_000_000_000L;
  static final long RECEIVED = 1_795_000_000_500L;
  static final String EVENT_ID = "38221495723156384728470182836419234715672384015938912256";

  static final String LAMBDA_GROUP = "/aws/lambda/tradai-sqs-consumer-prod";
  static final String LAMBDA_STREAM = "2026/11/27/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f";
  static final String BACKEND_GROUP = "/ecs/tradai-backend-prod";
  static final String STRATEGY_GROUP = "/ecs/tradai-strategy-prod";
  static final String DATA_GROUP = "/ecs/tradai-data-collection-dev";
  static final String SERVICE_GROUP = "/ecs/tradai-strategy-service-staging";
  static final String TASK_ID = "9f1c2b3d4e5f60718293a4b5c6d7e8f9";

  String eventId = EVENT_ID;
  long timestamp = TS;
  Long messageTimestamp;
  long receivedAt = RECEIVED;
  String logGroup;
  String logStream;
  String account = OWNER;
  String region;
  String service;
  String environment;
  SourceKind sourceKind;
  Level level = Level.INFO;
  String logger;
  String message;
  Map<String, String> fields = new LinkedHashMap<>();
  List<String> correlationIds = List.of();
  List<String> jobIds = List.of();
  String lambdaRequestId;
  String ecsTaskId;
  List<String> ecsTaskArns = List.of();
  String xrayTraceId;
  LambdaFacts lambda;
  HttpFacts http;
  ErrorFacts error;
  List<String> s3Paths = List.of();
  String statusUpdate;
  Integer exitCode;

  /** The expectation for a line of the sqs-consumer Lambda (prod). */
  static Expect lambda(String message) {
    Expect e = new Expect();
    e.logGroup = LAMBDA_GROUP;
    e.logStream = LAMBDA_STREAM;
    e.service = "sqs-consumer";
    e.environment = "prod";
    e.sourceKind = SourceKind.LAMBDA;
    e.message = message;
    return e;
  }

  /** The expectation for a line of an ECS service's container {@code container}. */
  static Expect ecs(
      String group, String service, String env, SourceKind kind, String container, String message) {
    Expect e = new Expect();
    e.logGroup = group;
    e.logStream = "ecs/" + container + "/" + TASK_ID;
    e.service = service;
    e.environment = env;
    e.sourceKind = kind;
    e.ecsTaskId = TASK_ID;
    e.fields.put(LogEventParser.CONTAINER_FIELD, container);
    e.message = message;
    return e;
  }

  static Expect backend(String message) {
    return ecs(BACKEND_GROUP, "backend", "prod", SourceKind.ECS_SERVICE, "backend", message);
  }

  static Expect strategyTask(String message) {
    return ecs(STRATEGY_GROUP, "strategy", "prod", SourceKind.ECS_TASK, "strategy", message);
  }

  static Expect dataCollection(String message) {
    return ecs(
        DATA_GROUP, "data-collection", "dev", SourceKind.ECS_SERVICE, "data-collection", message);
  }

  static Expect strategyService(String message) {
    return ecs(
        SERVICE_GROUP,
        "strategy-service",
        "staging",
        SourceKind.ECS_SERVICE,
        "strategy-service",
        message);
  }

  static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  Expect with(Consumer<Expect> change) {
    change.accept(this);
    return this;
  }

  Expect field(String key, String value) {
    fields.put(key, value);
    return this;
  }

  RawLogEvent raw(String line) {
    return new RawLogEvent(
        OWNER,
        logGroup,
        logStream,
        List.of("cwl-to-firehose"),
        null,
        Map.of(),
        eventId,
        timestamp,
        line,
        receivedAt,
        RawLogEvent.Intake.FIREHOSE,
        null,
        Map.of());
  }

  LogEvent build() {
    Facts facts =
        lambda == null
                && http == null
                && error == null
                && s3Paths.isEmpty()
                && statusUpdate == null
                && exitCode == null
            ? Facts.NONE
            : new Facts(lambda, http, error, s3Paths, statusUpdate, exitCode, null, null);
    return new LogEvent(
        eventId,
        timestamp,
        messageTimestamp,
        receivedAt,
        logGroup,
        logStream,
        account,
        region,
        service,
        environment,
        sourceKind,
        level,
        logger,
        message,
        fields,
        correlationIds,
        jobIds,
        lambdaRequestId,
        ecsTaskId,
        ecsTaskArns,
        xrayTraceId,
        facts,
        null);
  }

  /**
   * Parses {@code line} from this expectation's source and compares every component of the result.
   */
  void check(LogEventParser parser, String line) {
    LogEvent actual = parser.parse(raw(line));
    assertThat(actual).usingRecursiveComparison().isEqualTo(build());
  }

  static LambdaFacts lambdaFacts(String type, String requestId) {
    return new LambdaFacts(type, requestId, null, null, null, null, null, null, null, null, null);
  }
}

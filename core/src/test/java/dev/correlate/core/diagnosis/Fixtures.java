package dev.correlate.core.diagnosis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Realistic line sequences, one file per scenario under {@code src/test/resources/diagnosis/},
 * turned into {@link LogEvent}s as the parser would produce them (service, source kind, level,
 * logger and typed facts set directly), so these tests do not depend on the parser.
 */
final class Fixtures {
  /** 2026-11-27T10:00:00Z: event {@code at} seconds are counted from here. */
  static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private Fixtures() {}

  /** A scenario: the timeline it belongs to and its events in the order they were written. */
  record Scenario(String name, TimelineId.Kind kind, String id, List<LogEvent> events) {
    /** Time of the latest event. */
    long end() {
      return events.stream().mapToLong(LogEvent::timestamp).max().orElse(T0);
    }
  }

  /**
   * One line of a fixture file. {@code ecs} and {@code s3Object} are what an EventBridge event's
   * facts hold (the line then states the exit code the parser derives from the containers itself,
   * as {@code exit_code}).
   */
  record Line(
      double at,
      String service,
      SourceKind kind,
      Level level,
      String logger,
      String message,
      Map<String, String> fields,
      String errorType,
      Integer exitCode,
      String status,
      Integer httpStatus,
      List<String> s3,
      Facts.LambdaFacts lambda,
      Facts.EcsTaskFacts ecs,
      Facts.S3ObjectFacts s3Object) {}

  record File(String kind, String id, List<Line> events) {}

  static Scenario load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/diagnosis/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      File file = YAML.readValue(in, File.class);
      TimelineId.Kind kind =
          file.kind().equals("job") ? TimelineId.Kind.JOB : TimelineId.Kind.CORRELATION;
      List<LogEvent> events = new ArrayList<>();
      for (int i = 0; i < file.events().size(); i++) {
        events.add(event(name, i, kind, file.id(), file.events().get(i)));
      }
      return new Scenario(name, kind, file.id(), List.copyOf(events));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LogEvent event(
      String fixture, int index, TimelineId.Kind kind, String id, Line line) {
    SourceKind sourceKind = line.kind() != null ? line.kind() : kindOf(line.service());
    long at = T0 + Math.round(line.at() * 1000);
    Facts facts =
        new Facts(
            line.lambda(),
            line.httpStatus() == null
                ? null
                : new Facts.HttpFacts(null, null, line.httpStatus(), null),
            line.errorType() == null
                ? null
                : new Facts.ErrorFacts(line.errorType(), line.message(), null, false),
            line.s3(),
            line.status(),
            line.exitCode(),
            line.ecs(),
            line.s3Object());
    return event(
        String.format("%s-%03d", fixture, index),
        at,
        line.service(),
        sourceKind,
        line.level(),
        line.logger(),
        line.message(),
        line.fields(),
        facts,
        kind,
        id);
  }

  /** A hand-made event, for tests that need one line rather than a scenario. */
  static LogEvent event(
      String eventId,
      long at,
      String service,
      SourceKind sourceKind,
      Level level,
      String logger,
      String message,
      Facts facts,
      TimelineId.Kind kind,
      String id) {
    return event(
        eventId, at, service, sourceKind, level, logger, message, Map.of(), facts, kind, id);
  }

  /** A hand-made event with structured fields. */
  static LogEvent event(
      String eventId,
      long at,
      String service,
      SourceKind sourceKind,
      Level level,
      String logger,
      String message,
      Map<String, String> fields,
      Facts facts,
      TimelineId.Kind kind,
      String id) {
    String group =
        switch (sourceKind) {
          case LAMBDA -> "/aws/lambda/tradai-" + service + "-dev";
          case EVENTS -> "/aws/events/tradai-dev";
          default -> "/ecs/tradai-" + service + "-dev";
        };
    String stream =
        switch (sourceKind) {
          case LAMBDA -> "2026/11/27/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f";
          case EVENTS -> "3317b2af-7005-947d-b652-" + eventId.hashCode();
          default -> "tradai/" + service + "/9f1c2b3d4e5f60718293a4b5c6d7e8f9";
        };
    return new LogEvent(
        eventId,
        at,
        at,
        at + 500,
        group,
        stream,
        "123456789012",
        "eu-west-1",
        service,
        "dev",
        sourceKind,
        level,
        logger,
        message,
        fields,
        kind == TimelineId.Kind.CORRELATION ? List.of(id) : List.of(),
        kind == TimelineId.Kind.JOB ? List.of(id) : List.of(),
        null,
        null,
        List.of(),
        null,
        facts,
        null);
  }

  private static SourceKind kindOf(String service) {
    switch (service) {
      case "strategy":
        return SourceKind.ECS_TASK;
      case "sqs-consumer":
      case "health-check":
        return SourceKind.LAMBDA;
      case "aws-events":
        return SourceKind.EVENTS;
      default:
        return SourceKind.ECS_SERVICE;
    }
  }
}

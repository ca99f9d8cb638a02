package dev.correlate.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Link;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Correlate should conclude from a simulation, computed from what the simulator wrote with
 * conventions.md's timeline rules: for every event its correlation and job ids (stitched ones
 * included), for every job its status, furthest stage and failure category, for every correlation
 * id its status and category, and counts. Written as JSON in Correlate's dialect (snake_case),
 * nulls kept so that "no category" reads {@code null}. Keyed by event id, so re-delivered events
 * are counted once.
 *
 * @param settings the settings that produced the traffic
 * @param counts what was delivered
 * @param jobs per job id
 * @param correlations per correlation id (every job's submission request, and every plain request)
 * @param events per CloudWatch event id, every data event delivered
 */
public record GroundTruth(
    SimulationSettings settings,
    Counts counts,
    Map<String, JobTruth> jobs,
    Map<String, CorrelationTruth> correlations,
    Map<String, EventTruth> events) {

  private static final ObjectMapper MAPPER =
      Json.mapper().copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

  public GroundTruth {
    // insertion order is generation order: keeps the written file identical for a seed
    jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
    correlations = Collections.unmodifiableMap(new LinkedHashMap<>(correlations));
    events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
  }

  /**
   * Delivery counts.
   *
   * @param events distinct log events (data only)
   * @param deliveredEvents log events in all requests, re-sent requests included
   * @param duplicateEvents deliveredEvents − events
   * @param batches distinct subscription records carrying data
   * @param requests Firehose requests (NDJSON lines), re-sent ones included
   * @param duplicateRequests re-sent requests (same request id and body as an earlier line)
   * @param controlMessages CONTROL_MESSAGE records in all requests, re-sent ones included
   */
  public record Counts(
      long events,
      long deliveredEvents,
      long duplicateEvents,
      long batches,
      long requests,
      long duplicateRequests,
      long controlMessages) {}

  /**
   * The expected verdict on one backtest job.
   *
   * @param scenario the {@link Scenario#id()} that produced it
   * @param correlationId the submission request's correlation id
   * @param status {@code completed}, {@code failed}, {@code stuck} or {@code running}
   * @param stage furthest stage: submitted, queued, dispatched, task_started, running,
   *     results_written, completed
   * @param category failure category, null for completed and running jobs
   * @param ecsTaskId the strategy task, null when none started
   * @param events events in the job's timeline
   * @param firstEventAt earliest event time, epoch ms
   * @param lastEventAt latest event time, epoch ms
   */
  public record JobTruth(
      String scenario,
      String correlationId,
      String status,
      String stage,
      String category,
      String ecsTaskId,
      long events,
      long firstEventAt,
      long lastEventAt) {}

  /**
   * The expected verdict on one request timeline.
   *
   * @param status {@code error} when an event of the timeline is an error (ERROR level, a Lambda
   *     failure record, a 5xx response), else {@code ok}
   * @param category the failure category, when the status is {@code error}
   * @param jobIds jobs the request touched
   */
  public record CorrelationTruth(
      String scenario,
      String status,
      String category,
      List<String> jobIds,
      long events,
      long firstEventAt,
      long lastEventAt) {
    public CorrelationTruth {
      jobIds = List.copyOf(jobIds);
    }
  }

  /**
   * The timelines one event belongs to.
   *
   * @param link how the ids reach it: SELF (the line names one), LAMBDA_INVOCATION, ECS_TASK, or
   *     NONE
   */
  public record EventTruth(List<String> correlationIds, List<String> jobIds, Link.Via link) {
    public EventTruth {
      correlationIds = List.copyOf(correlationIds);
      jobIds = List.copyOf(jobIds);
    }
  }

  public void write(Path file) {
    try {
      ObjectWriter writer = MAPPER.writerWithDefaultPrettyPrinter();
      writer.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ground truth to " + file, e);
    }
  }

  public static GroundTruth read(Path file) {
    try {
      return MAPPER.readValue(Files.readAllBytes(file), GroundTruth.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ground truth from " + file, e);
    }
  }
}

package dev.correlate.simulator;

import dev.correlate.core.model.Link;
import dev.correlate.simulator.GroundTruth.CorrelationTruth;
import dev.correlate.simulator.GroundTruth.EventTruth;
import dev.correlate.simulator.GroundTruth.JobTruth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies conventions.md's timeline rules to each story's lines. A story owns its Lambda
 * invocations and its ECS task, so the rules can be applied story by story:
 *
 * <ol>
 *   <li>an event belongs to the ids it names;
 *   <li>and to every id named by any event of the same Lambda invocation;
 *   <li>and, in a strategy task's stream or as a state change of that task (EventBridge), to every
 *       id named in that stream or by its state changes, or named together with the task's ARN by
 *       any event anywhere.
 * </ol>
 */
final class TruthCollector {
  /** What a story says about itself beyond its lines. */
  record StoryOutcome(
      Scenario scenario, String correlationId, String jobId, Stage stage, String taskId) {}

  private final Map<String, EventTruth> events = new LinkedHashMap<>();
  private final Map<String, JobTruth> jobs = new LinkedHashMap<>();
  private final Map<String, CorrelationTruth> correlations = new LinkedHashMap<>();

  void add(StoryOutcome story, List<Line> lines) {
    Map<String, IdSet> invocations = new HashMap<>();
    Map<String, IdSet> tasks = new HashMap<>();
    for (Line line : lines) {
      Tags tags = line.tags();
      if (tags.invocation() != null) {
        invocations.computeIfAbsent(tags.invocation(), k -> new IdSet()).add(tags);
      }
      if (tags.task() != null) {
        tasks.computeIfAbsent(tags.task(), k -> new IdSet()).add(tags);
      }
      if (tags.namedTask() != null) {
        tasks.computeIfAbsent(tags.namedTask(), k -> new IdSet()).add(tags);
      }
    }
    Span job = new Span();
    Span request = new Span();
    for (Line line : lines) {
      Tags tags = line.tags();
      IdSet ids = new IdSet();
      ids.add(tags);
      Link.Via via = ids.isEmpty() ? Link.Via.NONE : Link.Via.SELF;
      if (tags.invocation() != null
          && ids.addAll(invocations.get(tags.invocation()))
          && via == Link.Via.NONE) {
        via = Link.Via.LAMBDA_INVOCATION;
      }
      if (tags.task() != null && ids.addAll(tasks.get(tags.task())) && via == Link.Via.NONE) {
        via = Link.Via.ECS_TASK;
      }
      events.put(
          line.eventId(),
          new EventTruth(List.copyOf(ids.correlations), List.copyOf(ids.jobs), via));
      if (story.jobId() != null && ids.jobs.contains(story.jobId())) {
        job.add(line);
      }
      if (story.correlationId() != null && ids.correlations.contains(story.correlationId())) {
        request.add(line);
      }
    }
    String category = story.scenario().category().orElse(null);
    if (story.jobId() != null) {
      jobs.put(
          story.jobId(),
          new JobTruth(
              story.scenario().id(),
              story.correlationId(),
              jobStatus(story.stage(), category),
              story.stage().id(),
              category,
              story.taskId(),
              job.count,
              job.first,
              job.last));
    }
    if (story.correlationId() != null) {
      correlations.put(
          story.correlationId(),
          new CorrelationTruth(
              story.scenario().id(),
              request.error ? "error" : "ok",
              request.error ? category : null,
              story.jobId() == null ? List.of() : List.of(story.jobId()),
              request.count,
              request.first,
              request.last));
    }
  }

  GroundTruth build(SimulationSettings settings, GroundTruth.Counts counts) {
    return new GroundTruth(settings, counts, jobs, correlations, events);
  }

  /**
   * completed when the completed stage was reached; stuck for the silence categories; failed for
   * the others.
   */
  private static String jobStatus(Stage stage, String category) {
    if (stage == Stage.COMPLETED) {
      return "completed";
    }
    if (category == null) {
      return "running";
    }
    return category.equals("task_never_started") || category.equals("stuck_running")
        ? "stuck"
        : "failed";
  }

  /** Correlation and job ids, sorted. */
  private static final class IdSet {
    final TreeSet<String> correlations = new TreeSet<>();
    final TreeSet<String> jobs = new TreeSet<>();

    void add(Tags tags) {
      correlations.addAll(tags.correlationIds());
      jobs.addAll(tags.jobIds());
    }

    /** Adds {@code other}'s ids; whether any was new. */
    boolean addAll(IdSet other) {
      return correlations.addAll(other.correlations) | jobs.addAll(other.jobs);
    }

    boolean isEmpty() {
      return correlations.isEmpty() && jobs.isEmpty();
    }
  }

  /** Count, time range and error flag of the events of one timeline. */
  private static final class Span {
    long count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    boolean error;

    void add(Line line) {
      count++;
      first = Math.min(first, line.timestamp());
      last = Math.max(last, line.timestamp());
      error |= line.tags().error();
    }
  }
}

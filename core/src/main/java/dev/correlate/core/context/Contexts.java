package dev.correlate.core.context;

import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Facts.EcsContainer;
import dev.correlate.core.model.Facts.EcsTaskFacts;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.Context;
import dev.correlate.core.model.TimelineSummary.EcsTask;
import dev.correlate.core.model.TimelineSummary.S3Result;
import dev.correlate.core.model.TimelineSummary.Submission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds a timeline's events into its {@link Context}: the account and region, the log groups, each
 * ECS task at its latest reported state, the result objects and the submission's parameters. Pure
 * and order-free: every part is a minimum, a maximum or a bounded sorted set over the events, so
 * the same events give the same context in any order, and a duplicate changes nothing.
 *
 * <ul>
 *   <li>ECS tasks come from task ARNs named in lines, one-off task streams (id only; not the
 *       streams of long-running services) and EventBridge "ECS Task State Change" events; a task's
 *       state is the change with the highest detail version, then the latest event time (AWS
 *       delivers changes out of order and sometimes twice).
 *   <li>Results are the objects of S3 "Object Created" events, and, for a job, the S3 paths its
 *       lines mention that contain the job id.
 *   <li>The submission is read from the structured fields of the earliest event naming a strategy
 *       or pairs: {@code strategy}, {@code pairs} (a list, or comma-separated), {@code pair},
 *       {@code timeframe}, {@code timerange}.
 * </ul>
 */
public final class Contexts {
  /** Reasons kept in a context are cut to this many characters, so a summary stays small. */
  static final int MAX_REASON = 500;

  static final int MAX_CONTAINERS = 4;

  private static final Comparator<EcsTask> LATEST_STATE =
      Comparator.comparing(
              (EcsTask t) ->
                  t.state() == null || t.state().version() == null
                      ? Long.MIN_VALUE
                      : t.state().version())
          .thenComparing(t -> t.stateAt() == null ? Long.MIN_VALUE : t.stateAt())
          .thenComparing(t -> t.state() == null ? "" : String.valueOf(t.state()));

  private static final Comparator<Submission> EARLIEST_SUBMISSION =
      Comparator.comparingLong(Submission::at).thenComparing(String::valueOf);

  private Contexts() {}

  /**
   * The context after {@code event}, which belongs to timeline {@code id}; {@code before} may be
   * null.
   */
  public static Context observe(Context before, TimelineId id, LogEvent event) {
    Context c = before == null ? Context.EMPTY : before;
    String account = smallest(c.account(), event.account());
    String region = smallest(c.region(), event.region());
    Map<String, EcsTask> tasks = new TreeMap<>();
    c.ecsTasks().forEach(t -> tasks.put(t.taskId(), t));
    for (String arn : event.ecsTaskArns()) {
      Arn parsed = Arn.of(arn);
      if (parsed != null) {
        account = smallest(account, parsed.account());
        region = smallest(region, parsed.region());
        merge(tasks, new EcsTask(arn, parsed.taskId(), parsed.cluster(), null, null));
      }
    }
    EcsTaskFacts state = event.facts().ecsTask();
    if (state != null && state.taskArn() != null) {
      Arn parsed = Arn.of(state.taskArn());
      if (parsed != null) {
        String cluster =
            state.clusterArn() == null
                ? parsed.cluster()
                : state.clusterArn().substring(state.clusterArn().lastIndexOf('/') + 1);
        merge(
            tasks,
            new EcsTask(
                state.taskArn(), parsed.taskId(), cluster, bounded(state), event.timestamp()));
      }
    } else if (event.ecsTaskId() != null && event.sourceKind() == SourceKind.ECS_TASK) {
      // a one-off task's stream; a long-running service's task serves every job and is not one of
      // them
      merge(tasks, new EcsTask(null, event.ecsTaskId(), null, null, null));
    }
    return new Context(
        account,
        region,
        logGroups(c.logGroups(), event.logGroup()),
        first(tasks, Context.MAX_TASKS),
        results(c.results(), id, event),
        submission(c.submission(), event));
  }

  /**
   * The context of the events of both {@code a} and {@code b} (either may be null): the same as
   * observing them all, in any order, because every part is a minimum, a maximum or a bounded
   * sorted set.
   */
  public static Context merge(Context a, Context b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    Map<String, EcsTask> tasks = new TreeMap<>();
    a.ecsTasks().forEach(t -> tasks.put(t.taskId(), t));
    b.ecsTasks().forEach(t -> merge(tasks, t));
    TreeSet<String> groups = new TreeSet<>(a.logGroups());
    groups.addAll(b.logGroups());
    Map<String, S3Result> byLocation = new TreeMap<>();
    a.results().forEach(r -> byLocation.put(r.location(), r));
    b.results().forEach(r -> byLocation.merge(r.location(), r, Contexts::earliest));
    Submission submission =
        a.submission() == null
            ? b.submission()
            : b.submission() == null
                ? a.submission()
                : EARLIEST_SUBMISSION.compare(b.submission(), a.submission()) < 0
                    ? b.submission()
                    : a.submission();
    return new Context(
        smallest(a.account(), b.account()),
        smallest(a.region(), b.region()),
        groups.stream().limit(Context.MAX_LOG_GROUPS).toList(),
        first(tasks, Context.MAX_TASKS),
        first(byLocation, Context.MAX_RESULTS),
        submission);
  }

  /** One result object seen twice: the size if either knows it, the earliest time. */
  private static S3Result earliest(S3Result before, S3Result seen) {
    return new S3Result(
        before.location(),
        before.size() != null ? before.size() : seen.size(),
        Math.min(before.writtenAt(), seen.writtenAt()));
  }

  private static void merge(Map<String, EcsTask> tasks, EcsTask seen) {
    EcsTask known = tasks.get(seen.taskId());
    if (known == null) {
      tasks.put(seen.taskId(), seen);
      return;
    }
    EcsTask latest = LATEST_STATE.compare(seen, known) > 0 ? seen : known;
    tasks.put(
        seen.taskId(),
        new EcsTask(
            smallest(known.taskArn(), seen.taskArn()),
            seen.taskId(),
            smallest(known.cluster(), seen.cluster()),
            latest.state(),
            latest.stateAt()));
  }

  private static EcsTaskFacts bounded(EcsTaskFacts s) {
    List<EcsContainer> containers = new ArrayList<>();
    for (EcsContainer c : s.containers()) {
      if (containers.size() < MAX_CONTAINERS) {
        containers.add(new EcsContainer(c.name(), c.exitCode(), cut(c.reason()), c.lastStatus()));
      }
    }
    return new EcsTaskFacts(
        s.taskArn(),
        s.clusterArn(),
        s.group(),
        s.lastStatus(),
        s.desiredStatus(),
        s.stopCode(),
        cut(s.stoppedReason()),
        containers,
        s.cpu(),
        s.memory(),
        s.startedBy(),
        s.createdAt(),
        s.startedAt(),
        s.stoppedAt(),
        s.version());
  }

  private static List<String> logGroups(List<String> known, String logGroup) {
    TreeSet<String> groups = new TreeSet<>(known);
    groups.add(logGroup);
    return groups.stream().limit(Context.MAX_LOG_GROUPS).toList();
  }

  private static List<S3Result> results(List<S3Result> known, TimelineId id, LogEvent event) {
    Facts facts = event.facts();
    Facts.S3ObjectFacts object = facts.s3Object();
    Map<String, S3Result> byLocation = new TreeMap<>();
    known.forEach(r -> byLocation.put(r.location(), r));
    for (String path : facts.s3Paths()) {
      boolean created = object != null && path.equals(object.location());
      boolean namesJob = id.kind() == TimelineId.Kind.JOB && path.contains(id.id());
      if (created || namesJob) {
        S3Result seen = new S3Result(path, created ? object.size() : null, event.timestamp());
        byLocation.merge(path, seen, Contexts::earliest);
      }
    }
    return first(byLocation, Context.MAX_RESULTS);
  }

  private static Submission submission(Submission known, LogEvent event) {
    Map<String, String> f = event.fields();
    String strategy = firstOf(f, "strategy", "strategy_name");
    List<String> pairs = pairs(f);
    if (strategy == null && pairs.isEmpty()) {
      return known;
    }
    Submission seen =
        new Submission(
            strategy,
            pairs,
            firstOf(f, "timeframe"),
            firstOf(f, "timerange", "time_range"),
            event.timestamp());
    return known == null || EARLIEST_SUBMISSION.compare(seen, known) < 0 ? seen : known;
  }

  private static List<String> pairs(Map<String, String> f) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 64 && f.containsKey("pairs." + i); i++) {
      pairs.add(f.get("pairs." + i));
    }
    if (pairs.isEmpty()) {
      String listed = firstOf(f, "pairs", "pair", "symbols", "symbol");
      if (listed != null) {
        for (String p : listed.split(",")) {
          if (!p.isBlank()) {
            pairs.add(p.strip());
          }
        }
      }
    }
    return pairs;
  }

  private static String firstOf(Map<String, String> f, String... keys) {
    for (String key : keys) {
      String v = f.get(key);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static <V> List<V> first(Map<String, V> sorted, int max) {
    return sorted.values().stream().limit(max).toList();
  }

  private static String smallest(String a, String b) {
    if (a == null || a.isBlank()) {
      return b == null || b.isBlank() ? null : b;
    }
    return b == null || b.isBlank() || a.compareTo(b) <= 0 ? a : b;
  }

  private static String cut(String s) {
    return s == null || s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 1) + "…";
  }

  /**
   * The parts of an ECS task ARN: {@code
   * arn:<partition>:ecs:<region>:<account>:task/[<cluster>/]<task id>}.
   */
  record Arn(String region, String account, String cluster, String taskId) {
    static Arn of(String arn) {
      String[] parts = Objects.requireNonNullElse(arn, "").split(":", 6);
      if (parts.length < 6 || !parts[2].equals("ecs") || !parts[5].startsWith("task/")) {
        return null;
      }
      String[] path = parts[5].split("/");
      String taskId = path[path.length - 1];
      if (taskId.isEmpty()) {
        return null;
      }
      return new Arn(parts[3], parts[4], path.length >= 3 ? path[1] : null, taskId);
    }
  }
}

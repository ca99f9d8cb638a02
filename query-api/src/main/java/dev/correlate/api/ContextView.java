package dev.correlate.api;

import dev.correlate.core.model.Facts.EcsContainer;
import dev.correlate.core.model.Facts.EcsTaskFacts;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Context;
import dev.correlate.core.model.TimelineSummary.EcsTask;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an engineer needs to act on a job (or request), in the API's dialect: the AWS account and
 * region, the log groups, each ECS task at its latest state with its console link, the Lambda
 * request ids, the correlation ids, where the results went, what the submission asked for, and a
 * Logs Insights link with a query for the whole timeline. Links are made only when the region is
 * known (from an ARN or an EventBridge event).
 */
record ContextView(
    String account,
    String region,
    List<String> logGroups,
    List<EcsTaskView> ecsTasks,
    List<String> lambdaRequestIds,
    List<String> correlationIds,
    List<ResultView> results,
    SubmissionView submission,
    String logsInsightsUrl) {

  /**
   * One ECS task; {@code exitCode} is the code that ended it (a container ECS gave a reason for
   * first).
   */
  record EcsTaskView(
      String taskArn,
      String taskId,
      String cluster,
      String group,
      String lastStatus,
      String desiredStatus,
      String stopCode,
      String stoppedReason,
      Integer exitCode,
      List<ContainerView> containers,
      String cpu,
      String memory,
      String startedBy,
      String createdAt,
      String startedAt,
      String stoppedAt,
      Long version,
      String consoleUrl) {}

  record ContainerView(String name, Integer exitCode, String reason, String lastStatus) {}

  record ResultView(String location, Long size, String writtenAt) {}

  record SubmissionView(String strategy, List<String> pairs, String timeframe, String timerange) {}

  /**
   * The context of {@code s}, or null when the summary has none (written before contexts existed).
   */
  static ContextView of(TimelineSummary s) {
    return of(
        s.context(),
        s.id(),
        s.correlationIds(),
        s.jobIds(),
        s.lambdaRequestIds(),
        s.firstEventAt(),
        s.lastEventAt());
  }

  /**
   * The context {@code c} of the timeline {@code id} with those ids and times, or null when {@code
   * c} is (what {@link #of(TimelineSummary)} reads of a summary, for a caller that has no record).
   */
  static ContextView of(
      Context c,
      String id,
      List<String> correlationIds,
      List<String> jobIds,
      List<String> lambdaRequestIds,
      long firstEventAt,
      long lastEventAt) {
    if (c == null) {
      return null;
    }
    List<EcsTaskView> tasks = c.ecsTasks().stream().map(t -> task(t, c.region())).toList();
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    ids.addAll(correlationIds);
    ids.addAll(jobIds);
    ids.addAll(lambdaRequestIds);
    c.ecsTasks().forEach(t -> ids.add(t.taskId()));
    String insights =
        ConsoleLinks.logsInsights(
                c.region(),
                c.logGroups(),
                ConsoleLinks.query(
                    List.copyOf(ids), c.ecsTasks().stream().map(EcsTask::taskId).toList()),
                ConsoleLinks.queryStart(firstEventAt),
                ConsoleLinks.queryEnd(lastEventAt))
            .orElse(null);
    TimelineSummary.Submission sub = c.submission();
    return new ContextView(
        c.account(),
        c.region(),
        c.logGroups(),
        tasks,
        lambdaRequestIds,
        correlationIds,
        c.results().stream()
            .map(r -> new ResultView(r.location(), r.size(), Times.iso(r.writtenAt())))
            .toList(),
        sub == null
            ? null
            : new SubmissionView(sub.strategy(), sub.pairs(), sub.timeframe(), sub.timerange()),
        insights);
  }

  /**
   * What AWS said ended the job's task: the reason of the container that ended it, else the task's
   * stopped reason, of the task that stopped last; null when no task reported stopping.
   */
  static String awsReason(TimelineSummary s) {
    Context c = s.context();
    if (c == null) {
      return null;
    }
    return c.ecsTasks().stream()
        .filter(t -> t.state() != null && t.state().stoppedReason() != null)
        .max(
            Comparator.comparing((EcsTask t) -> t.stateAt() == null ? Long.MIN_VALUE : t.stateAt()))
        .map(
            t ->
                t.state().containers().stream()
                    .map(EcsContainer::reason)
                    .filter(r -> r != null && !r.isBlank())
                    .findFirst()
                    .orElse(t.state().stoppedReason()))
        .orElse(null);
  }

  private static EcsTaskView task(EcsTask t, String region) {
    EcsTaskFacts st = t.state();
    String console = ConsoleLinks.ecsTask(region, t.cluster(), t.taskId()).orElse(null);
    if (st == null) {
      return new EcsTaskView(
          t.taskArn(),
          t.taskId(),
          t.cluster(),
          null,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          console);
    }
    return new EcsTaskView(
        t.taskArn(),
        t.taskId(),
        t.cluster(),
        st.group(),
        st.lastStatus(),
        st.desiredStatus(),
        st.stopCode(),
        st.stoppedReason(),
        st.exitCode(),
        st.containers().stream()
            .map(c -> new ContainerView(c.name(), c.exitCode(), c.reason(), c.lastStatus()))
            .toList(),
        st.cpu(),
        st.memory(),
        st.startedBy(),
        iso(st.createdAt()),
        iso(st.startedAt()),
        iso(st.stoppedAt()),
        st.version(),
        console);
  }

  private static String iso(Long epochMs) {
    return epochMs == null ? null : Times.iso(epochMs);
  }
}

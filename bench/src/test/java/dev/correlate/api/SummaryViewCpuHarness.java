package dev.correlate.api;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Context;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.EcsTask;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.ServiceSpan;
import dev.correlate.core.model.TimelineSummary.StageAt;
import dev.correlate.storage.Documents;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the query API's thread spends per timeline page on the summary's view, without OpenSearch or
 * Jetty: the stored summary document bound to a {@link TimelineSummary} and its {@link
 * Views.Summary} written (the record path) against {@link SummaryTranscoder} (the document
 * rewritten), both in one JVM, alternating round by round; reported: the thread's CPU µs per
 * summary in each round and the median of the rounds after the first two, for the bench's running
 * job ({@code bench api}'s summary) and a failed job with a diagnosis, evidence, a first error and
 * a context. Small rounds show the code as a service runs it at a few hundred pages a second: the
 * once-per-page code is then still interpreted or compiled by C1 for a long while, where a loop of
 * thousands compiles it fully. Not a test (it asserts nothing); run it by hand as {@link
 * TimelineBodyCpuHarness} says, with main class {@code dev.correlate.api.SummaryViewCpuHarness
 * [summaries per round] [rounds]}.
 */
public final class SummaryViewCpuHarness {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final long T0 = 1_764_237_600_000L;
  private static final int MAX_EVIDENCE = 10;

  private SummaryViewCpuHarness() {}

  public static void main(String[] args) {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    for (TimelineSummary summary : List.of(running(), failed())) {
      byte[] stored = Documents.timeline(summary);
      SummaryTranscoder transcoder = new SummaryTranscoder();
      double[] bound = new double[rounds];
      double[] transcoded = new double[rounds];
      long sink = 0;
      for (int round = 0; round < rounds; round++) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) {
          TimelineSummary s = Json.read(stored, TimelineSummary.class);
          sink += Json.write(Views.Summary.of(s, MAX_EVIDENCE)).length;
        }
        bound[round] = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000.0 / perRound;
        cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) {
          sink += transcoder.view(stored, 0, stored.length, MAX_EVIDENCE).length;
        }
        transcoded[round] = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000.0 / perRound;
      }
      System.out.printf(
          "%s (%d bytes stored, transcoded without binding: %s): bound + view %.2f µs, transcoded"
              + " %.2f µs per summary (medians of rounds 2..%d; %d bytes written)%n"
              + "  by round, bound: %s%n  by round, transcoded: %s%n",
          summary.status(),
          stored.length,
          !transcoder.bound(),
          median(bound),
          median(transcoded),
          rounds - 1,
          sink,
          format(bound),
          format(transcoded));
    }
  }

  private static String format(double[] rounds) {
    StringBuilder out = new StringBuilder();
    for (double r : rounds) {
      out.append(String.format("%.1f ", r));
    }
    return out.toString().trim();
  }

  private static double median(double[] rounds) {
    double[] warm = Arrays.copyOfRange(rounds, 2, rounds.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }

  /** The summary {@code bench api} writes for its 100-event job, as the indexer stores it. */
  private static TimelineSummary running() {
    return Json.read(
        ("{\"timeline_id\":\"job:bt-bench-100\",\"kind\":\"job\",\"id\":\"bt-bench-100\","
                + "\"revision\":1,\"first_event_at\":T0,\"last_event_at\":T1,\"duration_ms\":3663,"
                + "\"event_count\":100,\"error_count\":2,\"level_counts\":{\"INFO\":100},"
                + "\"services\":{\"backend\":{\"first_at\":T0,\"last_at\":T0,\"count\":100}},"
                + "\"correlation_ids\":[\"c-bt-bench-100\"],\"job_ids\":[\"bt-bench-100\"],"
                + "\"status\":\"running\",\"closed\":false,\"last_activity_at\":T0,"
                + "\"updated_at\":T0,\"diagnosis\":{\"stage\":\"running\"}}")
            .replace("T0", String.valueOf(T0))
            .replace("T1", String.valueOf(T0 + 3663))
            .getBytes(StandardCharsets.UTF_8),
        TimelineSummary.class);
  }

  /** A failed job as the console shows it: diagnosis, evidence, first error, an ECS task. */
  private static TimelineSummary failed() {
    List<EventRef> evidence = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      evidence.add(
          new EventRef(
              "ev-" + i,
              T0 + 1_000L * i,
              "strategy",
              "/ecs/tradai-strategy-prod",
              "strategy/main/4f1c2d9e8b7a6c5d4e3f2a1b0c9d8e7f",
              "ERROR",
              "MemoryError: cannot allocate " + i,
              "MemoryError",
              "ECS"));
    }
    String task = "4f1c2d9e8b7a6c5d4e3f2a1b0c9d8e7f";
    return new TimelineSummary(
        "job:bt-failed",
        "job",
        "bt-failed",
        9,
        T0,
        T0 + 60_000,
        60_000,
        420,
        8,
        Map.of("INFO", 400L, "WARN", 12L, "ERROR", 8L),
        Map.of(
            "backend", new ServiceSpan(T0, T0 + 1_000, 20),
            "sqs-consumer", new ServiceSpan(T0 + 500, T0 + 2_000, 40),
            "strategy", new ServiceSpan(T0 + 2_000, T0 + 60_000, 360)),
        List.of("c-1", "c-2"),
        List.of("bt-failed"),
        List.of("r-1"),
        List.of(task),
        evidence.get(0),
        "failed",
        true,
        T0 + 60_000,
        T0 + 60_100,
        List.of("late_event"),
        new Diagnosis(
            "running",
            List.of(new StageAt("submitted", T0), new StageAt("running", T0 + 2_000)),
            "oom",
            "out of memory",
            "raise the task's memory",
            "stops_immediately",
            evidence),
        new Context(
            "123456789012",
            "eu-central-1",
            List.of("/ecs/tradai-strategy-prod", "/ecs/tradai-backend-prod"),
            List.of(
                new EcsTask(
                    "arn:aws:ecs:eu-central-1:123456789012:task/tradai-prod/" + task,
                    task,
                    "tradai-prod",
                    null,
                    null)),
            List.of(),
            null),
        0);
  }
}

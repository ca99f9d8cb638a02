package dev.correlate.api;

import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.Simulation;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import dev.correlate.testkit.InMemoryTimelineQueries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the console's browser tests look at, in memory: the simulator's traffic (every scenario:
 * failed, stuck, running and completed jobs, requests) indexed as the pipeline would, ending now,
 * plus {@link #BIG_JOB}, a job of {@link #BIG_JOB_EVENTS} events across a backend, {@value
 * #BIG_JOB_INVOCATIONS} Lambda invocations and an ECS task.
 */
final class ConsoleFixtures {
  static final String BIG_JOB = "bt-big20000";
  static final int BIG_JOB_EVENTS = 20_000;
  static final int BIG_JOB_INVOCATIONS = 300;

  final InMemoryTimelineQueries store = new InMemoryTimelineQueries();
  final GroundTruth truth;
  final TimelineSummary bigJob;

  ConsoleFixtures(long now) {
    Simulation simulation =
        new TrafficSimulator(SimulationSettings.defaults(now).withSeed(11)).generate();
    SimulatedTimelines indexed = SimulatedTimelines.of(simulation, now);
    indexed.events().forEach(store::add);
    indexed.summaries().forEach(store::put);
    truth = simulation.truth();
    List<LogEvent> big = bigJobEvents(now - Duration.ofMinutes(50).toMillis());
    big.forEach(store::add);
    bigJob =
        SimulatedTimelines.summarize(
            TimelineId.job(BIG_JOB), big, new Diagnoser(Duration.ofMinutes(15)), now);
    store.put(bigJob);
  }

  /**
   * Submitted, then 300 consumer invocations of 5 lines, then a long Freqtrade run that ends in a
   * MemoryError.
   */
  private static List<LogEvent> bigJobEvents(long start) {
    List<LogEvent> events = new ArrayList<>();
    String correlation = "c0ffee00-0000-4000-8000-000000020000";
    events.add(
        event(
            events.size(),
            start,
            "backend",
            SourceKind.ECS_SERVICE,
            Level.INFO,
            "Backtest job submitted job_id=" + BIG_JOB,
            List.of(correlation),
            null,
            null));
    long t = start + 1_000;
    for (int i = 0; i < BIG_JOB_INVOCATIONS; i++) {
      String request = String.format("%08x-1111-4222-8333-%012d", i, i);
      for (String line :
          List.of(
              "START RequestId: " + request,
              "processing backtest message for " + BIG_JOB,
              i % 50 == 49 ? "WARN retrying RunTask" : "RunTask accepted",
              "END RequestId: " + request,
              "REPORT RequestId: " + request + "\tDuration: 120.0 ms")) {
        events.add(
            event(
                events.size(),
                t,
                "sqs-consumer",
                SourceKind.LAMBDA,
                line.startsWith("WARN") ? Level.WARN : Level.INFO,
                line,
                List.of(),
                request,
                null));
        t += 40;
      }
      t += 400;
    }
    String task = "4f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f";
    int remaining = BIG_JOB_EVENTS - events.size() - 2;
    long step = Duration.ofMinutes(40).toMillis() / remaining;
    for (int i = 0; i < remaining; i++) {
      events.add(
          event(
              events.size(),
              t,
              "strategy",
              SourceKind.ECS_TASK,
              i % 997 == 0 ? Level.WARN : Level.INFO,
              "freqtrade.optimize.backtesting - INFO - backtesting pair "
                  + (i % 40)
                  + "/40, candle "
                  + i,
              List.of(),
              null,
              task));
      t += step;
    }
    events.add(
        event(
            events.size(),
            t,
            "strategy",
            SourceKind.ECS_TASK,
            Level.ERROR,
            "MemoryError: Unable to allocate 2.00 GiB for an array",
            List.of(),
            null,
            task));
    events.add(
        event(
            events.size(),
            t + 2_000,
            "strategy",
            SourceKind.ECS_TASK,
            Level.INFO,
            "Essential container in task exited with exit code 137",
            List.of(),
            null,
            task));
    return events;
  }

  private static LogEvent event(
      int n,
      long ts,
      String service,
      SourceKind kind,
      Level level,
      String message,
      List<String> correlationIds,
      String lambdaRequestId,
      String ecsTaskId) {
    String group =
        (kind == SourceKind.LAMBDA ? "/aws/lambda/tradai-" : "/ecs/tradai-") + service + "-dev";
    return new LogEvent(
        String.format("big%08d", n),
        ts,
        null,
        ts + 5,
        group,
        service + "/main/0",
        "123456789012",
        "eu-central-1",
        service,
        "dev",
        kind,
        level,
        null,
        message,
        Map.of("seq", String.valueOf(n)),
        correlationIds,
        List.of(BIG_JOB),
        lambdaRequestId,
        ecsTaskId,
        null,
        null,
        null,
        null);
  }
}

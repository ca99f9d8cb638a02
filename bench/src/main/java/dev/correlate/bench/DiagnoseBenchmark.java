package dev.correlate.bench;

import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.diagnosis.DiagnosisState;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.parse.LogEventParser;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events folded into a timeline's diagnosis state per second on one thread, with TradAI's default
 * rules: the 32 parsed lines of {@link ParseBenchmark}'s mix (a backtest's life across services,
 * with errors), folded from an empty state into a job timeline as the streams aggregator does for
 * every event. One operation is one {@code Diagnoser.observe}. Figures and the command are in
 * docs/performance.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class DiagnoseBenchmark {
  private final Diagnoser diagnoser = new Diagnoser(Duration.ofMinutes(15));
  private final LogEvent[] events = parsed();

  private static LogEvent[] parsed() {
    LogEventParser parser = new LogEventParser();
    return ParseBenchmark.mix().stream().map(parser::parse).toArray(LogEvent[]::new);
  }

  /**
   * One job timeline's events, folded from an empty state (the costly part of a timeline's life).
   */
  @Benchmark
  @OperationsPerInvocation(ParseBenchmark.EVENTS)
  public void observe(Blackhole bh, ParseBenchmark.CpuTime cpu) {
    DiagnosisState state = DiagnosisState.empty();
    for (LogEvent event : events) {
      state = diagnoser.observe(state, TimelineId.Kind.JOB, event);
    }
    bh.consume(state);
    cpu.events += ParseBenchmark.EVENTS;
  }
}

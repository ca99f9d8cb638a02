package dev.correlate.bench;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.parse.MultilineErrors;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events parsed per second on one thread, over a realistic mix of TradAI's lines: Lambda
 * invocations in the text and JSON formats (platform lines, application lines, JSON nested in
 * {@code message}), the backend's Python JSON logging, the strategy service's structlog, data
 * collection's key=value lines, and a backtest task's Freqtrade output with a traceback. One
 * operation is one event. Figures and the command are in docs/performance.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ParseBenchmark {
  static final int EVENTS = 32;

  private static final String REQ = "69594c41-8463-4f69-b9b4-ff6c49813475";
  private static final String CORR = "c0ffee00-1234-4abc-8def-000000000001";
  private static final String LAMBDA_GROUP = "/aws/lambda/tradai-sqs-consumer-prod";
  private static final String LAMBDA_STREAM =
      "2026/11/27/[$LATEST]3f5c0a9e1b7d4c2a8e6f0b1d2c3a4e5f";
  private static final String TASK = "9f1c2b3d4e5f60718293a4b5c6d7e8f9";

  private final LogEventParser parser = new LogEventParser();
  private final RawLogEvent[] events = mix().toArray(new RawLogEvent[0]);

  /** The mix: 32 lines in the proportions of a backtest's life. */
  static List<RawLogEvent> mix() {
    List<RawLogEvent> mix = new ArrayList<>();
    String backend = "/ecs/tradai-backend-prod";
    String backendStream = "ecs/backend/" + TASK;
    add(
        mix,
        backend,
        backendStream,
        "{\"asctime\": \"2026-11-27 10:00:00,123\", \"levelname\": \"INFO\", \"name\": "
            + "\"tradai.backend.api\", \"message\": \"Backtest job submitted\", \"correlation_id\": \""
            + CORR
            + "\", \"job_id\": \"bt-abc123\"}\n");
    add(
        mix,
        backend,
        backendStream,
        "{\"asctime\": \"2026-11-27 10:00:00,130\", \"levelname\": \"INFO\", \"name\": "
            + "\"uvicorn.access\", \"message\": \"request done\", \"method\": \"POST\", \"path\": \"/api/v1/backtests\", "
            + "\"status_code\": 202, \"duration_ms\": 12.5, \"correlation_id\": \""
            + CORR
            + "\"}\n");
    add(
        mix,
        backend,
        backendStream,
        "{\"asctime\": \"2026-11-27 10:00:00,140\", \"levelname\": \"INFO\", \"name\": "
            + "\"tradai.backend.queue\", \"message\": \"Job enqueued to SQS\", \"correlation_id\": \""
            + CORR
            + "\", \"job_id\": \"bt-abc123\", \"queue\": \"tradai-backtests-prod\"}\n");
    add(
        mix,
        backend,
        backendStream,
        "INFO:     10.0.1.5:51234 - \"GET /api/v1/backtests/bt-abc123 HTTP/1.1\" 200 OK\n");
    add(
        mix,
        backend,
        backendStream,
        "{\"asctime\": \"2026-11-27 10:06:00,000\", \"levelname\": \"INFO\", \"name\": "
            + "\"tradai.backend.jobs\", \"message\": \"Job status updated\", \"job_id\": \"bt-abc123\", \"status\": "
            + "\"COMPLETED\", \"result_uri\": \"s3://tradai-results-prod/backtests/bt-abc123/result.json\"}\n");
    add(
        mix,
        backend,
        backendStream,
        "{\"asctime\": \"2026-11-27 10:00:04,000\", \"levelname\": \"ERROR\", \"name\": "
            + "\"tradai.backend.jobs\", \"message\": \"Failed to refresh\", \"exc_info\": \"Traceback (most recent call "
            + "last):\\n  File \\\"/app/jobs.py\\\", line 88, in refresh\\nConnectionError: timed out\"}\n");

    add(mix, LAMBDA_GROUP, LAMBDA_STREAM, "START RequestId: " + REQ + " Version: $LATEST\n");
    add(
        mix,
        LAMBDA_GROUP,
        LAMBDA_STREAM,
        "[INFO]\t2026-11-27T10:00:01.000Z\t"
            + REQ
            + "\tReceived 1 message "
            + "correlation_id="
            + CORR
            + " job_id=bt-abc123\n");
    add(
        mix,
        LAMBDA_GROUP,
        LAMBDA_STREAM,
        "{\"timestamp\":\"2026-11-27T10:00:01.200Z\",\"level\":\"INFO\","
            + "\"requestId\":\""
            + REQ
            + "\",\"message\":\"Started ECS task arn:aws:ecs:eu-central-1:123456789012:"
            + "task/tradai-prod/"
            + TASK
            + "\",\"correlationId\":\""
            + CORR
            + "\",\"jobId\":\"bt-abc123\"}\n");
    add(
        mix,
        LAMBDA_GROUP,
        LAMBDA_STREAM,
        "{\"timestamp\":\"2026-11-27T10:00:01.300Z\",\"level\":\"INFO\","
            + "\"requestId\":\""
            + REQ
            + "\",\"message\":\"{\\\"level\\\":\\\"INFO\\\",\\\"message\\\":\\\"dispatched\\\","
            + "\\\"jobId\\\":\\\"bt-abc123\\\"}\"}\n");
    add(mix, LAMBDA_GROUP, LAMBDA_STREAM, "END RequestId: " + REQ + "\n");
    add(
        mix,
        LAMBDA_GROUP,
        LAMBDA_STREAM,
        "REPORT RequestId: "
            + REQ
            + "\tDuration: 1655.10 ms\tBilled Duration: "
            + "1978 ms\tMemory Size: 256 MB\tMax Memory Used: 97 MB\tInit Duration: 322.04 ms\t\n");
    add(
        mix,
        LAMBDA_GROUP,
        LAMBDA_STREAM,
        "{\"time\":\"2026-11-27T10:00:01.000Z\",\"type\":\"platform.start\","
            + "\"record\":{\"requestId\":\""
            + REQ
            + "\",\"version\":\"$LATEST\"}}\n");
    add(
        mix,
        LAMBDA_GROUP,
        LAMBDA_STREAM,
        "{\"time\":\"2026-11-27T10:00:02.000Z\",\"type\":\"platform.report\","
            + "\"record\":{\"requestId\":\""
            + REQ
            + "\",\"metrics\":{\"durationMs\":1233.96,\"billedDurationMs\":1698,"
            + "\"memorySizeMB\":256,\"maxMemoryUsedMB\":123},\"status\":\"success\"}}\n");

    String service = "/ecs/tradai-strategy-service-prod";
    String serviceStream = "ecs/strategy-service/" + TASK;
    add(
        mix,
        service,
        serviceStream,
        "{\"timestamp\": \"2026-11-27T10:00:02.345678Z\", \"level\": \"info\", "
            + "\"event\": \"strategy loaded\", \"correlationId\": \""
            + CORR
            + "\", \"logger\": \"strategy_service\", "
            + "\"strategy\": \"MomentumV2\"}\n");
    add(
        mix,
        service,
        serviceStream,
        "{\"timestamp\": \"2026-11-27T10:00:02.400000Z\", \"level\": \"warning\", "
            + "\"event\": \"slow dependency\", \"dependency\": {\"name\": \"mlflow\", \"latency_ms\": 2300}}\n");

    String data = "/ecs/tradai-data-collection-prod";
    String dataStream = "ecs/data-collection/" + TASK;
    add(
        mix,
        data,
        dataStream,
        "2026-11-27 10:00:01,234 INFO [data_collection.api] correlation_id="
            + CORR
            + " symbol=BTC/USDT timeframe=1h\n");
    add(
        mix,
        data,
        dataStream,
        "2026-11-27 10:00:01,500 INFO [data_collection.api] GET /api/v1/ohlcv?symbol=BTC/USDT "
            + "200 35.2ms X-Correlation-ID: "
            + CORR
            + "\n");
    add(
        mix,
        data,
        dataStream,
        "2026-11-27 10:00:09,001 WARNING [data_collection.fetch] insufficient data "
            + "symbol=ETH/USDT timeframe=1h\n");

    String task = "/ecs/tradai-strategy-prod";
    String taskStream = "backtest/strategy/" + TASK;
    for (String line :
        new String[] {
          "2026-11-27 10:00:05,123 - freqtrade.worker - INFO - Starting worker 2026.11",
          "2026-11-27 10:00:06,001 - tradai.runner - INFO - Running backtest job_id=bt-abc123 correlation_id="
              + CORR,
          "2026-11-27 10:00:07,000 - freqtrade.data.history - INFO - Using 3 pairs, timerange 20260101-20261101",
          "2026-11-27 10:00:08,000 - freqtrade.optimize.backtesting - INFO - Loading data from 2026-01-01 to 2026-11-01",
          "2026-11-27 10:01:00,000 - freqtrade.optimize.backtesting - INFO - Running backtesting for Strategy MomentumV2",
          "2026-11-27 10:01:30,000 - freqtrade.strategy - WARNING - Indicator rsi returned NaN for 12 candles",
          "2026-11-27 10:04:59,000 - tradai.runner - ERROR - Backtest failed",
          "Traceback (most recent call last):",
          "  File \"/freqtrade/optimize/backtesting.py\", line 1234, in backtest",
          "    data = self.strategy.advise_all_indicators(data)",
          "MemoryError: Unable to allocate 2.3 GiB for an array",
          "2026-11-27 10:05:00,000 - tradai.runner - INFO - Results written to "
              + "s3://tradai-results-prod/backtests/bt-abc123/result.json",
          "2026-11-27 10:05:01,000 - tradai.runner - INFO - Backtest finished exit code 0"
        }) {
      add(mix, task, taskStream, line + "\n");
    }
    if (mix.size() != EVENTS) {
      throw new IllegalStateException("the mix has " + mix.size() + " events, not " + EVENTS);
    }
    return mix;
  }

  private static void add(List<RawLogEvent> mix, String group, String stream, String line) {
    mix.add(
        new RawLogEvent(
            "123456789012",
            group,
            stream,
            List.of("cwl-to-firehose"),
            null,
            Map.of(),
            Integer.toString(mix.size()),
            1_795_000_000_000L + mix.size(),
            line,
            1_795_000_000_500L,
            RawLogEvent.Intake.FIREHOSE,
            null,
            Map.of()));
  }

  /** Parsing alone. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void parse(Blackhole bh, CpuTime cpu) {
    for (RawLogEvent raw : events) {
      bh.consume(parser.parse(raw));
    }
    cpu.events += EVENTS;
  }

  /**
   * Parsing and multi-line error joining, as streams runs them (one stream's state carried along).
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void parseAndJoinErrors(Blackhole bh, CpuTime cpu) {
    MultilineErrors.State state = null;
    for (RawLogEvent raw : events) {
      LogEvent event = parser.parse(raw);
      MultilineErrors.Step step = MultilineErrors.next(state, event);
      state = step.state();
      bh.consume(step.event());
    }
    cpu.events += EVENTS;
  }

  /**
   * The benchmark thread's own CPU time, next to the events it parsed: {@code events / cpuMicros ×
   * 10⁶} is the rate per core, which stays meaningful when other processes share the machine (the
   * wall-clock score does not). JMH sums both counters over the measurement iterations.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long cpuStart;
    public long events;
    public long cpuMicros;

    @Setup(Level.Iteration)
    public void start() {
      events = 0;
      cpuMicros = 0;
      cpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      cpuMicros = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1000;
    }
  }
}

package dev.correlate.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated TradAI deployment: log group and stream names per conventions.md, the long-running
 * service tasks, and the pools of Lambda execution environments (one log stream each, invocations
 * one after another).
 */
final class Estate {
  /** A CloudWatch log stream. */
  record LogStream(String group, String name) {}

  /** The two Lambda log formats; a function's execution environment writes one of them. */
  enum LambdaFormat {
    TEXT,
    JSON
  }

  /** TradAI's Lambda functions. */
  enum Function {
    SQS_CONSUMER("sqs-consumer", 512, 30),
    HEALTH_CHECK("health-check", 128, 10);

    final String shortName;
    final int memoryMb;
    final int timeoutSeconds;

    Function(String shortName, int memoryMb, int timeoutSeconds) {
      this.shortName = shortName;
      this.memoryMb = memoryMb;
      this.timeoutSeconds = timeoutSeconds;
    }
  }

  /** One execution environment: its stream, its format, and when its current invocation ends. */
  static final class LambdaEnvironment {
    final Function function;
    final String functionName;
    final LambdaFormat format;
    final LogStream stream;
    private long busyUntil;
    private int invocations;

    private LambdaEnvironment(
        Function function, String functionName, LambdaFormat format, LogStream stream) {
      this.function = function;
      this.functionName = functionName;
      this.format = format;
      this.stream = stream;
    }

    /** Whether the next invocation is the environment's first (an init phase precedes it). */
    boolean cold() {
      return invocations == 0;
    }

    void release(long at) {
      invocations++;
      busyUntil = at;
    }
  }

  private static final DateTimeFormatter STREAM_DATE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  final SimulationSettings settings;
  final String cluster;
  final List<LogStream> backend;
  final List<LogStream> strategyService;
  final List<LogStream> dataCollection;
  private final SplittableRandom rnd;
  private final Map<Function, List<LambdaEnvironment>> lambdas = new EnumMap<>(Function.class);

  Estate(SimulationSettings settings, SplittableRandom rnd) {
    this.settings = settings;
    this.rnd = rnd;
    this.cluster = "tradai-" + settings.env();
    this.backend = serviceStreams("backend", 2);
    this.strategyService = serviceStreams("strategy-service", 2);
    this.dataCollection = serviceStreams("data-collection", 1);
  }

  String ecsGroup(String service) {
    return "/ecs/tradai-" + service + "-" + settings.env();
  }

  /** The stream of the one-off strategy task {@code taskId} (awslogs: prefix/container/task id). */
  LogStream strategyTask(String taskId) {
    return new LogStream(ecsGroup("strategy"), "ecs/strategy/" + taskId);
  }

  String taskArn(String taskId) {
    return "arn:aws:ecs:"
        + settings.region()
        + ":"
        + settings.account()
        + ":task/"
        + cluster
        + "/"
        + taskId;
  }

  String clusterArn() {
    return "arn:aws:ecs:" + settings.region() + ":" + settings.account() + ":cluster/" + cluster;
  }

  /** The bucket the backtest runner writes results to. */
  String resultsBucket() {
    return "tradai-backtests-" + settings.env();
  }

  /**
   * The stream of one EventBridge event in the rules' log group target: EventBridge names it by the
   * event id.
   */
  LogStream awsEvent(String eventId) {
    return new LogStream("/aws/events/tradai-" + settings.env(), eventId);
  }

  String functionName(Function function) {
    return "tradai-" + function.shortName + "-" + settings.env();
  }

  /**
   * An execution environment of {@code function} writing {@code format} that is idle at {@code at};
   * a new one (a cold start, with its own stream) when all are busy. The caller releases it when
   * the invocation ends.
   */
  LambdaEnvironment lambda(Function function, LambdaFormat format, long at) {
    List<LambdaEnvironment> pool = lambdas.computeIfAbsent(function, f -> new ArrayList<>());
    for (LambdaEnvironment env : pool) {
      if (env.format == format && env.busyUntil < at) {
        env.busyUntil = Long.MAX_VALUE;
        return env;
      }
    }
    String name = functionName(function);
    LogStream stream =
        new LogStream(
            "/aws/lambda/" + name,
            STREAM_DATE.format(Instant.ofEpochMilli(at)) + "/[$LATEST]" + Ids.hex32(rnd));
    LambdaEnvironment env = new LambdaEnvironment(function, name, format, stream);
    env.busyUntil = Long.MAX_VALUE;
    pool.add(env);
    return env;
  }

  /** The streams of a long-running service's {@code tasks} tasks. */
  private List<LogStream> serviceStreams(String service, int tasks) {
    List<LogStream> streams = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      streams.add(new LogStream(ecsGroup(service), "ecs/" + service + "/" + Ids.hex32(rnd)));
    }
    return List.copyOf(streams);
  }
}

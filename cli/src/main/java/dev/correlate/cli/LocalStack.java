package dev.correlate.cli;

import dev.correlate.api.QueryApiMain;
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.ingest.IngestMain;
import dev.correlate.localstack.LocalKafka;
import dev.correlate.localstack.LocalOpenSearch;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The whole local stack in this JVM and its children: Kafka and OpenSearch as child processes, then
 * streams, ingest and the query API in this JVM, each built by its own {@code *Main} from the same
 * environment. {@link #close()} stops everything in reverse order.
 */
final class LocalStack implements AutoCloseable {
  /**
   * A deployable as the launcher starts it: its {@code *Main} turns the environment into settings
   * and returns the running service.
   */
  record Deployable(String name, Function<Map<String, String>, Running> start) {}

  /** A started deployable: its health, and how to stop it. */
  interface Running extends AutoCloseable {
    CheckResult check();

    @Override
    void close();

    static Running of(Component component) {
      return of(component::check, component::close);
    }

    static Running of(Supplier<CheckResult> check, Runnable close) {
      return new Running() {
        @Override
        public CheckResult check() {
          return check.get();
        }

        @Override
        public void close() {
          close.run();
        }
      };
    }
  }

  /** The deployables, in start order: ingest creates the topics that streams reads. */
  static final List<Deployable> DEPLOYABLES =
      List.of(
          new Deployable("ingest", env -> Running.of(IngestMain.start(IngestMain.settings(env)))),
          new Deployable(
              "streams",
              env -> {
                StreamsService streams = StreamsMain.start(StreamsMain.settings(env));
                return Running.of(streams::check, streams::close);
              }),
          new Deployable(
              "query-api", env -> Running.of(QueryApiMain.start(QueryApiMain.settings(env)))));

  private static final Duration REPORT_EVERY = Duration.ofSeconds(20);

  private final LauncherSettings settings;
  private final StateDir state;
  private final PrintWriter out;
  private final Deque<AutoCloseable> started = new ConcurrentLinkedDeque<>();
  private final Map<String, Running> services = new java.util.LinkedHashMap<>();

  LocalStack(LauncherSettings settings, StateDir state, PrintWriter out) {
    this.settings = settings;
    this.state = state;
    this.out = out;
  }

  /**
   * Starts Kafka and OpenSearch (in parallel), then the deployables, recording every pid under the
   * state directory. On failure, whatever was started is stopped again before the exception is
   * thrown. {@link #close()} may run concurrently (a Ctrl-C during start-up) and stops what has
   * started so far.
   */
  void start(Map<String, String> env) {
    try {
      startAll(env);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startAll(Map<String, String> env) {
    LocalKafka kafka =
        LocalKafka.on(
            state.kafkaDir(),
            settings.kafkaHost(),
            settings.kafkaPort(),
            settings.kafkaControllerPort());
    LocalOpenSearch openSearch =
        LocalOpenSearch.on(
            settings.openSearchHome(),
            state.openSearchDir(),
            settings.openSearchHost(),
            settings.openSearchPort(),
            settings.openSearchTransportPort());
    started.push(kafka);
    started.push(openSearch);
    out.printf(
        "Starting Kafka on %s and OpenSearch on %s ...%n",
        settings.kafkaBootstrap(), settings.openSearchUrl());
    out.flush();
    CompletableFuture<Void> kafkaUp =
        CompletableFuture.runAsync(
            () -> {
              kafka.start();
              state.writePid(StateDir.Part.KAFKA, kafka.pid());
            });
    CompletableFuture<Void> openSearchUp =
        CompletableFuture.runAsync(
            () -> {
              openSearch.start();
              state.writePid(StateDir.Part.OPENSEARCH, openSearch.pid());
            });
    try {
      CompletableFuture.allOf(kafkaUp, openSearchUp).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    Map<String, String> serviceEnv = settings.serviceEnvironment(env);
    for (Deployable deployable : DEPLOYABLES) {
      out.printf("Starting %s ...%n", deployable.name());
      out.flush();
      Running service = deployable.start().apply(serviceEnv);
      started.push(service);
      services.put(deployable.name(), service);
    }
  }

  /**
   * Waits until every deployable reports itself healthy: Kafka Streams has its partitions (not
   * rebalancing) and the indexer has installed the index templates and the timelines index is
   * started, so the query API answers as soon as this returns.
   *
   * @throws IllegalStateException after {@code timeout}, naming the parts that are not healthy and
   *     why
   */
  void awaitHealthy(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long nextReport = start + REPORT_EVERY.toNanos();
    while (true) {
      List<String> unhealthy = new ArrayList<>();
      services.forEach(
          (name, service) -> {
            CheckResult result = service.check();
            if (result.status() != CheckResult.Status.HEALTHY) {
              unhealthy.add(name + ": " + result.detail());
            }
          });
      if (unhealthy.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      if (now > deadline) {
        throw new IllegalStateException(
            "not healthy after " + timeout.toSeconds() + " s: " + unhealthy);
      }
      if (now > nextReport) {
        out.println("Waiting for " + String.join(", ", unhealthy));
        out.flush();
        nextReport = now + REPORT_EVERY.toNanos();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the services", e);
      }
    }
  }

  /** Stops the deployables, then OpenSearch and Kafka; never throws. */
  @Override
  public void close() {
    AutoCloseable part;
    while ((part = started.pollFirst()) != null) {
      try {
        part.close();
      } catch (Exception e) {
        out.println("could not stop " + part + ": " + e);
      }
    }
    out.flush();
  }
}

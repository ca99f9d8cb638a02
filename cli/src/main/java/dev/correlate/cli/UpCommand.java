package dev.correlate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code correlate up}: the whole local stack. In the foreground it runs until Ctrl-C (or {@code
 * correlate down}); with {@code --background} it starts a detached {@code correlate up} and returns
 * once that one reports every part is up (none unhealthy).
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start Kafka, OpenSearch, ingest, streams and the query API on this machine.",
      "Foreground by default (Ctrl-C stops everything); state, pids and logs under .correlate/."
    })
final class UpCommand implements java.util.concurrent.Callable<Integer> {
  private static final Duration STOP_GRACE = Duration.ofSeconds(90);

  @ParentCommand CorrelateCli root;

  @Option(
      names = "--background",
      description = "Return once every part is up; stop with `correlate down`.")
  boolean background;

  @Override
  public Integer call() {
    LauncherSettings settings = root.launcherSettings();
    PrintWriter out = root.spec.commandLine().getOut();
    return background
        ? Background.start(settings, root.env(), out)
        : foreground(settings, root, out);
  }

  private static int foreground(LauncherSettings settings, CorrelateCli root, PrintWriter out) {
    StateDir state = new StateDir(settings.stateDir());
    if (state
        .running(StateDir.Part.LAUNCHER)
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .isPresent()) {
      out.println(
          "A local stack is already running from " + state.root() + "; `correlate down` stops it.");
      return 1;
    }
    int leftovers = state.stopAll(STOP_GRACE);
    if (leftovers > 0) {
      out.println("Stopped " + leftovers + " leftover process(es) of an earlier run.");
    }
    state.writePid(StateDir.Part.LAUNCHER, ProcessHandle.current().pid());
    CountDownLatch stopped = new CountDownLatch(1);
    LocalStack stack = new LocalStack(settings, state, out);
    // registered before anything starts, so that a Ctrl-C during start-up leaves no child process
    // behind
    Thread shutdown =
        new Thread(
            () -> {
              out.println("Stopping the local stack ...");
              stack.close();
              state.clear();
              out.println("Stopped.");
              out.flush();
              stopped.countDown();
            },
            "correlate-down");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      stack.start(root.env());
      stack.awaitHealthy(Duration.ofSeconds(settings.startTimeoutSeconds()));
    } catch (RuntimeException e) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdown);
      } catch (IllegalStateException shuttingDown) {
        return 1; // the hook is already stopping what had started
      }
      stack.close();
      state.clear();
      out.println("The local stack did not start: " + e.getMessage());
      return 1;
    }
    String summary = summary(settings);
    state.markReady(summary);
    out.println(summary);
    out.println("Ctrl-C stops everything.");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** What runs where, as printed once the stack is up. */
  static String summary(LauncherSettings settings) {
    return String.join(
        System.lineSeparator(),
        "Correlate is up.",
        "  console     " + settings.apiUrl() + "/",
        "  query API   " + settings.apiUrl() + "/api/v1/jobs",
        "  ingest      " + settings.ingestUrl() + "/ingest/firehose",
        "  streams     " + settings.streamsUrl() + "/health",
        "  Kafka       " + settings.kafkaBootstrap(),
        "  OpenSearch  " + settings.openSearchUrl(),
        "  state, logs " + settings.stateDir().toAbsolutePath().normalize());
  }

  /** {@code up --background}: a detached foreground {@code up}, awaited until it is ready. */
  static final class Background {
    private Background() {}

    static int start(LauncherSettings settings, Map<String, String> env, PrintWriter out) {
      StateDir state = new StateDir(settings.stateDir());
      if (state.running(StateDir.Part.LAUNCHER).isPresent()) {
        if (state.isReady()) {
          out.println("Already running.");
          return 0;
        }
        out.println(
            "A local stack is starting or stuck in "
                + state.root()
                + "; `correlate down` stops it.");
        return 1;
      }
      state.stopAll(STOP_GRACE);
      Process process = spawn(state, env);
      out.println(
          "Starting the local stack in the background (log " + state.launcherLog() + ") ...");
      out.flush();
      // the foreground launcher gives up after the start timeout and says why; leave it the time to
      // do so
      long deadline =
          System.nanoTime() + Duration.ofSeconds(settings.startTimeoutSeconds() + 60).toNanos();
      while (!state.isReady()) {
        if (!process.isAlive()) {
          out.println("The local stack did not start.");
          out.println(tail(state.launcherLog()));
          return 1;
        }
        if (System.nanoTime() > deadline) {
          out.println(
              "The local stack is not healthy after "
                  + settings.startTimeoutSeconds()
                  + " s (CORRELATE_START_TIMEOUT_SECONDS); stopping it.");
          out.println(tail(state.launcherLog()));
          state.stopAll(STOP_GRACE);
          process.destroyForcibly();
          return 1;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 1;
        }
      }
      out.println(summary(settings));
      out.println("`correlate down` stops everything.");
      return 0;
    }

    /**
     * The collector of the three services' JVM when none is chosen: the throughput collector. On
     * the idle machine it cost a fifth less of the JVM's CPU per event than G1 (no concurrent
     * marking, cheaper write barriers on the stream thread) for full collections of 0.25-0.4 s
     * every minute or so, small against the 3 s an event may take to be searchable
     * (docs/performance.md, "Session 7 at a glance"; docs/decisions.md, "The services JVM's
     * collector").
     */
    static final String DEFAULT_COLLECTOR = "-XX:+UseParallelGC";

    /**
     * What {@code ./correlate} gives the three services' JVM: 1 GiB (in 512 MiB the old generation
     * filled with the three services' live data; docs/performance.md, "The services JVM's heap"),
     * committed from the start (ParallelGC's adaptive policy otherwise keeps the old generation at
     * a third of it, and the full collections came four times as often: "Session 9 at a glance"),
     * the throughput collector, and a metaspace threshold above the services' classes, so that
     * loading them does not start full collections.
     */
    static final List<String> DEFAULT_HEAP =
        List.of("-Xms1g", "-Xmx1g", DEFAULT_COLLECTOR, "-XX:MetaspaceSize=96m");

    /**
     * The heap and GC options among a JVM's arguments ({@code -Xms}, {@code -Xmx}, {@code -Xss},
     * {@code -XX:}, and {@code -Xlog:}, so that a GC log asked of the launcher is written by the
     * stack's JVM too), with the launcher script's default heap and collector when they set no heap
     * and its collector when they choose none; agents and debug ports are not passed on (a second
     * JVM would fight for the port).
     */
    static List<String> memoryOptions(List<String> jvmArguments) {
      List<String> options = new ArrayList<>();
      for (String argument : jvmArguments) {
        if (argument.startsWith("-Xm")
            || argument.startsWith("-Xss")
            || argument.startsWith("-Xlog:")
            || argument.startsWith("-XX:")) {
          options.add(argument);
        }
      }
      if (options.stream().noneMatch(o -> o.startsWith("-Xmx") || o.contains("RAMPercentage"))) {
        options.addAll(DEFAULT_HEAP);
      }
      if (options.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
        options.add(DEFAULT_COLLECTOR);
      }
      return options;
    }

    /**
     * Runs {@code correlate up} in a new session (setsid), so that neither the end of this JVM nor
     * a Ctrl-C in this terminal reaches it, with the same JVM, class path and memory options (those
     * {@code CORRELATE_JAVA_OPTS} gave this JVM: a background stack is sized like a foreground
     * one), this process's environment overridden by {@code env}.
     */
    private static Process spawn(StateDir state, Map<String, String> env) {
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        command.add("/usr/bin/setsid");
      }
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(memoryOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
      command.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), CorrelateCli.class.getName(), "up"));
      try {
        Files.createDirectories(state.launcherLog().getParent());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(state.launcherLog().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the background launcher", e);
      }
    }

    private static String tail(Path log) {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join(
            System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      } catch (IOException e) {
        return "(no log at " + log + ")";
      }
    }
  }
}

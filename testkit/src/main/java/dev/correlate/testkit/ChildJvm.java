package dev.correlate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A main class of the test's own class path run in a JVM of its own (512 MB heap), so that a test
 * can kill it with SIGKILL ({@link Process#destroyForcibly()}) as an orchestrator kills a
 * container, and run several as separate processes.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args} and {@code env} added to this JVM's environment; its
   * output is appended to {@code target/<name>.log}.
   */
  public static Process start(
      String mainClass, List<String> args, Map<String, String> env, String name) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    try {
      Path log = Files.createDirectories(Path.of("target")).resolve(name + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass + " in a JVM of its own", e);
    }
  }
}

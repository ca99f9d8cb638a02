package dev.correlate.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file and whose whole process tree is stopped together.
 */
final class ChildProcess {
  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir}, appending stdout and stderr to {@code log}. */
  static ChildProcess start(List<String> command, Path workDir, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(env);
      return new ChildProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + " (log " + log + ")", e);
    }
  }

  /**
   * Runs {@code command} to completion and fails, quoting its log, unless it exits with status 0.
   */
  static void run(
      List<String> command, Path workDir, Map<String, String> env, Path log, Duration timeout) {
    ChildProcess child = start(command, workDir, env, log);
    try {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.stop(Duration.ofSeconds(5));
        throw new IllegalStateException(
            command + " did not finish within " + timeout + "\n" + child.logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.stop(Duration.ofSeconds(5));
      throw new IllegalStateException("interrupted while running " + command, e);
    }
    if (child.process.exitValue() != 0) {
      throw new IllegalStateException(
          command + " exited with " + child.process.exitValue() + "\n" + child.logTail());
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Asks the process and its descendants to terminate (SIGTERM) and waits up to {@code grace}, then
   * kills whatever is left. The descendants are collected first: once the parent is gone they are
   * re-parented.
   */
  void stop(Duration grace) {
    List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
    tree.add(0, process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // still running: killed below
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends {@code signal} ({@code STOP}, {@code CONT}) to the process and its descendants, with the
   * shell's {@code kill} (the JDK sends only the terminating signals; the shell's builtin needs no
   * package of its own).
   */
  void signal(String signal) {
    StringBuilder pids = new StringBuilder(Long.toString(process.pid()));
    process.descendants().forEach(child -> pids.append(' ').append(child.pid()));
    List<String> command = List.of("/bin/sh", "-c", "kill -" + signal + " " + pids);
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        throw new IllegalStateException(command.get(2) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run /bin/sh to signal " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + process.pid(), e);
    }
  }

  /** The last lines of the log, for error messages. */
  String logTail() {
    return tail(log, 40);
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "--- last lines of "
          + file
          + " ---\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log at " + file + ")";
    }
  }
}

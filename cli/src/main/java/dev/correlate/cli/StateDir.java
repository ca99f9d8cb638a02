package dev.correlate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local stack's state directory ({@code .correlate/}): one pid file per process of the stack,
 * the {@code ready} marker the foreground {@code up} writes once everything is healthy, the
 * launcher's log and the data directories of Kafka and OpenSearch.
 *
 * <p>A pid is trusted only while the process behind it still runs the command it was written for,
 * so a recycled pid is never signalled.
 */
final class StateDir {
  /** The processes of a local stack, with a fragment of their command line that identifies them. */
  enum Part {
    LAUNCHER("correlate.pid", "correlate"),
    KAFKA("kafka.pid", "kafka.Kafka"),
    OPENSEARCH("opensearch.pid", "org.opensearch.bootstrap.OpenSearch");

    final String file;
    final String marker;

    Part(String file, String marker) {
      this.file = file;
      this.marker = marker;
    }
  }

  private final Path root;

  StateDir(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path kafkaDir() {
    return root.resolve("kafka");
  }

  Path openSearchDir() {
    return root.resolve("opensearch");
  }

  Path launcherLog() {
    return root.resolve("logs").resolve("correlate.log");
  }

  Path readyFile() {
    return root.resolve("ready");
  }

  void writePid(Part part, long pid) {
    write(root.resolve(part.file), Long.toString(pid));
  }

  void markReady(String summary) {
    write(readyFile(), summary);
  }

  boolean isReady() {
    return Files.exists(readyFile());
  }

  /**
   * The live process recorded for {@code part}, if its pid file names one that still runs that
   * part.
   */
  Optional<ProcessHandle> running(Part part) {
    Path file = root.resolve(part.file);
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).contains(part.marker));
  }

  /** Forgets the pid files and the ready marker. */
  void clear() {
    for (Part part : Part.values()) {
      delete(root.resolve(part.file));
    }
    delete(readyFile());
  }

  /**
   * Stops every recorded process that still runs: the launcher first (its shutdown hook stops the
   * services, Kafka and OpenSearch in order), then whatever is left, killed after {@code grace}.
   *
   * @return how many processes had to be stopped
   */
  int stopAll(Duration grace) {
    int stopped = 0;
    for (Part part : Part.values()) {
      Optional<ProcessHandle> process = running(part);
      if (process.isPresent()) {
        stopped++;
        terminate(process.get(), grace);
      }
    }
    clear();
    return stopped;
  }

  private static void terminate(ProcessHandle process, Duration grace) {
    var descendants = process.descendants().toList();
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * The full command line, from /proc: the JDK's {@code ProcessHandle.Info} truncates long ones (a
   * child JVM's class path), which would hide the main class at the end.
   */
  private static String commandLine(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return process.info().commandLine().orElse("");
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}

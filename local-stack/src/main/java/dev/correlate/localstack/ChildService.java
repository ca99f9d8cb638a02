package dev.correlate.localstack;

import java.time.Duration;

/**
 * A server run as a child process (the Kafka broker, the OpenSearch node): launched, probed until
 * ready, and stopped with its whole process tree. Its data directory outlives a stop, so a later
 * start continues it.
 */
abstract class ChildService implements AutoCloseable {
  private final String name;
  private final Duration startTimeout;
  private final Duration stopGrace;
  private ChildProcess process;

  ChildService(String name, Duration startTimeout, Duration stopGrace) {
    this.name = name;
    this.startTimeout = startTimeout;
    this.stopGrace = stopGrace;
  }

  /**
   * Takes {@code started} as this service's process and returns once {@link #ready()} holds.
   *
   * @throws IllegalStateException when the process exits or is not ready in time, with the end of
   *     its log; the process is stopped first
   */
  final synchronized void launch(ChildProcess started) {
    process = started;
    long deadline = System.nanoTime() + startTimeout.toNanos();
    try {
      while (!ready()) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited during start-up\n" + process.logTail());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name + " not ready within " + startTimeout + "\n" + process.logTail());
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** One readiness probe: false while the service cannot serve yet. Never throws for "not yet". */
  abstract boolean ready();

  /**
   * Stops the service and everything it started (a graceful signal, then a kill after a grace
   * period).
   */
  public synchronized void stop() {
    if (process != null) {
      process.stop(stopGrace);
      process = null;
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Freezes the service and its children (SIGSTOP): they keep their ports and connections and
   * answer nothing, as a host that hangs does. {@link #thaw()} lets them go on where they were.
   */
  public synchronized void freeze() {
    running().signal("STOP");
  }

  /** Lets a frozen service go on (SIGCONT). */
  public synchronized void thaw() {
    running().signal("CONT");
  }

  private ChildProcess running() {
    if (!isRunning()) {
      throw new IllegalStateException(name + " is not running");
    }
    return process;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process id of the service, or -1 when it is not running. */
  public synchronized long pid() {
    return isRunning() ? process.pid() : -1;
  }
}

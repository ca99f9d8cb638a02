package dev.correlate.core.health;

/**
 * What a service does when one of its long-running parts meets an error it cannot recover from by
 * retrying (a defect, a refused credential, Kafka Streams shut down for good): the part has logged
 * why; the service then ends, so that whatever runs it (compose's restart policy, ECS, the
 * launcher's user) starts it again, rather than going on half dead with a health endpoint that
 * still answers. Outages are not fatal: parts wait for their dependencies, retrying with backoff,
 * and report themselves unhealthy meanwhile.
 */
@FunctionalInterface
public interface Fatal {
  /** The status a process ends with when one of its parts cannot recover. */
  int EXIT_STATUS = 70;

  /**
   * {@code part} cannot recover from {@code cause}, which it has logged. Returns at once: the
   * caller may be a thread that stopping the service waits for.
   */
  void failed(String part, Throwable cause);

  /**
   * Ends the process with {@link #EXIT_STATUS}, from a thread of its own so that the failed part's
   * thread can finish while the shutdown hooks close the service.
   */
  static Fatal exitProcess() {
    return (part, cause) ->
        new Thread(() -> System.exit(EXIT_STATUS), "correlate-fatal-" + part).start();
  }
}

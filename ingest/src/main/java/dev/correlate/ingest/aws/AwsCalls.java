package dev.correlate.ingest.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every CloudWatch Logs call of backfill and subscription setup goes through here: a token bucket
 * keeps the request rate under the account's quota (FilterLogEvents was 5 TPS per account and
 * Region), and throttling, 5xx and network errors are retried with exponential backoff and jitter.
 * The SDK's own retries are off on the clients built by {@link CloudWatchLogsClients}, so the
 * policy is in this one place.
 */
public final class AwsCalls {
  /** Sleeps; a seam so tests do not wait. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final long intervalNanos;
  private final int maxAttempts;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private long nextPermit = System.nanoTime();
  private int throttled;

  /**
   * @param requestsPerSecond steady request rate allowed
   * @param maxAttempts attempts per call before giving up (at least 1)
   * @param baseBackoff first backoff after a throttled or failed attempt; doubled each time, up to
   *     {@code maxBackoff}
   */
  public AwsCalls(
      double requestsPerSecond,
      int maxAttempts,
      Duration baseBackoff,
      Duration maxBackoff,
      Sleeper sleeper) {
    if (requestsPerSecond <= 0 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be positive and maxAttempts at least 1");
    }
    this.intervalNanos = (long) (1_000_000_000L / requestsPerSecond);
    this.maxAttempts = maxAttempts;
    this.baseBackoff = baseBackoff;
    this.maxBackoff = maxBackoff;
    this.sleeper = sleeper;
  }

  /** {@code requestsPerSecond}, 8 attempts, backoff from 500 ms up to 30 s, real sleeping. */
  public static AwsCalls limitedTo(double requestsPerSecond) {
    return new AwsCalls(
        requestsPerSecond,
        8,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        d -> Thread.sleep(d.toMillis()));
  }

  /** How many attempts were throttled so far. */
  public synchronized int throttled() {
    return throttled;
  }

  /** Runs {@code call} under the rate limit, retrying what is retryable. */
  public <T> T call(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      acquire();
      try {
        return call.get();
      } catch (SdkException e) {
        if (!retryable(e) || attempt >= maxAttempts) {
          throw e;
        }
        if (e instanceof AwsServiceException s && s.isThrottlingException()) {
          synchronized (this) {
            throttled++;
          }
        }
        long cap =
            Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(attempt - 1, 20));
        // Full jitter between half and all of the cap, so that parallel clients spread out.
        sleep(Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1)), what);
      }
    }
  }

  static boolean retryable(SdkException e) {
    if (e instanceof AwsServiceException s) {
      return s.isThrottlingException() || s.statusCode() >= 500;
    }
    return e instanceof SdkClientException;
  }

  private void acquire() {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long at = Math.max(now, nextPermit);
      nextPermit = at + intervalNanos;
      wait = at - now;
    }
    if (wait > 0) {
      sleep(Duration.ofNanos(wait), "rate limit");
    }
  }

  private void sleep(Duration duration, String what) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting (" + what + ")", e);
    }
  }
}

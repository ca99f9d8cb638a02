package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.streams.DeadLetterHandlers.DeadLetterUnavailableException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final StreamThreadFailures failures = new StreamThreadFailures(now::get);

  @Test
  void outage_replacesTheThread() {
    assertThat(
            failures.handle(
                new StreamsException("commit failed", new TimeoutException("broker frozen"))))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(
            failures.handle(
                new StreamsException(
                    "handler failed",
                    new DeadLetterUnavailableException(
                        "t.deadletter", "t.raw-0@7", new TimeoutException("no metadata")))))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void errorThatNoRetryHeals_shutsTheClientDown() {
    assertThat(failures.handle(new StreamsException("a defect", new NullPointerException("state"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void outagesBeyondTheLimitWithinTheWindow_shutTheClientDown_andTheWindowForgetsOldOnes() {
    StreamsException outage = new StreamsException(new TimeoutException("broker frozen"));
    for (int i = 0; i < StreamThreadFailures.MAX_REPLACEMENTS; i++) {
      assertThat(failures.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(failures.handle(outage)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

    now.addAndGet(StreamThreadFailures.WINDOW.toMillis());
    assertThat(failures.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void causeThatRefersToItself_isNotFollowedForever() {
    RuntimeException looping =
        new RuntimeException("a") {
          @Override
          public synchronized Throwable getCause() {
            return this;
          }
        };
    assertThat(StreamThreadFailures.outage(looping)).isFalse();
  }
}

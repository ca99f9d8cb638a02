package dev.correlate.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class AwsCallsTest {
  private final List<Duration> sleeps = new ArrayList<>();

  @Test
  void call_spacesRequestsToTheRate() {
    AwsCalls calls = new AwsCalls(5, 1, Duration.ofMillis(100), Duration.ofSeconds(1), sleeps::add);
    for (int i = 0; i < 4; i++) {
      calls.call("x", () -> 1);
    }
    // The sleeper does not advance time, so the waits accumulate: ~0, 200, 400, 600 ms.
    assertThat(sleeps).hasSizeGreaterThanOrEqualTo(3);
    assertThat(sleeps.get(sleeps.size() - 1)).isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void call_nonRetryableError_failsAtOnce() {
    AwsCalls calls =
        new AwsCalls(1_000, 5, Duration.ofMillis(100), Duration.ofSeconds(1), sleeps::add);
    AtomicInteger attempts = new AtomicInteger();
    AwsServiceException denied =
        AwsServiceException.builder()
            .statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build())
            .build();
    assertThatThrownBy(
            () ->
                calls.call(
                    "x",
                    () -> {
                      attempts.incrementAndGet();
                      throw denied;
                    }))
        .isSameAs(denied);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void call_serverErrors_areRetriedThenSucceed() {
    AwsCalls calls =
        new AwsCalls(1_000, 5, Duration.ofMillis(100), Duration.ofSeconds(1), sleeps::add);
    AtomicInteger attempts = new AtomicInteger();
    int result =
        calls.call(
            "x",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw AwsServiceException.builder().statusCode(503).build();
              }
              return 42;
            });
    assertThat(result).isEqualTo(42);
    assertThat(attempts).hasValue(3);
    assertThat(calls.throttled()).isZero();
  }
}

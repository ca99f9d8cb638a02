package dev.correlate.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodiesTest {
  private static ByteArrayInputStream stream(int bytes) {
    return new ByteArrayInputStream(new byte[bytes]);
  }

  /** A client may claim a huge Content-Length and send little: only what arrives is held. */
  @Test
  void read_claimedLengthIsNotAllocatedBeforeTheBytesArrive() throws Exception {
    Bodies bodies = new Bodies(64 << 20, 64 << 20);

    try (Bodies.Body body = bodies.read(stream(10), 60 << 20, false)) {
      assertThat(body.length()).isEqualTo(10);
      assertThat(bodies.inflight()).isLessThanOrEqualTo(64 * 1024);
    }
    assertThat(bodies.inflight()).isZero();
  }

  @Test
  void read_honestLength_endsExactlyFull() throws Exception {
    Bodies bodies = new Bodies(1 << 20, 1 << 20);

    try (Bodies.Body body = bodies.read(stream(200_000), 200_000, false)) {
      assertThat(body.array()).hasSize(200_000);
      assertThat(body.toArray()).isSameAs(body.array());
      assertThat(bodies.inflight()).isEqualTo(200_000);
    }
  }

  @Test
  void read_withoutLength_growsToWhatArrives() throws Exception {
    Bodies bodies = new Bodies(1 << 20, 1 << 20);

    try (Bodies.Body body = bodies.read(stream(300_000), -1, false)) {
      assertThat(body.toArray()).hasSize(300_000);
    }
  }

  @Test
  void read_overTheLimit_isTooLargeAndHoldsNothing() {
    Bodies bodies = new Bodies(1000, 1 << 20);

    assertThatThrownBy(() -> bodies.read(stream(1001), -1, false))
        .isInstanceOf(Bodies.TooLarge.class);
    assertThatThrownBy(() -> bodies.read(stream(10), 1001, false))
        .isInstanceOf(Bodies.TooLarge.class);
    assertThat(bodies.inflight()).isZero();
  }

  @Test
  void read_beyondTheSharedBudget_isBusyUntilABodyIsClosed() throws Exception {
    Bodies bodies = new Bodies(100_000, 150_000);
    Bodies.Body first = bodies.read(stream(100_000), 100_000, false);

    assertThatThrownBy(() -> bodies.read(stream(100_000), 100_000, false))
        .isInstanceOf(Bodies.Busy.class)
        .hasMessage("ingest already holds 100000 bytes of request bodies (limit 150000); retry");
    assertThat(bodies.inflight()).isEqualTo(100_000);
    first.close();
    try (Bodies.Body second = bodies.read(stream(100_000), 100_000, false)) {
      assertThat(second.length()).isEqualTo(100_000);
    }
  }

  @Test
  void read_refusedAsBusy_hasReadTheRestOfTheBodySoTheAnswerArrivesOnACleanConnection()
      throws Exception {
    Bodies bodies = new Bodies(100_000, 150_000);
    Bodies.Body first = bodies.read(stream(100_000), 100_000, false);
    InputStream refused = stream(100_000);

    assertThatThrownBy(() -> bodies.read(refused, 100_000, false)).isInstanceOf(Bodies.Busy.class);
    assertThat(refused.read()).isEqualTo(-1);
    assertThat(bodies.inflight()).isEqualTo(100_000);
    first.close();
  }

  @Test
  void read_brokenGzip_isUnreadable() {
    Bodies bodies = new Bodies(1000, 1000);

    assertThatThrownBy(
            () ->
                bodies.read(
                    new ByteArrayInputStream("not gzip".getBytes(StandardCharsets.UTF_8)), 8, true))
        .isInstanceOf(Bodies.Unreadable.class)
        .hasMessageStartingWith("body cannot be read as gzip");
    assertThat(bodies.inflight()).isZero();
  }
}

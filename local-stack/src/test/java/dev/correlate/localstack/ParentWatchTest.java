package dev.correlate.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {
  /** Stands in for a broker: runs until it is stopped. */
  public static final class Forever {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void theChild_exitsOnItsOwn_whenItsParentIsKilled() throws Exception {
    Process parent = new ProcessBuilder("sleep", "300").start();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ParentWatch.class.getName(),
                Long.toString(parent.pid()),
                Forever.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      assertThat(child.waitFor(2, TimeUnit.SECONDS)).as("runs while its parent lives").isFalse();

      parent.destroyForcibly();

      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("exits once its parent is gone").isTrue();
    } finally {
      parent.destroyForcibly();
      child.destroyForcibly();
    }
  }
}

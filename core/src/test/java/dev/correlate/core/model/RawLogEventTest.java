package dev.correlate.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawLogEventTest {
  private static final String TASK = "0123456789abcdef0123456789abcdef";

  @Test
  void rawKey_ecsAwslogsStream_isItsTask_sharedByTheTasksContainers() {
    assertThat(RawLogEvent.rawKey("/ecs/tradai-strategy-dev", "ecs/strategy/" + TASK))
        .isEqualTo("task:" + TASK)
        .isEqualTo(RawLogEvent.rawKey("/ecs/tradai-strategy-dev", "ecs/log-router/" + TASK));
  }

  @Test
  void rawKey_streamNotInTheAwslogsFormat_isLogGroupAndStream() {
    assertThat(RawLogEvent.rawKey("/aws/lambda/f", "2026/11/27/[$LATEST]0123456789abcdef"))
        .isEqualTo("/aws/lambda/f|2026/11/27/[$LATEST]0123456789abcdef");
    // no prefix, no container, an id of the wrong length or with upper-case hex
    for (String stream :
        new String[] {
          "strategy/" + TASK,
          "ecs//" + TASK,
          "/strategy/" + TASK,
          "ecs/strategy/" + TASK.substring(1),
          "ecs/strategy/" + TASK.toUpperCase(),
          "ecs/strategy/" + TASK + "0"
        }) {
      assertThat(RawLogEvent.rawKey("/ecs/g", stream)).as(stream).isEqualTo("/ecs/g|" + stream);
    }
  }
}

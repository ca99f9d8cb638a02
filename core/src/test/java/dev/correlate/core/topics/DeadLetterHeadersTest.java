package dev.correlate.core.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {
  @Test
  void of_writesStageReasonDetailRequestAndTime_inThatOrder() {
    List<DeadLetterHeaders.Header> headers =
        DeadLetterHeaders.of("ingest", "bad_gzip", "truncated", "req-1", 42);

    assertThat(headers)
        .extracting(DeadLetterHeaders.Header::name)
        .containsExactly(
            "correlate.stage",
            "correlate.reason",
            "correlate.detail",
            "correlate.request-id",
            "correlate.at");
    assertThat(headers)
        .extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
        .containsExactly("ingest", "bad_gzip", "truncated", "req-1", "42");
  }

  @Test
  void of_withoutRequestId_leavesItsHeaderOut_andCutsALongDetail() {
    List<DeadLetterHeaders.Header> headers =
        DeadLetterHeaders.of("streams", "processing_failed", "x".repeat(10_000), null, 1);

    assertThat(headers)
        .extracting(DeadLetterHeaders.Header::name)
        .doesNotContain(DeadLetterHeaders.REQUEST_ID);
    assertThat(headers.get(2).value()).hasSize(DeadLetterHeaders.MAX_DETAIL_CHARS);
  }
}

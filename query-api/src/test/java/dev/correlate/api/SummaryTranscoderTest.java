package dev.correlate.api;

import static dev.correlate.api.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.storage.Documents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTranscoderTest {
  private static final int MAX_EVIDENCE = 2;

  private final SummaryTranscoder transcoder = new SummaryTranscoder();

  @Test
  void aFailedJobWithoutContext_isTranscodedToTheRecordsView() {
    ObjectNode stored = stored(Fixtures.failedJob("bt-1", T0, T0 + 2_000, 5));
    stored.remove("context");
    String document = Json.writeString(stored);

    assertThat(view(document)).isEqualTo(recordView(document));
    assertThat(transcoder.bound()).isFalse();
  }

  @Test
  void aFailedJobWithContext_isTranscodedToTheRecordsView_consoleLinksIncluded() {
    TimelineSummary failed = Fixtures.failedJob("bt-1", T0, T0 + 2_000, 5);
    assertThat(Json.writeString(Views.Summary.of(failed, MAX_EVIDENCE)))
        .contains("console_url")
        .contains("logs_insights_url");

    assertSameView(failed);
    assertThat(transcoder.bound()).isFalse();
  }

  @Test
  void runningJobsAndCorrelations_areTranscodedToTheRecordsView() {
    assertSameView(Fixtures.job("bt-2", "running", "queued", T0, T0 + 5_000, "backend", "api"));
    assertThat(transcoder.bound()).isFalse();
    assertSameView(Fixtures.correlation("c-1", "ok", T0, T0 + 250, "backend", "sqs-consumer"));
    assertThat(transcoder.bound()).isFalse();
  }

  @Test
  void manyServicesAndLevels_areSortedByName() {
    ObjectNode stored =
        stored(Fixtures.job("bt-3", "running", "queued", T0, T0 + 5_000, "backend"));
    ObjectNode services = stored.putObject("services");
    ObjectNode levels = stored.putObject("level_counts");
    for (int i = 0; i < 20; i++) {
      services
          .putObject("service-" + (char) ('z' - i))
          .put("first_at", T0 + i)
          .put("last_at", T0 + 2 * i)
          .put("count", i);
      levels.put("L" + (19 - i), i);
    }
    stored.putArray("correlation_ids").add("c-1").add("c-\"2\"");
    stored.putArray("warnings").add("late_event").add("clock_skew");
    stored.put("closed", true);
    String document = Json.writeString(stored);

    assertThat(view(document)).isEqualTo(recordView(document));
    assertThat(transcoder.bound()).isFalse();
  }

  @Test
  void aDiagnosisWithoutEvidence_isTranscoded_itsStagesInIso() {
    for (String diagnosis :
        List.of(
            "{\"stage\":\"running\"}",
            "{\"stage\":\"running\",\"stages\":[{\"stage\":\"submitted\",\"at\":1764237600000},"
                + "{\"at\":1764237601000,\"x\":1},{\"stage\":null,\"at\":null}],\"category\":\"oom\","
                + "\"cause\":\"c\",\"resolution\":\"r\",\"symptom\":\"s\",\"evidence\":[]}",
            "{\"stages\":null,\"evidence\":null,\"stage\":null,\"unknown\":{}}")) {
      String stored = "{\"timeline_id\":\"job:x\",\"diagnosis\":" + diagnosis + "}";

      assertThat(view(stored)).as(stored).isEqualTo(recordView(stored));
      assertThat(transcoder.bound()).as(stored).isFalse();
    }
  }

  @Test
  void aSummaryWithOnlyItsId_isWrittenAsTheRecordsView() {
    String stored = "{\"timeline_id\":\"job:bare\"}";

    assertThat(view(stored)).isEqualTo(recordView(stored));
    assertThat(transcoder.bound()).isFalse();
    assertThat(transcoder.firstEventAt()).isZero();
  }

  @Test
  void propertiesInAnyOrder_unknownOnesAndNulls_readAsTheRecordReads() throws IOException {
    ObjectNode stored = stored(Fixtures.failedJob("bt-1", T0, T0 + 9, 3));
    List<String> names = new ArrayList<>();
    stored.fieldNames().forEachRemaining(names::add);
    Collections.reverse(names);
    ObjectNode reordered = Json.mapper().createObjectNode();
    names.forEach(n -> reordered.set(n, stored.get(n)));
    reordered.put("unknown", "x");
    reordered.putNull("status");
    reordered.putNull("warnings");
    reordered.putNull("closed");
    reordered.putNull("level_counts");
    String document = Json.writeString(reordered);

    assertThat(view(document)).isEqualTo(recordView(document));
    assertThat(transcoder.bound()).isFalse();
    assertThat(transcoder.firstEventAt()).isEqualTo(T0);
  }

  @Test
  void valuesInAnotherShape_areReadAsTheRecordReadsThem() {
    // a number where a text belongs, a key escaped, a key stored twice, a time as a text
    for (String stored :
        List.of(
            "{\"timeline_id\":\"job:x\",\"status\":5}",
            "{\"timeline_id\":\"job:x\",\"services\":{\"b\\u0061ckend\":{\"count\":1}}}",
            "{\"timeline_id\":\"job:x\",\"level_counts\":{\"INFO\":1,\"INFO\":2}}",
            "{\"timeline_id\":\"job:x\",\"first_event_at\":\"1764237600000\"}",
            "{\"timeline_id\":\"job:x\",\"revision\":7.0,\"closed\":true}",
            "{\"timeline_id\":\"job:x\",\"st\\u0061tus\":\"failed\"}",
            "{\"timeline_id\":\"job:x\",\"diagnosis\":{\"c\\u0061use\":\"oom\"}}",
            "{\"timeline_id\":\"job:x\",\"diagnosis\":{\"stages\":[{\"st\\u0061ge\":\"a\"}]}}",
            "{\"timeline_id\":\"job:x\",\"diagnosis\":{\"stage\":5}}")) {
      assertThat(view(stored)).as(stored).isEqualTo(recordView(stored));
      assertThat(transcoder.bound()).as(stored).isTrue();
    }
  }

  @Test
  void aDocumentThatIsNotASummary_isRefused() {
    byte[] stored = "{\"kind\":\"job\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> transcoder.view(stored, 0, stored.length, MAX_EVIDENCE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a TimelineSummary");
  }

  @Test
  void aDocumentInsideALargerAnswer_isReadWithinItsBounds() {
    TimelineSummary summary = Fixtures.job("bt-2", "running", "queued", T0, T0 + 5_000, "backend");
    byte[] document = Documents.timeline(summary);
    byte[] answer = new byte[document.length + 20];
    answer[0] = '[';
    System.arraycopy(document, 0, answer, 10, document.length);
    answer[10 + document.length] = ',';

    assertThat(
            new String(
                transcoder.view(answer, 10, 10 + document.length, MAX_EVIDENCE),
                StandardCharsets.UTF_8))
        .isEqualTo(Json.writeString(Views.Summary.of(summary, MAX_EVIDENCE)));
  }

  private void assertSameView(TimelineSummary summary) {
    byte[] stored = Documents.timeline(summary);

    assertThat(
            new String(
                transcoder.view(stored, 0, stored.length, MAX_EVIDENCE), StandardCharsets.UTF_8))
        .isEqualTo(Json.writeString(Views.Summary.of(summary, MAX_EVIDENCE)));
    assertThat(transcoder.firstEventAt()).isEqualTo(summary.firstEventAt());
  }

  private String view(String stored) {
    byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
    return new String(
        transcoder.view(bytes, 0, bytes.length, MAX_EVIDENCE), StandardCharsets.UTF_8);
  }

  private static String recordView(String stored) {
    return Json.writeString(
        Views.Summary.of(
            Json.read(stored.getBytes(StandardCharsets.UTF_8), TimelineSummary.class),
            MAX_EVIDENCE));
  }

  /** {@code summary} as the indexer stores it, as a tree to change. */
  private static ObjectNode stored(TimelineSummary summary) {
    try {
      return (ObjectNode) Json.mapper().readTree(Documents.timeline(summary));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

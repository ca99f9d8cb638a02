package dev.correlate.api;

import static dev.correlate.api.Fixtures.T0;
import static dev.correlate.api.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.storage.Documents;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimelineBodyTest {
  private final AtomicInteger heads = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();
  private final ByteArrayOutputStream response = new ByteArrayOutputStream();

  @Test
  void finish_afterEvents_isTheTimelineDocument_withTheHeadResolvedOnce() throws IOException {
    TimelineSummary stored = Fixtures.failedJob("bt-1", T0, T0 + 2000, 3);
    List<LogEvent> events =
        List.of(
            event("1", T0, "backend", Level.INFO, "submitted", List.of("c-1"), List.of("bt-1")),
            event(
                "2",
                T0 + 1000,
                "strategy",
                Level.ERROR,
                "MemoryError",
                List.of(),
                List.of("bt-1"),
                Map.of("latency", "250", "attempt", "2")));
    TimelineBody body = body("job", "bt-1", T0 - 10);
    body.summary(Optional.of(stored));

    for (LogEvent e : events) {
      byte[] document = Documents.event(e);
      body.accept(document, 0, document.length);
    }

    assertThat(finish(body, "Y3Vyc29y"))
        .isEqualTo(
            jobTimeline(
                Views.Summary.of(stored, 2),
                events.stream().map(e -> Views.Event.of(e, T0)).toList(),
                "Y3Vyc29y"));
    assertThat(heads).as("offsets count from the summary's first event").hasValue(0);
  }

  @Test
  void aStoredSummary_isWrittenAsItsView() throws IOException {
    TimelineSummary running = Fixtures.job("bt-2", "running", "queued", T0, T0 + 5_000, "backend");
    TimelineBody body = body("job", "bt-2", T0 - 10);
    byte[] document = Documents.timeline(running);
    body.summary(document, 0, document.length);

    assertThat(Json.mapper().readTree(finish(body, null)).path("summary"))
        .isEqualTo(Json.mapper().readTree(Json.write(Views.Summary.of(running, 2))));
    assertThat(heads).hasValue(0);
  }

  @Test
  void finish_withoutEvents_resolvesTheHead_andWritesNullsWhereThereIsNothing() {
    TimelineBody body = body("correlation", "c-9", T0);
    body.summary(Optional.empty());

    assertThat(finish(body, null))
        .isEqualTo(
            "{\"kind\":\"correlation\",\"id\":\"c-9\",\"summary\":null,\"events\":[],\"next_cursor\":null}");
    assertThat(heads).hasValue(1);
  }

  @Test
  void finish_whenTheHeadCannotBeResolved_throwsWhatTheHeadThrows() {
    TimelineBody body =
        new TimelineBody(
            "job",
            "nope",
            2,
            () -> {
              throw ApiException.notFound("job nope");
            },
            () -> {
              opened.incrementAndGet();
              return response;
            });

    assertThatThrownBy(() -> body.finish(null)).isInstanceOf(ApiException.class);
    assertThat(opened).as("the response is not opened").hasValue(0);
  }

  @Test
  void aSmallBody_isSentInOneWrite_whenFinished() throws IOException {
    byte[] stored =
        Documents.event(event("1", T0, "backend", Level.INFO, "x", List.of(), List.of("bt-1")));
    TimelineBody body = body("job", "bt-1", T0);
    body.accept(stored, 0, stored.length);
    assertThat(opened).as("nothing is sent before the body is finished").hasValue(0);

    finish(body, null);

    assertThat(opened).hasValue(1);
    assertThat(writes).hasValue(1);
  }

  @Test
  void aLargeBody_isSentBlockByBlock_asItIsWritten() throws IOException {
    byte[] stored =
        Documents.event(
            event("1", T0, "backend", Level.INFO, "x".repeat(1000), List.of(), List.of("bt-1")));
    TimelineBody body = body("job", "bt-1", T0);
    for (int i = 0; i < 2 * TimelineBody.BLOCK / stored.length; i++) {
      body.accept(stored, 0, stored.length);
    }

    assertThat(opened).hasValue(1);
    assertThat(response.size()).isEqualTo(TimelineBody.BLOCK);
  }

  @Test
  void writeTo_sendsABodyOfManyBlocks_whole() throws IOException {
    LogEvent e =
        event("1", T0, "backend", Level.INFO, "x".repeat(1000), List.of(), List.of("bt-1"));
    byte[] stored = Documents.event(e);
    TimelineSummary summary = Fixtures.failedJob("bt-1", T0, T0 + 2000, 3);
    TimelineBody body = body("job", "bt-1", T0 - 10);
    body.summary(Optional.of(summary));
    int events = 3 * TimelineBody.BLOCK / stored.length;
    for (int i = 0; i < events; i++) {
      body.accept(stored, 0, stored.length);
    }

    String written = finish(body, "Y3Vyc29y");

    assertThat(written.length()).isGreaterThan(2 * TimelineBody.BLOCK).isEqualTo(body.size());
    assertThat(Json.mapper().readTree(written).path("events")).hasSize(events);
    assertThat(written)
        .isEqualTo(
            jobTimeline(
                Views.Summary.of(summary, 2),
                Collections.nCopies(events, Views.Event.of(e, T0)),
                "Y3Vyc29y"));
  }

  private final AtomicInteger writes = new AtomicInteger();

  /**
   * A body whose response is {@link #response}, counting how often it is opened and written; {@code
   * base} is the first event's time when there is no summary (counted in {@link #heads}).
   */
  private TimelineBody body(String kind, String id, long base) {
    return new TimelineBody(
        kind,
        id,
        2,
        () -> {
          heads.incrementAndGet();
          return base;
        },
        () -> {
          opened.incrementAndGet();
          return new FilterOutputStream(response) {
            @Override
            public void write(byte[] bytes, int from, int length) throws IOException {
              writes.incrementAndGet();
              response.write(bytes, from, length);
            }
          };
        });
  }

  private String finish(TimelineBody body, String next) {
    body.finish(next);
    return response.toString(StandardCharsets.UTF_8);
  }

  /** Job bt-1's timeline document as the API has always written it, built from the views. */
  private static String jobTimeline(Views.Summary summary, List<Views.Event> events, String next) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "job");
    doc.put("id", "bt-1");
    doc.put("summary", summary);
    doc.put("events", events);
    doc.put("next_cursor", next);
    return Json.writeString(doc);
  }
}

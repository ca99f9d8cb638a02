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
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TimelineBodyTest {
  private final AtomicInteger heads = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();
  private final ByteArrayOutputStream response = new ByteArrayOutputStream();

  @Test
  void finish_afterEvents_isTheTimelineDocument_withTheHeadResolvedOnce() throws IOException {
    Views.Summary summary = Views.Summary.of(Fixtures.failedJob("bt-1", T0, T0 + 2000, 3), 2);
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
    TimelineBody body = body("job", "bt-1", head(summary, T0 - 10));

    for (LogEvent e : events) {
      byte[] stored = Documents.event(e);
      body.accept(stored, 0, stored.length);
    }

    assertThat(finish(body, "Y3Vyc29y"))
        .isEqualTo(
            jobTimeline(
                summary,
                events.stream().map(e -> Views.Event.of(e, T0 - 10)).toList(),
                "Y3Vyc29y"));
    assertThat(heads).hasValue(1);
  }

  @Test
  void finish_withoutEvents_resolvesTheHead_andWritesNullsWhereThereIsNothing() {
    TimelineBody body = body("correlation", "c-9", head(null, T0));

    assertThat(finish(body, null))
        .isEqualTo(
            "{\"kind\":\"correlation\",\"id\":\"c-9\",\"summary\":null,\"events\":[],\"next_cursor\":null}");
    assertThat(heads).hasValue(1);
  }

  @Test
  void finish_whenTheHeadCannotBeResolved_throwsWhatTheHeadThrows() {
    TimelineBody body =
        body(
            "job",
            "nope",
            summary -> {
              throw ApiException.notFound("job nope");
            });

    assertThatThrownBy(() -> body.finish(null)).isInstanceOf(ApiException.class);
    assertThat(opened).as("the response is not opened").hasValue(0);
  }

  @Test
  void aSmallBody_isSentInOneWrite_whenFinished() throws IOException {
    byte[] stored =
        Documents.event(event("1", T0, "backend", Level.INFO, "x", List.of(), List.of("bt-1")));
    TimelineBody body = body("job", "bt-1", head(null, T0));
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
    TimelineBody body = body("job", "bt-1", head(null, T0));
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
    Views.Summary summary = Views.Summary.of(Fixtures.failedJob("bt-1", T0, T0 + 2000, 3), 2);
    TimelineBody body = body("job", "bt-1", head(summary, T0));
    int events = 3 * TimelineBody.BLOCK / stored.length;
    for (int i = 0; i < events; i++) {
      body.accept(stored, 0, stored.length);
    }

    String written = finish(body, "Y3Vyc29y");

    assertThat(written.length()).isGreaterThan(2 * TimelineBody.BLOCK).isEqualTo(body.size());
    assertThat(Json.mapper().readTree(written).path("events")).hasSize(events);
    assertThat(written)
        .isEqualTo(
            jobTimeline(summary, Collections.nCopies(events, Views.Event.of(e, T0)), "Y3Vyc29y"));
  }

  private final AtomicInteger writes = new AtomicInteger();

  /** A body whose response is {@link #response}, counting how often it is opened and written. */
  private TimelineBody body(
      String kind, String id, Function<Optional<TimelineSummary>, TimelineBody.Head> head) {
    return new TimelineBody(
        kind,
        id,
        head,
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

  private Function<Optional<TimelineSummary>, TimelineBody.Head> head(
      Views.Summary summary, long base) {
    return stored -> {
      heads.incrementAndGet();
      return new TimelineBody.Head(summary, base);
    };
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

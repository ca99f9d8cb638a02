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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    TimelineBody body = new TimelineBody("job", "bt-1", head(summary, T0 - 10));

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
    TimelineBody body = new TimelineBody("correlation", "c-9", head(null, T0));

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
            summary -> {
              throw ApiException.notFound("job nope");
            });

    assertThatThrownBy(() -> body.finish(null)).isInstanceOf(ApiException.class);
  }

  @Test
  void writeTo_sendsABodyOfManyBlocks_whole() throws IOException {
    LogEvent e =
        event("1", T0, "backend", Level.INFO, "x".repeat(1000), List.of(), List.of("bt-1"));
    byte[] stored = Documents.event(e);
    Views.Summary summary = Views.Summary.of(Fixtures.failedJob("bt-1", T0, T0 + 2000, 3), 2);
    TimelineBody body = new TimelineBody("job", "bt-1", head(summary, T0));
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

  private static String finish(TimelineBody body, String next) {
    body.finish(next);
    try (InputStream in = body.stream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

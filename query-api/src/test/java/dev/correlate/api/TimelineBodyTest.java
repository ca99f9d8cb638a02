package dev.correlate.api;

import static dev.correlate.api.Fixtures.T0;
import static dev.correlate.api.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.storage.Documents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
      try (JsonParser document = Json.mapper().createParser(stored)) {
        document.nextToken();
        body.accept(document, stored);
      }
    }

    assertThat(new String(body.finish("Y3Vyc29y"), StandardCharsets.UTF_8))
        .isEqualTo(
            Json.writeString(
                timeline(
                    "job",
                    "bt-1",
                    summary,
                    events.stream().map(e -> Views.Event.of(e, T0 - 10)).toList(),
                    "Y3Vyc29y")));
    assertThat(heads).hasValue(1);
  }

  @Test
  void finish_withoutEvents_resolvesTheHead_andWritesNullsWhereThereIsNothing() {
    TimelineBody body = new TimelineBody("correlation", "c-9", head(null, T0));

    assertThat(new String(body.finish(null), StandardCharsets.UTF_8))
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

  private java.util.function.Function<Optional<TimelineSummary>, TimelineBody.Head> head(
      Views.Summary summary, long base) {
    return stored -> {
      heads.incrementAndGet();
      return new TimelineBody.Head(summary, base);
    };
  }

  /** The timeline document as the API has always written it, built from the views. */
  private static Map<String, Object> timeline(
      String kind, String id, Views.Summary summary, List<Views.Event> events, String next) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", kind);
    doc.put("id", id);
    doc.put("summary", summary);
    doc.put("events", events);
    doc.put("next_cursor", next);
    return doc;
  }
}

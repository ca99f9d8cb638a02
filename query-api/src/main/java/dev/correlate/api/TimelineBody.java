package dev.correlate.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A timeline response written while its page is read: kind, id, summary ({@code null} when there is
 * none), events and {@code next_cursor} ({@code null} on the last page), each stored event
 * rewritten by {@link EventTranscoder} as it arrives. The head is resolved from the summary when
 * the first event arrives, or at the end for a page without events.
 */
final class TimelineBody implements TimelineSink {
  /**
   * What precedes the events: the summary view (null when there is none) and what offsets count
   * from.
   */
  record Head(Views.Summary summary, long baseMs) {}

  private final String kind;
  private final String id;
  private final Function<Optional<TimelineSummary>, Head> head;
  private final ByteArrayBuilder bytes = new ByteArrayBuilder();
  private final JsonGenerator out;
  private Optional<TimelineSummary> summary = Optional.empty();
  private Long baseMs;

  /**
   * @param head what precedes the events, from the timeline's summary (empty when there is none)
   */
  TimelineBody(String kind, String id, Function<Optional<TimelineSummary>, Head> head) {
    this.kind = kind;
    this.id = id;
    this.head = head;
    try {
      out = Json.mapper().createGenerator(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void summary(Optional<TimelineSummary> summary) {
    this.summary = summary;
  }

  @Override
  public void accept(JsonParser document, byte[] stored) throws IOException {
    start();
    EventTranscoder.copy(document, stored, out, baseMs);
  }

  /** The whole body, {@code nextCursor} closing it (null on the last page). */
  byte[] finish(String nextCursor) {
    try {
      start();
      out.writeEndArray();
      out.writeStringField("next_cursor", nextCursor);
      out.writeEndObject();
      out.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void start() throws IOException {
    if (baseMs != null) {
      return;
    }
    Head resolved = head.apply(summary);
    out.writeStartObject();
    out.writeStringField("kind", kind);
    out.writeStringField("id", id);
    out.writeFieldName("summary");
    out.writePOJO(resolved.summary());
    out.writeArrayFieldStart("events");
    baseMs = resolved.baseMs();
  }
}

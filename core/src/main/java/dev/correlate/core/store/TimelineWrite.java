package dev.correlate.core.store;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineSummary;
import java.util.Objects;

/**
 * One document for {@link TimelineWriter}: an event (read, or as the stream serialized it) or a
 * timeline summary, with its idempotency key. Writing the same id again replaces the stored
 * document; for a versioned write the store keeps the highest version.
 *
 * @param <C> the caller's handle on where the write came from (for example the Kafka record),
 *     handed back with a refusal
 */
public sealed interface TimelineWrite<C> {
  /** The document id: the CloudWatch event id, or the timeline id. */
  String id();

  /**
   * The external version (a summary's revision: the highest wins), or 0 for "the last write wins".
   */
  long version();

  C context();

  /** An event; id = event id, unversioned (a replay overwrites it with the same content). */
  record Event<C>(LogEvent event, C context) implements TimelineWrite<C> {
    public Event {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public String id() {
      return event.eventId();
    }

    @Override
    public long version() {
      return 0;
    }
  }

  /**
   * An event as the stream serialized it: {@code json} is a {@link LogEvent} in the wire dialect
   * (the events topic's value), stored as it is instead of being read and written again. What the
   * store needs beside the bytes is carried along: the event id and the event time (epoch ms),
   * which picks the daily index. Id = event id, unversioned, like {@link Event}.
   */
  record EventBytes<C>(String eventId, long timestamp, byte[] json, C context)
      implements TimelineWrite<C> {
    public EventBytes {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(json, "json");
    }

    @Override
    public String id() {
      return eventId;
    }

    @Override
    public long version() {
      return 0;
    }
  }

  /**
   * A timeline summary; id = timeline id, version = revision, so a stale summary never replaces a
   * newer one.
   */
  record Summary<C>(TimelineSummary summary, C context) implements TimelineWrite<C> {
    public Summary {
      Objects.requireNonNull(summary, "summary");
    }

    @Override
    public String id() {
      return summary.timelineId();
    }

    @Override
    public long version() {
      return summary.revision();
    }
  }

  /**
   * A write the store refused for good (a mapping conflict, a document too large): retrying cannot
   * help, so the caller quarantines its origin.
   *
   * @param status the store's status for the write, for example HTTP 400
   * @param reason the store's reason, for example {@code mapper_parsing_exception: failed to parse
   *     field [x]}
   */
  record Refused<C>(TimelineWrite<C> write, int status, String reason) {}
}

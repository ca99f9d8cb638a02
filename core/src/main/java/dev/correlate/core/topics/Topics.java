package dev.correlate.core.topics;

import java.util.Objects;

/**
 * The Kafka topics Correlate writes and reads. Names are configurable (prefix per environment); every
 * deployable gets the same record from its settings.
 *
 * @param raw CloudWatch events as received, key = log group | log stream (written by ingest)
 * @param events parsed, deduplicated, stitched events, key = event id (written by streams, read by the indexer)
 * @param timelines timeline summaries, key = timeline id, compacted (written by streams, read by the indexer)
 * @param deadLetter quarantined input of every stage, with the reason in headers
 */
public record Topics(String raw, String events, String timelines, String deadLetter) {
  public Topics {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(timelines, "timelines");
    Objects.requireNonNull(deadLetter, "deadLetter");
  }

  /** The default names, under {@code prefix} (for example {@code correlate}). */
  public static Topics withPrefix(String prefix) {
    return new Topics(prefix + ".raw", prefix + ".events", prefix + ".timelines", prefix + ".deadletter");
  }

  public static Topics defaults() {
    return withPrefix("correlate");
  }
}

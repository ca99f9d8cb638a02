package dev.correlate.core.topics;

import java.util.Objects;

/**
 * The Kafka topics Correlate writes and reads. Names are configurable (prefix per environment);
 * every deployable gets the same record from its settings.
 *
 * @param raw CloudWatch events as received, key = {@code RawLogEvent.rawKey()}: {@code task:<task
 *     id>} for an ECS task's stream, else log group | log stream (written by ingest)
 * @param events parsed, deduplicated, stitched events, key = event id (written by streams, read by
 *     the indexer)
 * @param timelines timeline summaries, key = timeline id, compacted (written by streams, read by
 *     the indexer)
 * @param deadLetter quarantined input of every stage, with the reason in headers
 */
public record Topics(String raw, String events, String timelines, String deadLetter) {
  /**
   * Partitions of the topics when Correlate creates them ({@code CORRELATE_TOPIC_PARTITIONS}), for
   * ingest and streams alike. The count is fixed for the life of the streams state (stores and
   * repartitions are keyed by hash modulo the count) and bounds the stream threads that can share
   * the work: 6 lets a second and third instance of two threads each take a share, at a measured
   * cost on a single thread of a fifth to a third more CPU per event than 3 (docs/decisions.md,
   * "Scale-out"; docs/performance.md, "Sizing").
   */
  public static final int DEFAULT_PARTITIONS = 6;

  public Topics {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(timelines, "timelines");
    Objects.requireNonNull(deadLetter, "deadLetter");
  }

  /** The default names, under {@code prefix} (for example {@code correlate}). */
  public static Topics withPrefix(String prefix) {
    return new Topics(
        prefix + ".raw", prefix + ".events", prefix + ".timelines", prefix + ".deadletter");
  }

  public static Topics defaults() {
    return withPrefix("correlate");
  }
}

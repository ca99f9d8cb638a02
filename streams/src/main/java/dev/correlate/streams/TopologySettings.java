package dev.correlate.streams;

import dev.correlate.core.diagnosis.DiagnosisRules;
import dev.correlate.core.model.TimelineHomes;
import dev.correlate.core.parse.ParserRules;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the timeline topology; every duration is wall-clock unless said otherwise.
 *
 * @param holdTime how long an event without ids waits for the link of its Lambda invocation or ECS
 *     task before it is released unlinked ({@code CORRELATE_HOLD_TIME})
 * @param pendingTtl how long an event of an invocation or task is remembered after it was first
 *     seen, so that a link arriving later re-emits it enriched; at least {@code holdTime} ({@code
 *     CORRELATE_PENDING_TTL})
 * @param aliasTtl how long an alias ({@code req:…}, {@code task:…}) and the ids it carries are kept
 *     after its last use ({@code CORRELATE_ALIAS_TTL})
 * @param maxPendingPerAlias events remembered per alias; beyond, events pass without being
 *     remembered
 * @param maxPendingPerTask events remembered per stream task (all aliases of its partition)
 * @param maxIdsPerAlias correlation and job ids one alias may carry
 * @param dedupeWindow how far back (event time) a CloudWatch event id is recognised as a duplicate
 *     ({@code CORRELATE_DEDUPE_WINDOW})
 * @param emitInterval at most one summary per timeline per interval: the timeline aggregator's
 *     punctuation period ({@code CORRELATE_EMIT_INTERVAL}); the stitchers punctuate every {@link
 *     #expiryInterval()}
 * @param closeAfter a timeline without events for this long is closed ({@code
 *     CORRELATE_CLOSE_AFTER})
 * @param closedRetention a closed timeline stays in state this long, so late events reopen it, then
 *     it is purged ({@code CORRELATE_CLOSED_RETENTION})
 * @param stuckAfter a job that is not terminal and silent for this long is {@code stuck} ({@code
 *     CORRELATE_STUCK_AFTER})
 * @param clockSkewTolerance a line whose own time differs from CloudWatch's by more is flagged
 *     {@code clock_skew}
 * @param streamStateTtl per-log-stream state (the open Lambda invocation) is dropped after this
 *     long unused
 * @param maxRelatedIds related ids of each kind kept in a summary; beyond, {@code
 *     truncated_related_ids}
 * @param maxServices services kept in a summary
 * @param liveTimelines timeline aggregates each stream task keeps deserialized between commits;
 *     beyond, the least recently used is written to its store and dropped ({@code
 *     CORRELATE_LIVE_TIMELINES})
 * @param parserRules how lines are parsed ({@code CORRELATE_PARSER_RULES}, default TradAI's rules)
 * @param diagnosisRules how jobs are staged and failures categorized ({@code
 *     CORRELATE_DIAGNOSIS_RULES})
 * @param timelinesPeriod the length of a timelines index's period: a timeline's home is the period
 *     it was created in ({@code CORRELATE_TIMELINES_PERIOD}, whole hours, at least 1 h; the same
 *     value as the OpenSearch settings', which make the homes ahead)
 */
public record TopologySettings(
    Duration holdTime,
    Duration pendingTtl,
    Duration aliasTtl,
    int maxPendingPerAlias,
    int maxPendingPerTask,
    int maxIdsPerAlias,
    Duration dedupeWindow,
    Duration emitInterval,
    Duration closeAfter,
    Duration closedRetention,
    Duration stuckAfter,
    Duration clockSkewTolerance,
    Duration streamStateTtl,
    int maxRelatedIds,
    int maxServices,
    int liveTimelines,
    ParserRules parserRules,
    DiagnosisRules diagnosisRules,
    Duration timelinesPeriod) {
  /** The stitchers' punctuation period at most ({@link #expiryInterval()}). */
  private static final Duration EXPIRY = Duration.ofSeconds(1);

  public TopologySettings {
    TimelineHomes.requirePeriod(timelinesPeriod);
    Objects.requireNonNull(parserRules, "parserRules");
    Objects.requireNonNull(diagnosisRules, "diagnosisRules");
    positive(holdTime, "holdTime");
    positive(pendingTtl, "pendingTtl");
    positive(aliasTtl, "aliasTtl");
    positive(dedupeWindow, "dedupeWindow");
    positive(emitInterval, "emitInterval");
    positive(closeAfter, "closeAfter");
    positive(closedRetention, "closedRetention");
    positive(stuckAfter, "stuckAfter");
    positive(clockSkewTolerance, "clockSkewTolerance");
    positive(streamStateTtl, "streamStateTtl");
    if (pendingTtl.compareTo(holdTime) < 0) {
      throw new IllegalArgumentException(
          "pendingTtl (" + pendingTtl + ") must be >= holdTime (" + holdTime + ")");
    }
    if (aliasTtl.compareTo(pendingTtl) < 0) {
      throw new IllegalArgumentException(
          "aliasTtl (" + aliasTtl + ") must be >= pendingTtl (" + pendingTtl + ")");
    }
    if (maxPendingPerAlias < 1
        || maxPendingPerTask < 1
        || maxIdsPerAlias < 1
        || maxRelatedIds < 1
        || maxServices < 1
        || liveTimelines < 1) {
      throw new IllegalArgumentException("topology bounds must be >= 1");
    }
  }

  /**
   * Hold 5 s (a later link still re-indexes the event with its ids), remember 15 min, aliases 6 h,
   * 1 000 events per alias and 100 000 per task, 50 ids per alias, dedupe 24 h, emit every 5 s,
   * close after 30 min, purge 24 h after closing, stuck after 15 min, skew 5 min, stream state 2 h,
   * 100 related ids, 50 services, 1 000 live timelines per task, the default parser and diagnosis
   * rules, a timelines period of a week.
   */
  public static TopologySettings defaults() {
    return new TopologySettings(
        Duration.ofSeconds(5),
        Duration.ofMinutes(15),
        Duration.ofHours(6),
        1000,
        100_000,
        50,
        Duration.ofHours(24),
        // a timeline changed in every second of a busy stretch is emitted, indexed and stored as a
        // revision once per 5 s, not once per second (docs/decisions.md, "The emit interval")
        Duration.ofSeconds(5),
        Duration.ofMinutes(30),
        Duration.ofHours(24),
        Duration.ofMinutes(15),
        Duration.ofMinutes(5),
        Duration.ofHours(2),
        100,
        50,
        1000,
        ParserRules.defaults(),
        DiagnosisRules.defaults(),
        TimelineHomes.DEFAULT_PERIOD);
  }

  /**
   * How often the stitchers release held events and forget remembered events and aliases: a second,
   * the resolution of {@link #holdTime()}, or the emit interval when that is shorter (tests and
   * demos shorten both). Not the emit interval itself: a longer one spares summaries, and should
   * not hold an unlinked event longer than its hold time by as much.
   */
  Duration expiryInterval() {
    return emitInterval.compareTo(EXPIRY) < 0 ? emitInterval : EXPIRY;
  }

  /** These settings with other durations of the timeline lifecycle (tests, short-lived demos). */
  public TopologySettings withLifecycle(
      Duration holdTime, Duration emitInterval, Duration closeAfter, Duration stuckAfter) {
    return new TopologySettings(
        holdTime,
        pendingTtl,
        aliasTtl,
        maxPendingPerAlias,
        maxPendingPerTask,
        maxIdsPerAlias,
        dedupeWindow,
        emitInterval,
        closeAfter,
        closedRetention,
        stuckAfter,
        clockSkewTolerance,
        streamStateTtl,
        maxRelatedIds,
        maxServices,
        liveTimelines,
        parserRules,
        diagnosisRules,
        timelinesPeriod);
  }

  /** These settings with another timelines period (tests). */
  public TopologySettings withTimelinesPeriod(Duration period) {
    return new TopologySettings(
        holdTime,
        pendingTtl,
        aliasTtl,
        maxPendingPerAlias,
        maxPendingPerTask,
        maxIdsPerAlias,
        dedupeWindow,
        emitInterval,
        closeAfter,
        closedRetention,
        stuckAfter,
        clockSkewTolerance,
        streamStateTtl,
        maxRelatedIds,
        maxServices,
        liveTimelines,
        parserRules,
        diagnosisRules,
        period);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}

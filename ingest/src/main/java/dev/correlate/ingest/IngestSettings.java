package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the ingest service; read from the environment only by {@link IngestMain#settings}.
 *
 * @param host bind address ({@code CORRELATE_INGEST_HOST}, default {@code 127.0.0.1}); forced to
 *     {@code 127.0.0.1} when no access key is configured, as the query API does without tokens
 *     ({@link #bindHost()})
 * @param port HTTP port, 0 for any free one ({@code CORRELATE_INGEST_PORT}, default 8081)
 * @param kafka broker, topics and producer bounds
 * @param accessKeys accepted Firehose access keys, several during a rotation; empty means no
 *     authentication ({@code CORRELATE_FIREHOSE_ACCESS_KEYS}, comma-separated, default none)
 * @param maxBodyBytes largest request body, after HTTP {@code Content-Encoding} is undone; larger
 *     ones get 413 ({@code CORRELATE_INGEST_MAX_BODY_BYTES}, default 64 MiB, Firehose's maximum)
 * @param limits decoder bounds ({@code CORRELATE_INGEST_MAX_DECOMPRESSED_BYTES}, default 32 MiB per
 *     record; {@code CORRELATE_INGEST_MAX_REQUEST_DECOMPRESSED_BYTES}, default 512 MiB per request;
 *     {@code CORRELATE_INGEST_MAX_EVENT_BYTES}, default 1 MiB)
 * @param window the event times accepted around their receipt ({@code
 *     CORRELATE_INGEST_MAX_EVENT_AGE}, default 14 days; {@code CORRELATE_INGEST_MAX_EVENT_AHEAD},
 *     default 2 hours: CloudWatch's own window)
 * @param maxInflightBytes request bodies held in memory at once, all requests together; a request
 *     that would pass it is answered 503 and retried by its sender ({@code
 *     CORRELATE_INGEST_MAX_INFLIGHT_BYTES}, default 256 MiB)
 * @param maxConcurrentRequests intake requests processed at once; more wait, at most {@link
 *     #MAX_QUEUE_WAIT}, then get 503 ({@code CORRELATE_INGEST_MAX_CONCURRENT_REQUESTS}, default 16)
 */
public record IngestSettings(
    String host,
    int port,
    KafkaSettings kafka,
    List<Secret> accessKeys,
    long maxBodyBytes,
    SubscriptionDecoder.Limits limits,
    EventWindow window,
    long maxInflightBytes,
    int maxConcurrentRequests) {
  public static final long FIREHOSE_MAX_BODY_BYTES = 64L << 20;
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * How long a request waits for a free slot when {@link #maxConcurrentRequests} are being
   * processed.
   */
  public static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(30);

  public IngestSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(window, "window");
    accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    if (maxInflightBytes < maxBodyBytes) {
      throw new IllegalArgumentException(
          "maxInflightBytes must hold at least one body of maxBodyBytes");
    }
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentRequests must be at least 1: " + maxConcurrentRequests);
    }
  }

  /** Everything at its default. */
  public static IngestSettings defaults() {
    return new IngestSettings(
        LOOPBACK,
        8081,
        KafkaSettings.of("127.0.0.1:19092", "correlate"),
        List.of(),
        FIREHOSE_MAX_BODY_BYTES,
        SubscriptionDecoder.Limits.defaults(),
        EventWindow.CLOUDWATCH,
        256L << 20,
        16);
  }

  /**
   * The address actually bound: the configured host, or loopback when no access key protects it.
   */
  public String bindHost() {
    return accessKeys.isEmpty() ? LOOPBACK : host;
  }

  public IngestSettings withPort(int newPort) {
    return new IngestSettings(
        host,
        newPort,
        kafka,
        accessKeys,
        maxBodyBytes,
        limits,
        window,
        maxInflightBytes,
        maxConcurrentRequests);
  }

  public IngestSettings withAccessKeys(List<Secret> keys) {
    return new IngestSettings(
        host,
        port,
        kafka,
        keys,
        maxBodyBytes,
        limits,
        window,
        maxInflightBytes,
        maxConcurrentRequests);
  }

  public IngestSettings withMaxBodyBytes(long bytes) {
    return new IngestSettings(
        host,
        port,
        kafka,
        accessKeys,
        bytes,
        limits,
        window,
        Math.max(bytes, maxInflightBytes),
        maxConcurrentRequests);
  }

  /** These settings with other bounds on what is held and processed at once. */
  public IngestSettings withConcurrency(long inflightBytes, int concurrentRequests) {
    return new IngestSettings(
        host,
        port,
        kafka,
        accessKeys,
        maxBodyBytes,
        limits,
        window,
        inflightBytes,
        concurrentRequests);
  }

  /**
   * The event times ingest accepts around their receipt: CloudWatch itself refuses events more than
   * 14 days old or 2 hours ahead when they are put, and delivers a subscription's events within
   * minutes, so an event outside this window did not come from CloudWatch as it happened. It is
   * quarantined with reason {@code timestamp_out_of_range} instead of moving the streams'
   * event-time clocks (dedupe windows, timelines) by days. Events read back from CloudWatch by
   * backfill are not checked: CloudWatch took them in within its window.
   *
   * @param maxAge how far before its receipt an event may be
   * @param maxAhead how far after its receipt an event may be
   */
  public record EventWindow(Duration maxAge, Duration maxAhead) {
    /** CloudWatch's own window: 14 days back, 2 hours ahead. */
    public static final EventWindow CLOUDWATCH =
        new EventWindow(Duration.ofDays(14), Duration.ofHours(2));

    public EventWindow {
      if (maxAge == null
          || maxAge.isNegative()
          || maxAge.isZero()
          || maxAhead == null
          || maxAhead.isNegative()) {
        throw new IllegalArgumentException(
            "the event window needs a positive age and a non-negative lead");
      }
    }

    /**
     * Why an event at {@code timestamp} received at {@code receivedAt} is outside, or null when it
     * is inside.
     */
    String outside(long timestamp, long receivedAt) {
      if (timestamp < receivedAt - maxAge.toMillis()) {
        return "time "
            + timestamp
            + " is more than "
            + maxAge
            + " before its receipt at "
            + receivedAt;
      }
      if (timestamp > receivedAt + maxAhead.toMillis()) {
        return "time "
            + timestamp
            + " is more than "
            + maxAhead
            + " after its receipt at "
            + receivedAt;
      }
      return null;
    }
  }
}

package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.config.Secret;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the ingest service; read from the environment only by {@link IngestMain#settings}.
 *
 * @param host bind address ({@code CORRELATE_INGEST_HOST}, default {@code 127.0.0.1})
 * @param port HTTP port, 0 for any free one ({@code CORRELATE_INGEST_PORT}, default 8081)
 * @param kafka broker, topics and producer bounds
 * @param accessKeys accepted Firehose access keys, several during a rotation; empty means no authentication
 *     ({@code CORRELATE_FIREHOSE_ACCESS_KEYS}, comma-separated, default none)
 * @param maxBodyBytes largest request body, after HTTP {@code Content-Encoding} is undone; larger ones get 413
 *     ({@code CORRELATE_INGEST_MAX_BODY_BYTES}, default 64 MiB, Firehose's maximum)
 * @param limits decoder bounds ({@code CORRELATE_INGEST_MAX_DECOMPRESSED_BYTES}, default 32 MiB;
 *     {@code CORRELATE_INGEST_MAX_EVENT_BYTES}, default 1 MiB)
 */
public record IngestSettings(
    String host, int port, KafkaSettings kafka, List<Secret> accessKeys, long maxBodyBytes,
    SubscriptionDecoder.Limits limits) {
  public static final long FIREHOSE_MAX_BODY_BYTES = 64L << 20;

  public IngestSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(limits, "limits");
    accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
  }

  /** Everything at its default. */
  public static IngestSettings defaults() {
    return new IngestSettings("127.0.0.1", 8081, KafkaSettings.of("127.0.0.1:19092", "correlate"), List.of(),
        FIREHOSE_MAX_BODY_BYTES, SubscriptionDecoder.Limits.defaults());
  }

  public IngestSettings withPort(int newPort) {
    return new IngestSettings(host, newPort, kafka, accessKeys, maxBodyBytes, limits);
  }

  public IngestSettings withAccessKeys(List<Secret> keys) {
    return new IngestSettings(host, port, kafka, keys, maxBodyBytes, limits);
  }

  public IngestSettings withMaxBodyBytes(long bytes) {
    return new IngestSettings(host, port, kafka, accessKeys, bytes, limits);
  }
}

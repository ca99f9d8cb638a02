package dev.correlate.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.correlate.core.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class IngestMainTest {
  @Test
  void settings_ofAnEmptyEnvironment_areTheDocumentedDefaults() {
    IngestSettings settings = IngestMain.settings(Map.of());

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(8081);
    assertThat(settings.kafka().bootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(settings.kafka().topics().raw()).isEqualTo("correlate.raw");
    assertThat(settings.kafka().topics().deadLetter()).isEqualTo("correlate.deadletter");
    assertThat(settings.kafka().partitions()).isEqualTo(6);
    assertThat(settings.kafka().sendTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.accessKeys()).isEmpty();
    assertThat(settings.maxBodyBytes()).isEqualTo(64L << 20);
    assertThat(settings.limits().maxEventBytes()).isEqualTo(1 << 20);
    assertThat(settings.limits().maxRequestDecompressedBytes()).isEqualTo(512L << 20);
    assertThat(settings.window()).isEqualTo(IngestSettings.EventWindow.CLOUDWATCH);
    assertThat(settings.maxInflightBytes()).isEqualTo(256L << 20);
    assertThat(settings.maxConcurrentRequests()).isEqualTo(16);
    assertThat(settings.kafka().maxRecordBytes()).isEqualTo(8 << 20);
  }

  /**
   * Without an access key ingest listens on loopback only, whatever host is configured, as the
   * query API does.
   */
  @Test
  void bindHost_isLoopbackWithoutAccessKeys() {
    IngestSettings open = IngestMain.settings(Map.of("CORRELATE_INGEST_HOST", "0.0.0.0"));
    IngestSettings keyed =
        IngestMain.settings(
            Map.of("CORRELATE_INGEST_HOST", "0.0.0.0", "CORRELATE_FIREHOSE_ACCESS_KEYS", "a-key"));

    assertThat(open.bindHost()).isEqualTo("127.0.0.1");
    assertThat(keyed.bindHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void settings_readEveryVariable() {
    IngestSettings settings =
        IngestMain.settings(
            Map.ofEntries(
                Map.entry("CORRELATE_INGEST_HOST", "0.0.0.0"),
                Map.entry("CORRELATE_INGEST_PORT", "9000"),
                Map.entry("CORRELATE_KAFKA_BOOTSTRAP", "kafka:9092"),
                Map.entry("CORRELATE_TOPIC_PREFIX", "prod"),
                Map.entry("CORRELATE_TOPIC_PARTITIONS", "12"),
                Map.entry("CORRELATE_FIREHOSE_ACCESS_KEYS", " old , new ,"),
                Map.entry("CORRELATE_INGEST_MAX_BODY_BYTES", "1000"),
                Map.entry("CORRELATE_INGEST_SEND_TIMEOUT_MS", "30000"),
                Map.entry("CORRELATE_INGEST_MAX_EVENT_AGE", "30d"),
                Map.entry("CORRELATE_INGEST_MAX_EVENT_AHEAD", "1h"),
                Map.entry("CORRELATE_INGEST_MAX_CONCURRENT_REQUESTS", "4"),
                Map.entry("CORRELATE_INGEST_MAX_REQUEST_DECOMPRESSED_BYTES", "1GiB")));

    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.kafka().bootstrap()).isEqualTo("kafka:9092");
    assertThat(settings.kafka().topics().raw()).isEqualTo("prod.raw");
    assertThat(settings.kafka().partitions()).isEqualTo(12);
    assertThat(settings.accessKeys()).isEqualTo(List.of(new Secret("old"), new Secret("new")));
    assertThat(settings.maxBodyBytes()).isEqualTo(1000);
    assertThat(settings.kafka().sendTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.window())
        .isEqualTo(new IngestSettings.EventWindow(Duration.ofDays(30), Duration.ofHours(1)));
    assertThat(settings.maxConcurrentRequests()).isEqualTo(4);
    assertThat(settings.limits().maxRequestDecompressedBytes()).isEqualTo(1L << 30);
  }

  @Test
  void settings_badValues_nameTheirVariable() {
    assertThatThrownBy(() -> IngestMain.settings(Map.of("CORRELATE_INGEST_PORT", "80a")))
        .hasMessage("CORRELATE_INGEST_PORT=80a: not an integer");
    assertThatThrownBy(
            () -> IngestMain.settings(Map.of("CORRELATE_INGEST_SEND_TIMEOUT_MS", "200000")))
        .hasMessage("CORRELATE_INGEST_SEND_TIMEOUT_MS=200000: must be from 1000 to 150000");
    assertThatThrownBy(() -> IngestMain.settings(Map.of("CORRELATE_TOPIC_PARTITIONS", "0")))
        .hasMessageStartingWith("CORRELATE_TOPIC_PARTITIONS=0: ");
    assertThatThrownBy(() -> IngestMain.settings(Map.of("CORRELATE_MAX_RECORD_BYTES", "128MiB")))
        .hasMessage(
            "CORRELATE_MAX_RECORD_BYTES=128MiB: bufferMemoryBytes must hold at least one record of "
                + "maxRecordBytes");
    assertThatThrownBy(
            () -> IngestMain.settings(Map.of("CORRELATE_INGEST_MAX_INFLIGHT_BYTES", "1MiB")))
        .hasMessage(
            "CORRELATE_INGEST_MAX_INFLIGHT_BYTES=1MiB: maxInflightBytes must hold at least one body of "
                + "maxBodyBytes");
  }

  @Test
  void producer_isIdempotentAcksAllCompressedAndBoundedByTheSendTimeout() {
    Map<String, Object> config =
        RawEventPublisher.producerConfig(
            IngestSettings.defaults().kafka().withSendTimeout(Duration.ofSeconds(20)));

    assertThat(config)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20)
        .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000)
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 19_995)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L);
  }
}

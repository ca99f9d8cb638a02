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
    assertThat(settings.kafka().partitions()).isEqualTo(3);
    assertThat(settings.kafka().sendTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.accessKeys()).isEmpty();
    assertThat(settings.maxBodyBytes()).isEqualTo(64L << 20);
    assertThat(settings.limits().maxEventBytes()).isEqualTo(1 << 20);
  }

  @Test
  void settings_readEveryVariable() {
    IngestSettings settings = IngestMain.settings(Map.of(
        "CORRELATE_INGEST_HOST", "0.0.0.0", "CORRELATE_INGEST_PORT", "9000",
        "CORRELATE_KAFKA_BOOTSTRAP", "kafka:9092", "CORRELATE_TOPIC_PREFIX", "prod",
        "CORRELATE_TOPIC_PARTITIONS", "12", "CORRELATE_FIREHOSE_ACCESS_KEYS", " old , new ,",
        "CORRELATE_INGEST_MAX_BODY_BYTES", "1000", "CORRELATE_INGEST_SEND_TIMEOUT_MS", "30000"));

    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.kafka().bootstrap()).isEqualTo("kafka:9092");
    assertThat(settings.kafka().topics().raw()).isEqualTo("prod.raw");
    assertThat(settings.kafka().partitions()).isEqualTo(12);
    assertThat(settings.accessKeys()).isEqualTo(List.of(new Secret("old"), new Secret("new")));
    assertThat(settings.maxBodyBytes()).isEqualTo(1000);
    assertThat(settings.kafka().sendTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void settings_badValues_nameTheirVariable() {
    assertThatThrownBy(() -> IngestMain.settings(Map.of("CORRELATE_INGEST_PORT", "80a")))
        .hasMessage("CORRELATE_INGEST_PORT=80a: not an integer");
    assertThatThrownBy(() -> IngestMain.settings(Map.of("CORRELATE_INGEST_SEND_TIMEOUT_MS", "200000")))
        .hasMessage("CORRELATE_INGEST_SEND_TIMEOUT_MS=200000: must be from 1000 to 150000");
    assertThatThrownBy(() -> IngestMain.settings(Map.of("CORRELATE_TOPIC_PARTITIONS", "0")))
        .hasMessageStartingWith("CORRELATE_TOPIC_PARTITIONS=0: ");
    assertThatThrownBy(() -> IngestMain.settings(Map.of("CORRELATE_INGEST_MAX_RECORD_BYTES", "128MiB")))
        .hasMessage("CORRELATE_INGEST_MAX_RECORD_BYTES=128MiB: bufferMemoryBytes must hold at least one record of "
            + "maxRecordBytes");
  }

  @Test
  void producer_isIdempotentAcksAllCompressedAndBoundedByTheSendTimeout() {
    Map<String, Object> config = RawEventPublisher.producerConfig(IngestSettings.defaults().kafka()
        .withSendTimeout(Duration.ofSeconds(20)));

    assertThat(config).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20)
        .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000)
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 19_995)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L);
  }
}

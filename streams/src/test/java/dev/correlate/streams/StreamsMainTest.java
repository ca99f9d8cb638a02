package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsMainTest {
  @Test
  void settings_withoutVariables_areTheDocumentedDefaults() {
    StreamsSettings s = StreamsMain.settings(Map.of());

    assertThat(s.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(s.openSearch().url()).isEqualTo(URI.create("http://127.0.0.1:9200"));
    assertThat(s.topics().raw()).isEqualTo("correlate.raw");
    assertThat(s.applicationId()).isEqualTo("correlate-streams");
    assertThat(s.indexerGroup()).isEqualTo("correlate-indexer");
    assertThat(s.processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(s.partitions()).isEqualTo(6);
    assertThat(s.stateDir()).isEqualTo(Path.of(".correlate", "streams"));
    assertThat(s.topology().stuckAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.httpHost()).isEqualTo("127.0.0.1");
    assertThat(s.httpPort()).isEqualTo(8082);
    assertThat(s.healthMaxLag()).isEqualTo(10_000);
  }

  @Test
  void settings_timelinesPeriod_isOneVariable_forTheHomesAssignedAndTheHomesMadeAhead() {
    StreamsSettings defaults = StreamsMain.settings(Map.of());
    StreamsSettings daily = StreamsMain.settings(Map.of("CORRELATE_TIMELINES_PERIOD", "1d"));

    assertThat(defaults.topology().timelinesPeriod()).isEqualTo(Duration.ofDays(7));
    assertThat(daily.topology().timelinesPeriod()).isEqualTo(Duration.ofDays(1));
    assertThat(daily.openSearch().timelinesPeriod()).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> StreamsMain.settings(Map.of("CORRELATE_TIMELINES_PERIOD", "90m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORRELATE_TIMELINES_PERIOD");
  }

  @Test
  void settings_readTheirVariables() {
    StreamsSettings s =
        StreamsMain.settings(
            Map.of(
                "CORRELATE_TOPIC_PREFIX",
                "staging",
                "CORRELATE_STUCK_AFTER",
                "20m",
                "CORRELATE_EMIT_INTERVAL",
                "500ms",
                "CORRELATE_TOPIC_PARTITIONS",
                "12",
                "CORRELATE_PROCESSING_GUARANTEE",
                "AT_LEAST_ONCE",
                "CORRELATE_STATE_DIR",
                "/var/lib/correlate",
                "CORRELATE_EVENTS_RETENTION",
                "P7D",
                "CORRELATE_STREAMS_PORT",
                "18082",
                "CORRELATE_BULK_MAX_BYTES",
                "2MiB"));

    assertThat(s.topics().timelines()).isEqualTo("staging.timelines");
    assertThat(s.applicationId()).isEqualTo("staging-streams");
    assertThat(s.topology().stuckAfter()).isEqualTo(Duration.ofMinutes(20));
    assertThat(s.topology().emitInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.partitions()).isEqualTo(12);
    assertThat(s.processingGuarantee()).isEqualTo("at_least_once");
    assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/correlate", "streams"));
    assertThat(s.eventsRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(s.httpPort()).isEqualTo(18082);
    assertThat(s.bulk().maxBytes()).isEqualTo(2L << 20);
  }

  @Test
  void settings_anInvalidValue_namesItsVariable() {
    assertThatThrownBy(() -> StreamsMain.settings(Map.of("CORRELATE_STUCK_AFTER", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CORRELATE_STUCK_AFTER=soon: not a duration (use 500ms, 30s, 15m, 6h, 14d, 2w or PT15M)");
    assertThatThrownBy(() -> StreamsMain.settings(Map.of("CORRELATE_TOPIC_PARTITIONS", "three")))
        .hasMessageStartingWith("CORRELATE_TOPIC_PARTITIONS=three");
    assertThatThrownBy(
            () -> StreamsMain.settings(Map.of("CORRELATE_PROCESSING_GUARANTEE", "maybe")))
        .hasMessage(
            "CORRELATE_PROCESSING_GUARANTEE=maybe: not one of exactly_once_v2, at_least_once");
    assertThatThrownBy(() -> StreamsMain.settings(Map.of("CORRELATE_ROCKSDB_BYTES", "512KiB")))
        .hasMessage("CORRELATE_ROCKSDB_BYTES=512KiB: must be from 1048576 to 1099511627776");
    assertThatThrownBy(() -> StreamsMain.settings(Map.of("CORRELATE_HOLD_TIME", "0s")))
        .hasMessageStartingWith("CORRELATE_HOLD_TIME=0s: ");
  }

  @Test
  void streamsProperties_boundMemoryAndQuarantineErrors() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Properties p = StreamsConfiguration.properties(StreamsMain.settings(Map.of()), registry);

    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDb.class);
    assertThat(p.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo(16L << 20);
    assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo(DeadLetterHandlers.class);
    assertThat(p.get(DeadLetterHandlers.DEAD_LETTER_TOPIC)).isEqualTo("correlate.deadletter");
    assertThat(p.get(DeadLetterHandlers.METER_REGISTRY)).isSameAs(registry);
  }

  /**
   * snappy-java carries its native library for the platforms the service runs on (Linux on x86-64
   * and ARM64, and the developers' machines); lz4 is only the fallback where it cannot load.
   */
  @Test
  void streamsProperties_compressWithSnappyWhereItsLibraryWorks() {
    Properties p =
        StreamsConfiguration.properties(StreamsMain.settings(Map.of()), new SimpleMeterRegistry());

    assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG)))
        .isEqualTo("snappy");
  }

  /**
   * One budget for every producer and every topic Kafka Streams creates; replication and standbys
   * for a cluster.
   */
  @Test
  void streamsProperties_carryTheRecordBudgetAndClusterDefaults() {
    Properties p =
        StreamsConfiguration.properties(StreamsMain.settings(Map.of()), new SimpleMeterRegistry());

    assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
        .isEqualTo(8 << 20);
    assertThat(p.get(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
        .isEqualTo("8388608");
    assertThat(p.get(DeadLetterHandlers.MAX_RECORD_BYTES)).isEqualTo("8388608");
    assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(-1);
    assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
  }

  @Test
  void settings_replicationIsTheBrokersUnlessSet_andZeroIsRefused() {
    assertThat(StreamsMain.settings(Map.of()).topicReplication()).isEmpty();
    assertThat(StreamsMain.settings(Map.of("CORRELATE_REPLICATION_FACTOR", "3")).topicReplication())
        .contains((short) 3);
    assertThatThrownBy(() -> StreamsMain.settings(Map.of("CORRELATE_REPLICATION_FACTOR", "0")))
        .hasMessageStartingWith(
            "CORRELATE_REPLICATION_FACTOR=0: partitions and threads must be >= 1");
    assertThat(StreamsMain.settings(Map.of("CORRELATE_MAX_RECORD_BYTES", "16MiB")).maxRecordBytes())
        .isEqualTo(16 << 20);
  }
}

package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {
  private static final Map<String, String> HOME =
      Map.of("CORRELATE_OPENSEARCH_HOME", "/opt/opensearch");

  @Test
  void emptyEnvironment_givesTheDocumentedDefaults() {
    LauncherSettings settings = LauncherSettings.from(HOME);

    assertThat(settings.stateDir()).isEqualTo(Path.of(".correlate"));
    assertThat(settings.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(settings.kafkaControllerPort()).isEqualTo(19093);
    assertThat(settings.openSearchUrl()).isEqualTo("http://127.0.0.1:9200");
    assertThat(settings.openSearchTransportPort()).isEqualTo(9300);
    assertThat(settings.ingestUrl()).isEqualTo("http://127.0.0.1:8081");
    assertThat(settings.streamsUrl()).isEqualTo("http://127.0.0.1:8082");
    assertThat(settings.apiUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(settings.startTimeoutSeconds()).isEqualTo(300);
  }

  @Test
  void everyAddressAndPort_comesFromItsVariable() {
    LauncherSettings settings =
        LauncherSettings.from(
            Map.of(
                "CORRELATE_OPENSEARCH_HOME", "/opt/opensearch",
                "CORRELATE_STATE_DIR", "/tmp/state",
                "CORRELATE_KAFKA_BOOTSTRAP", "localhost:29092",
                "CORRELATE_KAFKA_CONTROLLER_PORT", "29093",
                "CORRELATE_OPENSEARCH_URL", "http://localhost:9201",
                "CORRELATE_OPENSEARCH_TRANSPORT_PORT", "9301",
                "CORRELATE_INGEST_PORT", "18081",
                "CORRELATE_STREAMS_PORT", "18082",
                "CORRELATE_API_HOST", "0.0.0.0",
                "CORRELATE_API_PORT", "18080"));

    assertThat(settings.stateDir()).isEqualTo(Path.of("/tmp/state"));
    assertThat(settings.kafkaBootstrap()).isEqualTo("localhost:29092");
    assertThat(settings.kafkaControllerPort()).isEqualTo(29093);
    assertThat(settings.openSearchUrl()).isEqualTo("http://localhost:9201");
    assertThat(settings.openSearchTransportPort()).isEqualTo(9301);
    assertThat(settings.openSearchHome()).isEqualTo(Path.of("/opt/opensearch"));
    assertThat(settings.ingestUrl()).isEqualTo("http://127.0.0.1:18081");
    assertThat(settings.streamsUrl()).isEqualTo("http://127.0.0.1:18082");
    assertThat(settings.apiUrl()).isEqualTo("http://0.0.0.0:18080");
  }

  @Test
  void aBadPort_isRejectedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                LauncherSettings.from(
                    Map.of("CORRELATE_OPENSEARCH_HOME", "/x", "CORRELATE_INGEST_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CORRELATE_INGEST_PORT=eighty: not an integer");
    assertThatThrownBy(
            () ->
                LauncherSettings.from(
                    Map.of(
                        "CORRELATE_OPENSEARCH_HOME",
                        "/x",
                        "CORRELATE_KAFKA_CONTROLLER_PORT",
                        "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORRELATE_KAFKA_CONTROLLER_PORT");
  }

  @Test
  void aBootstrapListOrAnOpenSearchUrlWithoutScheme_isRejected() {
    assertThatThrownBy(
            () ->
                LauncherSettings.from(
                    Map.of(
                        "CORRELATE_OPENSEARCH_HOME", "/x", "CORRELATE_KAFKA_BOOTSTRAP", "a:1,b:2")))
        .hasMessage(
            "CORRELATE_KAFKA_BOOTSTRAP=a:1,b:2: must be one host:port for the local broker");
    assertThatThrownBy(
            () ->
                LauncherSettings.from(
                    Map.of(
                        "CORRELATE_OPENSEARCH_HOME",
                        "/x",
                        "CORRELATE_OPENSEARCH_URL",
                        "localhost:9200")))
        .hasMessageContaining("CORRELATE_OPENSEARCH_URL");
  }

  @Test
  void theServicesSeeTheLocalStacksAddresses() {
    LauncherSettings settings =
        LauncherSettings.from(
            Map.of(
                "CORRELATE_OPENSEARCH_HOME", "/x", "CORRELATE_KAFKA_BOOTSTRAP", "127.0.0.1:29092"));

    Map<String, String> env = settings.serviceEnvironment(Map.of("CORRELATE_API_PORT", "18080"));

    assertThat(env)
        .containsEntry("CORRELATE_KAFKA_BOOTSTRAP", "127.0.0.1:29092")
        .containsEntry("CORRELATE_OPENSEARCH_URL", "http://127.0.0.1:9200")
        .containsEntry(
            "CORRELATE_API_HEALTH_URLS",
            "ingest=http://127.0.0.1:8081/health,streams=http://127.0.0.1:8082/health")
        .containsEntry("CORRELATE_API_PORT", "18080")
        .containsEntry("CORRELATE_STANDBY_REPLICAS", "0");
    assertThat(settings.serviceEnvironment(Map.of("CORRELATE_STANDBY_REPLICAS", "1")))
        .as("asked for, as a second instance beside the launcher would")
        .containsEntry("CORRELATE_STANDBY_REPLICAS", "1");
  }
}

package dev.correlate.testkit;

import dev.correlate.localstack.KafkaEndpoint;
import dev.correlate.localstack.OpenSearchEndpoint;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The shared stack on Testcontainers, for hosts with a Docker engine. Loaded only when {@code
 * correlate.it.docker=true}; Testcontainers' Ryuk removes the containers when the JVM exits.
 */
final class DockerStack {
  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  static final String OPENSEARCH_IMAGE = "opensearchproject/opensearch:2.19.4";

  private DockerStack() {}

  static KafkaEndpoint kafka() {
    KafkaContainer container =
        new KafkaContainer(KAFKA_IMAGE)
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .withEnv("KAFKA_HEAP_OPTS", "-Xmx512m");
    container.start();
    return container::getBootstrapServers;
  }

  static OpenSearchEndpoint openSearch() {
    GenericContainer<?> container =
        new GenericContainer<>(OPENSEARCH_IMAGE)
            .withEnv("discovery.type", "single-node")
            .withEnv("DISABLE_SECURITY_PLUGIN", "true")
            .withEnv("DISABLE_INSTALL_DEMO_CONFIG", "true")
            .withEnv("OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m")
            .withExposedPorts(9200)
            .waitingFor(
                Wait.forHttp("/")
                    .forPort(9200)
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(3)));
    container.start();
    String url = "http://" + container.getHost() + ":" + container.getMappedPort(9200);
    return () -> url;
  }
}

package dev.correlate.testkit;

import dev.correlate.localstack.KafkaEndpoint;
import dev.correlate.localstack.LocalKafka;
import dev.correlate.localstack.LocalOpenSearch;
import dev.correlate.localstack.OpenSearchEndpoint;
import dev.correlate.localstack.ScratchDir;
import java.nio.file.Path;

/**
 * One Kafka broker and one OpenSearch node per test JVM, started on first use (each on its own),
 * stopped by a shutdown hook.
 *
 * <p>By default they are {@link LocalKafka} and {@link LocalOpenSearch} on free ports, writing
 * under {@code target/local-kafka-*} and {@code target/local-opensearch-*} of the working
 * directory; no Docker is needed. With {@code -Dcorrelate.it.docker=true} they are Testcontainers
 * instead ({@code apache/kafka} and {@code opensearchproject/opensearch}, same versions).
 *
 * <p>Tests that stop a broker on purpose must start their own {@link LocalKafka}; the shared ones
 * are shared.
 */
public final class SharedStack {
  /** System property switching the shared stack to Testcontainers. */
  public static final String DOCKER_PROPERTY = "correlate.it.docker";

  private static KafkaEndpoint kafka;
  private static OpenSearchEndpoint openSearch;

  private SharedStack() {}

  /** The shared broker, started now if this is the first call. */
  public static synchronized KafkaEndpoint kafka() {
    if (kafka == null) {
      if (docker()) {
        kafka = DockerStack.kafka();
      } else {
        LocalKafka local = LocalKafka.onFreePorts(scratchDir("local-kafka-"));
        stopAtExit(local, "kafka");
        kafka = local.start();
      }
    }
    return kafka;
  }

  /** The shared OpenSearch node, started now if this is the first call. */
  public static synchronized OpenSearchEndpoint openSearch() {
    if (openSearch == null) {
      if (docker()) {
        openSearch = DockerStack.openSearch();
      } else {
        LocalOpenSearch local =
            LocalOpenSearch.onFreePorts(
                LocalOpenSearch.defaultHome(), scratchDir("local-opensearch-"));
        stopAtExit(local, "opensearch");
        openSearch = local.start();
      }
    }
    return openSearch;
  }

  /**
   * A new directory {@code target/<prefix>*} under the working directory, for a test's own broker
   * or node; readable by others, since an OpenSearch node in it may run as {@code nobody}.
   */
  public static Path scratchDir(String prefix) {
    return ScratchDir.create(prefix);
  }

  private static boolean docker() {
    return Boolean.getBoolean(DOCKER_PROPERTY);
  }

  private static void stopAtExit(AutoCloseable closeable, String name) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    closeable.close();
                  } catch (Exception e) {
                    System.err.println("could not stop the shared " + name + ": " + e);
                  }
                },
                "stop-shared-" + name));
  }
}

package dev.correlate.ingest;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the raw and dead-letter topics when absent and reports whether Kafka is reachable. An
 * unreachable broker at start-up makes ingest unhealthy, not dead: creation is retried on every
 * health check until it succeeds.
 */
final class KafkaAdmin implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaAdmin.class);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

  private final Admin admin;
  private final KafkaSettings settings;
  private volatile boolean topicsReady;

  KafkaAdmin(KafkaSettings settings) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "correlate-ingest-admin");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    this.admin = Admin.create(config);
    this.settings = settings;
  }

  @Override
  public String name() {
    return "kafka";
  }

  /** Creates the topics ingest writes, if absent; true when they exist now. */
  boolean ensureTopics() {
    if (topicsReady) {
      return true;
    }
    Map<String, String> configs =
        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.maxRecordBytes()));
    List<NewTopic> topics =
        List.of(settings.topics().raw(), settings.topics().deadLetter()).stream()
            .map(
                t ->
                    new NewTopic(t, Optional.of(settings.partitions()), Optional.empty())
                        .configs(configs))
            .toList();
    boolean ready = true;
    for (var entry : admin.createTopics(topics).values().entrySet()) {
      try {
        entry.getValue().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created topic {} with {} partitions", entry.getKey(), settings.partitions());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          LOG.warn("cannot create topic {}: {}", entry.getKey(), e.getCause().toString());
          ready = false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (java.util.concurrent.TimeoutException e) {
        LOG.warn("cannot create topic {}: no answer from {}", entry.getKey(), settings.bootstrap());
        ready = false;
      }
    }
    topicsReady = ready;
    return ready;
  }

  @Override
  public CheckResult check() {
    try {
      int nodes =
          admin
              .describeCluster()
              .nodes()
              .get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .size();
      if (nodes == 0) {
        return CheckResult.unhealthy("Kafka at " + settings.bootstrap() + " reports no brokers");
      }
      if (!ensureTopics()) {
        return CheckResult.unhealthy(
            "topics "
                + settings.topics().raw()
                + ", "
                + settings.topics().deadLetter()
                + " cannot be created on "
                + settings.bootstrap());
      }
      return CheckResult.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.unhealthy("interrupted");
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return CheckResult.unhealthy("Kafka unreachable at " + settings.bootstrap() + ": " + e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}

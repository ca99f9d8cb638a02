package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.Retention;
import dev.correlate.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams deployable: the Kafka Streams timeline topology, the indexer and the retention schedule.
 * Created by {@link StreamsMain#start}; {@link #close()} stops all three (Streams commits and closes its stores,
 * the indexer drops what it has not committed, to be replayed at the next start).
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

  private final KafkaStreams streams;
  private final Indexer indexer;
  private final OpenSearchClient client;
  private final ScheduledExecutorService retention;
  private final Component streamsHealth;

  private StreamsService(KafkaStreams streams, Indexer indexer, OpenSearchClient client,
                         ScheduledExecutorService retention) {
    this.streams = streams;
    this.indexer = indexer;
    this.client = client;
    this.retention = retention;
    this.streamsHealth = new Component() {
      @Override
      public String name() {
        return "streams";
      }

      @Override
      public CheckResult check() {
        KafkaStreams.State state = streams.state();
        switch (state) {
          case RUNNING:
            return CheckResult.OK;
          case CREATED:
          case REBALANCING:
            return CheckResult.degraded("Kafka Streams is " + state);
          default:
            return CheckResult.unhealthy("Kafka Streams is " + state);
        }
      }

      @Override
      public void close() {}
    };
  }

  static StreamsService start(StreamsSettings settings, Topology topology) {
    createTopics(settings);
    KafkaStreams streams = new KafkaStreams(topology, streamsProperties(settings));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    OpenSearchClient client = OpenSearchClients.create(settings.openSearch());
    Indexer indexer = new Indexer(settings, client);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "correlate-retention");
      t.setDaemon(true);
      return t;
    });
    Retention retention = new Retention(client, settings.openSearch().indices(), settings.eventsRetention(),
        settings.timelinesRetention());
    long every = settings.retentionInterval().toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        Retention.Result result = retention.runOnce(System.currentTimeMillis());
        // an hourly "deleted nothing" is noise in the stack's log
        if (!result.deletedIndices().isEmpty() || result.deletedTimelines() > 0) {
          LOG.info("retention deleted {} event indices and {} timelines", result.deletedIndices().size(),
              result.deletedTimelines());
        }
      } catch (StorageException e) {
        LOG.warn("retention failed, retrying at the next run: {}", e.getMessage());
      }
    }, Math.min(every, Duration.ofMinutes(1).toMillis()), every, TimeUnit.MILLISECONDS);
    streams.start();
    indexer.start();
    return new StreamsService(streams, indexer, client, scheduler);
  }

  /** The health components: {@code streams} and {@code indexer}. */
  public List<Component> components() {
    return List.of(streamsHealth, indexer);
  }

  /** The worst of the components' health. */
  public CheckResult check() {
    CheckResult worst = CheckResult.OK;
    List<String> details = new ArrayList<>();
    for (Component c : components()) {
      CheckResult r = c.check();
      if (!r.healthy()) {
        details.add(c.name() + ": " + r.detail());
      }
      if (r.status().compareTo(worst.status()) > 0) {
        worst = r;
      }
    }
    return worst.healthy() ? worst : new CheckResult(worst.status(), String.join("; ", details));
  }

  /** Kafka Streams' state, for tests and status output. */
  public KafkaStreams.State streamsState() {
    return streams.state();
  }

  @Override
  public void close() {
    indexer.close();
    streams.close(Duration.ofSeconds(30));
    retention.shutdownNow();
    OpenSearchClients.close(client);
  }

  static Properties streamsProperties(StreamsSettings s) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, s.processingGuarantee());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) s.replicationFactor());
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.standbyReplicas());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, s.cacheBytes());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
    p.put(BoundedRocksDb.CACHE_BYTES, Long.toString(s.rocksDbBytes()));
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    p.put(DeadLetterHandlers.DEAD_LETTER_TOPIC, s.topics().deadLetter());
    // summaries and pending events are small, but a 1 MB line plus envelope must still fit
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 4 << 20);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
    return p;
  }

  /** Creates the four topics when absent; the timelines topic is compacted. */
  static void createTopics(StreamsSettings s) {
    List<NewTopic> topics = List.of(
        new NewTopic(s.topics().raw(), s.partitions(), s.replicationFactor()),
        new NewTopic(s.topics().events(), s.partitions(), s.replicationFactor()),
        new NewTopic(s.topics().timelines(), s.partitions(), s.replicationFactor())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
        new NewTopic(s.topics().deadLetter(), s.partitions(), s.replicationFactor()));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap()))) {
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka at " + s.kafkaBootstrap() + " did not answer in 60 s", e);
    }
  }
}

package dev.correlate.bench;

import dev.correlate.core.health.Fatal;
import dev.correlate.ingest.IngestMain;
import dev.correlate.ingest.IngestService;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.Indices;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchTimelineWriter;
import dev.correlate.streams.Indexer;
import dev.correlate.streams.StreamsConfiguration;
import dev.correlate.streams.StreamsMain;
import dev.correlate.streams.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The end-to-end bench's floor: Correlate's own ingest, Kafka Streams with the streams service's
 * production configuration ({@link StreamsConfiguration}, exactly-once) and the service's indexer,
 * started in this JVM on the running stack's Kafka and OpenSearch, with {@link FloorTopology}
 * (parse and forward) in place of the timeline topology, on topics and indices of its own. It is
 * the least a pipeline of this architecture does per event: intake acknowledged after Kafka has the
 * data, a Kafka Streams step, the indexer's consumer group, the same documents. {@link #close()}
 * stops it and deletes its topics and state; its indices are the bench's to delete (they can only
 * go once the indexer has stopped).
 */
final class FloorPipeline implements AutoCloseable {
  private final IngestService ingest;
  private final KafkaStreams streams;
  private final OpenSearchClient client;
  private final BlockingHttp http;
  private final Indexer indexer;
  private final StreamsSettings settings;
  private final Path stateDir;

  private FloorPipeline(IngestService ingest, StreamsSettings settings, Path stateDir) {
    this.ingest = ingest;
    this.settings = settings;
    this.stateDir = stateDir;
    StreamsConfiguration.createTopics(settings);
    this.streams =
        new KafkaStreams(
            FloorTopology.build(settings.topics(), settings.topology()),
            StreamsConfiguration.properties(settings, new SimpleMeterRegistry()));
    this.client = OpenSearchClients.create(settings.openSearch());
    this.http = BlockingHttp.create(settings.openSearch());
    this.indexer =
        new Indexer(
            settings,
            new OpenSearchTimelineWriter<>(client, http, settings.openSearch(), settings.bulk()),
            new SimpleMeterRegistry(),
            Fatal.exitProcess());
    streams.start();
    indexer.start();
  }

  /**
   * Starts the floor with the launcher's environment (so {@code CORRELATE_*} tuning applies as it
   * does to the stack started from the same shell), overridden where it must differ: topics,
   * indices, state and port.
   */
  static FloorPipeline start(
      Map<String, String> launcherEnv, long runId, String kafkaBootstrap, URI openSearch) {
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("correlate-bench-floor");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the floor's state directory", e);
    }
    Map<String, String> env = new HashMap<>(launcherEnv);
    env.put("CORRELATE_KAFKA_BOOTSTRAP", kafkaBootstrap);
    env.put("CORRELATE_OPENSEARCH_URL", openSearch.toString());
    env.put("CORRELATE_TOPIC_PREFIX", "correlate-bench-floor-" + runId);
    env.put("CORRELATE_INDEX_PREFIX", "correlate-bench-floor");
    env.put("CORRELATE_STATE_DIR", stateDir.toString());
    env.remove("CORRELATE_STREAMS_STATE_DIR");
    env.remove("CORRELATE_STREAMS_APPLICATION_ID");
    env.remove("CORRELATE_INDEXER_GROUP");
    env.remove("CORRELATE_FIREHOSE_ACCESS_KEYS");
    env.put("CORRELATE_INGEST_HOST", "127.0.0.1");
    env.put("CORRELATE_INGEST_PORT", "0");
    StreamsSettings settings = StreamsMain.settings(env);
    IngestService ingest = IngestMain.start(IngestMain.settings(env));
    try {
      return new FloorPipeline(ingest, settings, stateDir);
    } catch (RuntimeException e) {
      ingest.close();
      throw e;
    }
  }

  URI ingest() {
    return URI.create("http://127.0.0.1:" + ingest.port() + "/ingest/firehose");
  }

  Indices indices() {
    return settings.openSearch().indices();
  }

  @Override
  public void close() {
    ingest.close();
    indexer.close();
    streams.close(Duration.ofSeconds(30));
    http.close();
    OpenSearchClients.close(client);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap()))) {
      // the consumer groups go with their topics' offsets (Kafka Streams does not leave its group
      // on close)
      admin
          .deleteTopics(
              List.of(
                  settings.topics().raw(),
                  settings.topics().events(),
                  settings.topics().timelines(),
                  settings.topics().deadLetter()))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("could not delete the floor's topics: " + e);
    }
    try (Stream<Path> files = Files.walk(stateDir)) {
      for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + stateDir + ": " + e);
    }
  }
}

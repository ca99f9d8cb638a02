package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import dev.correlate.core.health.Fatal;
import dev.correlate.core.health.HealthReport;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.OpenSearchClients;
import dev.correlate.storage.OpenSearchTimelineWriter;
import dev.correlate.storage.Retention;
import dev.correlate.storage.read.OpenSearchTimelineQueries;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams deployable: the Kafka Streams timeline topology, the indexer, the retention
 * schedule, and an HTTP endpoint of its own ({@code GET /health} in the shared {@link HealthReport}
 * shape, {@code GET /metrics} in Prometheus text). Created by {@link StreamsMain#start}; {@link
 * #close()} stops everything (Streams commits and closes its stores, the indexer drops what it has
 * not committed, to be replayed at the next start).
 *
 * <p>Health: {@code kafka} (the brokers answer), {@code kafka-streams} (RUNNING healthy, CREATED or
 * REBALANCING degraded, else unhealthy), {@code indexer}, {@code opensearch}, all essential;
 * advisory (degraded at most): {@code retention} (its last run) and the lag of the two consumer
 * groups ({@code streams-lag}, {@code indexer-lag}).
 *
 * <p>Self-healing or a clean exit: outages of Kafka and OpenSearch are waited out by every part
 * (stream threads that die on one are replaced, {@link StreamThreadFailures}; the indexer backs off
 * and rewinds; retention retries at its next run). Kafka Streams leaving for {@code ERROR} or
 * {@code NOT_RUNNING} while the service is not being closed, and an indexer error that no retry
 * heals, are reported to {@link Fatal}: the process ends (non-zero) and its supervisor restarts it,
 * instead of a half-dead service answering its health endpoint.
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

  /** How long a health check waits for a dependency to answer. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final KafkaStreams streams;
  private final Indexer indexer;
  private final OpenSearchClient client;
  private final BlockingHttp openSearchHttp;
  private final Admin admin;
  private final RetentionRuns retention;
  private final Component kafka;
  private final List<Component> lags;
  private final KafkaStreamsMetrics streamsMetrics;
  private final PeriodicGauges gauges;
  private volatile boolean closing;
  private Javalin http;

  private StreamsService(
      StreamsSettings settings,
      KafkaStreams streams,
      OpenSearchClient client,
      PrometheusMeterRegistry registry,
      Fatal fatal) {
    this.streams = streams;
    this.client = client;
    this.openSearchHttp = BlockingHttp.create(settings.openSearch());
    this.indexer =
        new Indexer(
            settings,
            new OpenSearchTimelineWriter<>(
                client,
                openSearchHttp,
                settings.openSearch(),
                settings.bulk(),
                new BulkMetrics(registry)),
            registry,
            fatal);
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.kafkaBootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                settings.applicationId() + "-health"));
    this.kafka = new BrokerCheck(admin, settings.kafkaBootstrap());
    this.lags =
        List.of(
            new GroupLag("streams-lag", admin, settings.applicationId(), settings.healthMaxLag()),
            new GroupLag("indexer-lag", admin, settings.indexerGroup(), settings.healthMaxLag()));
    this.retention =
        new RetentionRuns(
            new Retention(
                client,
                settings.openSearch(),
                settings.eventsRetention(),
                settings.timelinesRetention(),
                settings.topology().clockSkewTolerance()),
            settings.retentionInterval());
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    this.gauges =
        new PeriodicGauges(
            new JobGauges(
                new OpenSearchTimelineQueries(
                    client, openSearchHttp, settings.openSearch().indices()),
                settings.jobMetricsWindow(),
                settings.topology().diagnosisRules(),
                registry),
            new LagGauges(
                admin,
                Map.of("streams", settings.applicationId(), "indexer", settings.indexerGroup()),
                registry),
            settings.metricsInterval());
    streams.setUncaughtExceptionHandler(new StreamThreadFailures(System::currentTimeMillis));
    streams.setStateListener(
        (now, before) -> {
          if ((now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING)
              && !closing) {
            LOG.error(
                "Kafka Streams went from {} to {} and cannot process any more; ending the service so that it is "
                    + "restarted",
                before,
                now);
            fatal.failed("kafka-streams", new IllegalStateException("Kafka Streams is " + now));
          }
        });
  }

  /**
   * Creates the topics when absent, starts Kafka Streams on the timeline topology, the indexer,
   * retention and the HTTP endpoint. Metrics of all of them go to {@code registry}, which {@code
   * /metrics} serves; a part that cannot recover goes to {@code fatal}.
   */
  static StreamsService start(
      StreamsSettings settings, PrometheusMeterRegistry registry, Fatal fatal) {
    StreamsConfiguration.createTopics(settings);
    KafkaStreams streams =
        new KafkaStreams(
            TimelineTopology.build(settings.topics(), settings.topology(), registry),
            StreamsConfiguration.properties(settings, registry));
    StreamsService service =
        new StreamsService(
            settings, streams, OpenSearchClients.create(settings.openSearch()), registry, fatal);
    try {
      service.retention.start();
      streams.start();
      service.indexer.start();
      service.gauges.start();
      service.http =
          Javalin.create(
                  cfg -> {
                    cfg.startup.showJavalinBanner = false;
                    cfg.routes.get(
                        "/health",
                        ctx -> {
                          HealthReport report = service.health();
                          ctx.status(report.httpStatus())
                              .contentType("application/json")
                              .result(report.toJson());
                        });
                    cfg.routes.get(
                        "/metrics",
                        ctx ->
                            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                .result(registry.scrape()));
                  })
              .start(settings.httpHost(), settings.httpPort());
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    LOG.info(
        "streams running as {} on {}, health and metrics on http://{}:{}",
        settings.applicationId(),
        settings.kafkaBootstrap(),
        settings.httpHost(),
        service.port());
    return service;
  }

  /** The port of the health and metrics endpoint (useful when configured with port 0). */
  public int port() {
    return http.port();
  }

  /** Everything the service depends on, as served on {@code /health}. */
  public HealthReport health() {
    HealthReport.Builder report =
        HealthReport.builder()
            .essential(kafka)
            .essential("kafka-streams", streamsCheck())
            .essential(indexer)
            .essential("opensearch", OpenSearchClients.check(client))
            .advisory(retention);
    lags.forEach(report::advisory);
    return report.build();
  }

  /**
   * Whether the service is ready: Kafka Streams has its partitions and the indexer its templates.
   * The worst of the two, naming what is not healthy; lag and OpenSearch's own state are in {@link
   * #health()}.
   */
  public CheckResult check() {
    CheckResult worst = CheckResult.OK;
    List<String> details = new ArrayList<>();
    for (var part :
        List.of(
            Map.entry("kafka-streams", streamsCheck()), Map.entry("indexer", indexer.check()))) {
      CheckResult r = part.getValue();
      if (!r.healthy()) {
        details.add(part.getKey() + ": " + r.detail());
      }
      if (r.status().compareTo(worst.status()) > 0) {
        worst = r;
      }
    }
    return worst.healthy() ? worst : new CheckResult(worst.status(), String.join("; ", details));
  }

  private CheckResult streamsCheck() {
    KafkaStreams.State state = streams.state();
    return switch (state) {
      case RUNNING -> CheckResult.OK;
      case CREATED, REBALANCING -> CheckResult.degraded("Kafka Streams is " + state);
      default -> CheckResult.unhealthy("Kafka Streams is " + state);
    };
  }

  /** Kafka Streams' state, for tests and status output. */
  public KafkaStreams.State streamsState() {
    return streams.state();
  }

  @Override
  public void close() {
    closing = true;
    if (http != null) {
      http.stop();
    }
    indexer.close();
    streams.close(Duration.ofSeconds(30));
    streamsMetrics.close();
    gauges.close();
    retention.close();
    admin.close(Duration.ofSeconds(5));
    openSearchHttp.close();
    OpenSearchClients.close(client);
  }
}

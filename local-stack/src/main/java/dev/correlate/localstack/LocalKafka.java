package dev.correlate.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running as a child
 * JVM.
 *
 * <p>The child runs {@code kafka.Kafka} on this JVM's own classpath, which holds {@code kafka_2.13}
 * and an SLF4J binding through this module's dependencies; that works from a test JVM and from the
 * launcher's shaded jar alike. Its storage is formatted on the first start only, so {@link #stop()}
 * then {@link #start()} brings the same broker back on the same ports with its data. The broker
 * exits by itself when this JVM is gone, even after a SIGKILL ({@link ParentWatch}). Settings suit
 * one node: replication factors and the transaction log's min ISR are 1 (so {@code exactly_once_v2}
 * works), consumer groups rebalance without delay, topics are never created implicitly, and a
 * transaction's first produce may wait up to a second for the previous transaction to complete
 * rather than be bounced back to the producer. The largest record is Kafka's default, as on a
 * managed cluster: Correlate's topics carry their own {@code max.message.bytes} (its record
 * budget), so the tests show that they do.
 */
public final class LocalKafka extends ChildService implements KafkaEndpoint {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  private final Path dir;
  private final String host;
  private final int port;
  private final int controllerPort;

  private LocalKafka(Path dir, String host, int port, int controllerPort) {
    super("Kafka", START_TIMEOUT, STOP_GRACE);
    this.dir = dir.toAbsolutePath();
    this.host = host;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /**
   * A broker on two free loopback ports (client and controller), storing everything under {@code
   * dir}.
   */
  public static LocalKafka onFreePorts(Path dir) {
    int[] ports = Ports.freePair();
    return on(dir, "127.0.0.1", ports[0], ports[1]);
  }

  /** A broker listening on {@code host:port}, its controller on {@code host:controllerPort}. */
  public static LocalKafka on(Path dir, String host, int port, int controllerPort) {
    if (port == controllerPort) {
      throw new IllegalArgumentException("Kafka port and controller port must differ: " + port);
    }
    return new LocalKafka(dir, host, port, controllerPort);
  }

  /**
   * Formats the storage if this directory was never used, starts the broker and returns once an
   * admin client sees it. Does nothing if it is already running.
   *
   * @throws IllegalStateException if the broker does not come up, with the end of its log
   */
  public synchronized LocalKafka start() {
    if (isRunning()) {
      return this;
    }
    if (Ports.listening(host, port) || Ports.listening(host, controllerPort)) {
      throw new IllegalStateException(
          "cannot start Kafka: "
              + host
              + ":"
              + port
              + " or "
              + host
              + ":"
              + controllerPort
              + " is already in use");
    }
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(
          dir.resolve("server.properties"), serverProperties(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("logback.xml"), LOGBACK, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka directory " + dir, e);
    }
    if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      ChildProcess.run(
          javaCommand(
              "kafka.tools.StorageTool",
              "format",
              "-t",
              Uuid.randomUuid().toString(),
              "-c",
              dir.resolve("server.properties").toString()),
          dir,
          Map.of(),
          logFile(),
          Duration.ofMinutes(2));
    }
    launch(
        ChildProcess.start(
            javaCommand(
                ParentWatch.class.getName(),
                Long.toString(ProcessHandle.current().pid()),
                "kafka.Kafka",
                dir.resolve("server.properties").toString()),
            dir,
            Map.of(),
            logFile()));
    return this;
  }

  @Override
  public String bootstrapServers() {
    return host + ":" + port;
  }

  /** The broker's log (and the storage formatter's). */
  public Path logFile() {
    return dir.resolve("kafka.log");
  }

  /** Ready once the listener accepts connections and the cluster reports a broker. */
  @Override
  boolean ready() {
    if (!Ports.listening(host, port)) {
      return false;
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(props)) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  private List<String> javaCommand(String mainClass, String... args) {
    var command =
        new java.util.ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m",
                "-Xmx512m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp",
                absoluteClassPath(),
                mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * This JVM's class path with absolute entries, since the child runs in another working directory.
   */
  private static String absoluteClassPath() {
    return java.util.Arrays.stream(
            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Paths.get(entry).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  private String serverProperties() {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@" + host + ":" + controllerPort,
        "listeners=PLAINTEXT://"
            + host
            + ":"
            + port
            + ",CONTROLLER://"
            + host
            + ":"
            + controllerPort,
        "advertised.listeners=PLAINTEXT://" + host + ":" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "auto.create.topics.enable=false",
        "num.partitions=1",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4",
        // Transactions v2 (KIP-890): the first produce of a transaction waits until the previous
        // one's markers
        // are written; the broker absorbs that wait for this long before it answers
        // CONCURRENT_TRANSACTIONS (and
        // the producer logs a retry per partition). 100 ms by default, too short on a machine
        // shared with
        // OpenSearch and the services, where completing a commit takes up to a few hundred ms
        // (docs/decisions.md).
        "add.partitions.to.txn.retry.backoff.max.ms=1000",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "num.network.threads=2",
        "num.io.threads=4",
        "log.retention.hours=168",
        "");
  }

  private static final String LOGBACK =
      """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <logger name="kafka" level="INFO"/>
        <logger name="org.apache.kafka" level="INFO"/>
        <logger name="state.change.logger" level="WARN"/>
        <root level="WARN"><appender-ref ref="OUT"/></root>
      </configuration>
      """;
}

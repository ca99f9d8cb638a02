package dev.correlate.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OpenSearch cluster of several {@link LocalOpenSearch} nodes on one host, each its own
 * child process with its own ports and data directory ({@code <dir>/node-<i>}), run as {@code
 * nobody} when this JVM runs as root, as the single node is. Every node holds data and may be
 * cluster manager; they find each other through their transport ports ({@code
 * discovery.seed_hosts}).
 *
 * <p>The first node alone bootstraps a new cluster ({@code cluster.initial_cluster_manager_nodes}),
 * so the nodes start one after the other and the others join it; once the cluster is formed a
 * restart of any node rejoins it from its data. Built for scale-out tests (shards and their
 * replicas on distinct nodes); a cluster of two cannot lose a node and keep electing a manager —
 * fail-over of the cluster manager needs three.
 */
public final class LocalOpenSearchCluster implements OpenSearchEndpoint, AutoCloseable {
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(120);
  private static final String HOST = "127.0.0.1";

  private final List<LocalOpenSearch> nodes;

  private LocalOpenSearchCluster(List<LocalOpenSearch> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * A cluster of {@code size} nodes (at least 2) of the distribution at {@code home}, on free
   * loopback ports, node {@code i} writing under {@code <dir>/node-<i>}.
   */
  public static LocalOpenSearchCluster onFreePorts(Path home, Path dir, int size) {
    if (size < 2) {
      throw new IllegalArgumentException(
          "a cluster has at least 2 nodes (one node: LocalOpenSearch), got " + size);
    }
    int[] ports = Ports.distinct(2 * size);
    List<String> seedHosts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      seedHosts.add(HOST + ":" + ports[2 * i + 1]);
    }
    // the directory name tells clusters apart, so no node can join another test's cluster
    String clusterName = "correlate-" + dir.getFileName();
    List<LocalOpenSearch> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      LocalOpenSearch.Membership membership =
          new LocalOpenSearch.Membership(clusterName, nodeName(i), seedHosts, List.of(nodeName(0)));
      nodes.add(
          LocalOpenSearch.member(
              home, dir.resolve(nodeName(i)), HOST, ports[2 * i], ports[2 * i + 1], membership));
    }
    return new LocalOpenSearchCluster(nodes);
  }

  private static String nodeName(int i) {
    return "node-" + i;
  }

  /**
   * Starts every node not running, the first one first, and returns once the cluster has all its
   * nodes ({@code _cluster/health?wait_for_nodes}).
   *
   * @throws IllegalStateException if a node does not come up (with the end of its log) or the nodes
   *     do not form one cluster in time
   */
  public synchronized LocalOpenSearchCluster start() {
    for (LocalOpenSearch node : nodes) {
      node.start();
    }
    long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
    while (!nodes
        .get(0)
        .answers("/_cluster/health?wait_for_nodes=" + nodes.size() + "&timeout=2s")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the "
                + nodes.size()
                + " OpenSearch nodes did not form one cluster within "
                + FORM_TIMEOUT
                + "; see "
                + nodes.stream().map(LocalOpenSearch::logFile).toList());
      }
      pause();
    }
    return this;
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the OpenSearch cluster was forming", e);
    }
  }

  /** The nodes, the bootstrapping one first. */
  public List<LocalOpenSearch> nodes() {
    return nodes;
  }

  /** The first node's URL; every node serves the whole cluster's indices. */
  @Override
  public String url() {
    return nodes.get(0).url();
  }

  /** Stops every node, the last one first. */
  @Override
  public synchronized void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}

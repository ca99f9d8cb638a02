package dev.correlate.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real single-node OpenSearch (the {@code integ-test-zip} distribution, core features only: no
 * Painless, no security plugin) running as a child process.
 *
 * <p>The distribution directory is only read. Everything the node writes (its {@code config} copy
 * with the keystore, {@code data}, {@code logs}, {@code tmp}) lives under the given directory, so a
 * stop and a start on the same directory keep the data. OpenSearch refuses to run as root; when
 * this JVM runs as root the node runs as {@code nobody:nogroup} through {@code setpriv}, the
 * directory is handed to that user and the distribution is made world-readable (a Maven unpack also
 * loses the scripts' exec bits, restored here).
 */
public final class LocalOpenSearch extends ChildService implements OpenSearchEndpoint {
  /**
   * System property naming the unpacked distribution; defaults to where this module's build
   * unpacked it.
   */
  public static final String HOME_PROPERTY = "correlate.opensearch.home";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final String HEAP = "512m";

  private final Path home;
  private final Path dir;
  private final String host;
  private final int httpPort;
  private final int transportPort;
  private final Membership membership;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalOpenSearch(
      Path home, Path dir, String host, int httpPort, int transportPort, Membership membership) {
    super(
        membership.equals(Membership.ALONE) ? "OpenSearch" : "OpenSearch " + membership.nodeName(),
        START_TIMEOUT,
        STOP_GRACE);
    this.home = home.toAbsolutePath();
    this.dir = dir.toAbsolutePath();
    this.host = host;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
    this.membership = membership;
  }

  /**
   * How a node finds its cluster: alone ({@code discovery.type: single-node}), or as one node of a
   * {@link LocalOpenSearchCluster}, through the others' transport addresses.
   *
   * @param seedHosts the transport addresses ({@code host:port}) of the cluster's nodes
   * @param initialManagers the nodes whose votes elect the first cluster manager of a new cluster
   */
  record Membership(
      String clusterName, String nodeName, List<String> seedHosts, List<String> initialManagers) {
    static final Membership ALONE =
        new Membership("correlate-local", "local", List.of(), List.of());

    Membership {
      seedHosts = List.copyOf(seedHosts);
      initialManagers = List.copyOf(initialManagers);
    }
  }

  /**
   * A node of the distribution at {@code home} on two free loopback ports, writing under {@code
   * dir}.
   */
  public static LocalOpenSearch onFreePorts(Path home, Path dir) {
    int[] ports = Ports.freePair();
    return on(home, dir, "127.0.0.1", ports[0], ports[1]);
  }

  /** A node serving HTTP on {@code host:httpPort}, its transport on {@code host:transportPort}. */
  public static LocalOpenSearch on(
      Path home, Path dir, String host, int httpPort, int transportPort) {
    return member(home, dir, host, httpPort, transportPort, Membership.ALONE);
  }

  /** A node as {@link #on} makes it, belonging to the cluster {@code membership} describes. */
  static LocalOpenSearch member(
      Path home, Path dir, String host, int httpPort, int transportPort, Membership membership) {
    if (httpPort == transportPort) {
      throw new IllegalArgumentException(
          "OpenSearch HTTP and transport ports must differ: " + httpPort);
    }
    if (!Files.isRegularFile(home.resolve("bin").resolve("opensearch"))) {
      throw new IllegalArgumentException(
          "no OpenSearch distribution at "
              + home
              + " (build the local-stack module, or set "
              + HOME_PROPERTY
              + ")");
    }
    if (isRoot()) {
      return new LocalOpenSearch(
          reachableByNobody(home.toAbsolutePath()),
          reachableByNobody(dir.toAbsolutePath()),
          host,
          httpPort,
          transportPort,
          membership);
    }
    return new LocalOpenSearch(home, dir, host, httpPort, transportPort, membership);
  }

  /**
   * {@code path}, or — when {@code nobody} cannot enter one of its parents (a clone under {@code
   * /root} or in a {@code mktemp -d} directory) — a place under the system temporary directory that
   * it can enter: the distribution is copied there once; a node directory lives there and {@code
   * path} becomes a link to it, so its logs are still found where the caller looks.
   */
  private static Path reachableByNobody(Path path) {
    if (traversableByOthers(path.getParent())) {
      return path;
    }
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    Path target =
        base.resolve(
            "correlate-"
                + path.getFileName()
                + "-"
                + Integer.toHexString(path.toString().hashCode()));
    try {
      if (Files.isSymbolicLink(path)) {
        return Files.readSymbolicLink(path);
      }
      if (Files.isRegularFile(path.resolve("bin").resolve("opensearch"))) {
        if (!Files.isRegularFile(target.resolve("bin").resolve("opensearch"))) {
          copyTree(path, target);
        }
        return target;
      }
      Files.createDirectories(target);
      Files.createDirectories(path.getParent());
      if (Files.isDirectory(path)) {
        try (Stream<Path> entries = Files.list(path)) {
          if (entries.findAny().isEmpty()) {
            Files.delete(path);
          }
        }
      }
      if (!Files.exists(path)) {
        Files.createSymbolicLink(path, target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot make " + path + " reachable for the nobody user under " + base, e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = partial.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(
              source,
              target,
              StandardCopyOption.COPY_ATTRIBUTES,
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean traversableByOthers(Path path) {
    try {
      for (Path p = path; p != null; p = p.getParent()) {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The unpacked distribution: system property {@value #HOME_PROPERTY}, else the directory the
   * local-stack build unpacked it to.
   */
  public static Path defaultHome() {
    String property = System.getProperty(HOME_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    try (InputStream in = LocalOpenSearch.class.getResourceAsStream("localstack.properties")) {
      Properties props = new Properties();
      props.load(in);
      return Path.of(props.getProperty("opensearch.home"));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(
          "localstack.properties is missing from the local-stack jar", e);
    }
  }

  /**
   * Starts the node and returns once {@code GET /} answers 200. Does nothing if it is already
   * running.
   *
   * @throws IllegalStateException if the node does not come up, with the end of its log
   */
  public synchronized LocalOpenSearch start() {
    if (isRunning()) {
      return this;
    }
    if (Ports.listening(host, httpPort) || Ports.listening(host, transportPort)) {
      throw new IllegalStateException(
          "cannot start OpenSearch: "
              + host
              + ":"
              + httpPort
              + " or "
              + host
              + ":"
              + transportPort
              + " is already in use");
    }
    boolean root = isRoot();
    prepareDirectory(root);
    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    command.addAll(
        List.of(
            home.resolve("bin").resolve("opensearch").toString(),
            "-p",
            dir.resolve("opensearch.pid").toString()));
    Map<String, String> env =
        Map.of(
            "OPENSEARCH_JAVA_HOME", System.getProperty("java.home"),
            "OPENSEARCH_PATH_CONF", dir.resolve("config").toString(),
            "OPENSEARCH_JAVA_OPTS", "-Xms" + HEAP + " -Xmx" + HEAP,
            "OPENSEARCH_TMPDIR", dir.resolve("tmp").toString(),
            "HOME", dir.toString());
    launch(ChildProcess.start(command, dir, env, dir.resolve("console.log")));
    return this;
  }

  @Override
  public String url() {
    return "http://" + host + ":" + httpPort;
  }

  /** The node's console output; its own logs are under {@code <dir>/logs}. */
  public Path logFile() {
    return dir.resolve("console.log");
  }

  private void prepareDirectory(boolean root) {
    try {
      for (String sub : List.of("config", "data", "logs", "tmp")) {
        Files.createDirectories(dir.resolve(sub));
      }
      copyConfig(home.resolve("config"), dir.resolve("config"));
      Files.writeString(
          dir.resolve("config").resolve("opensearch.yml"), openSearchYml(), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("config").resolve("jvm.options"),
          jvmOptions(Files.readString(home.resolve("config").resolve("jvm.options"))),
          StandardCharsets.UTF_8);
      makeRunnable(root);
      if (root) {
        requireTraversableByOthers(dir.getParent());
        requireTraversableByOthers(home);
        handToNobody();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare OpenSearch directory " + dir, e);
    }
  }

  private static void copyConfig(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!Files.exists(target)) {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /**
   * Restores the scripts' exec bits and, for a node run as another user, makes the distribution
   * readable.
   */
  private void makeRunnable(boolean root) throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(path));
        boolean executable =
            Files.isDirectory(path)
                || (path.getParent().endsWith("bin")
                    && !path.getFileName().toString().contains("."));
        Set<PosixFilePermission> wanted = EnumSet.noneOf(PosixFilePermission.class);
        wanted.add(PosixFilePermission.OWNER_READ);
        if (root) {
          wanted.addAll(List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        }
        if (executable) {
          wanted.add(PosixFilePermission.OWNER_EXECUTE);
          if (root) {
            wanted.addAll(
                List.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
          }
        }
        if (!perms.containsAll(wanted)) {
          perms.addAll(wanted);
          Files.setPosixFilePermissions(path, perms);
        }
      }
    }
  }

  /**
   * {@code nobody} must reach the node's directory and the distribution through every parent
   * directory.
   */
  private static void requireTraversableByOthers(Path path) throws IOException {
    for (Path p = path; p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IllegalStateException(
            "OpenSearch runs as nobody, which cannot enter "
                + p
                + " (chmod o+x "
                + p
                + ", or use another directory)");
      }
    }
  }

  private void handToNobody() throws IOException {
    UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
    UserPrincipal nobody = users.lookupPrincipalByName("nobody");
    GroupPrincipal nogroup = users.lookupPrincipalByGroupName("nogroup");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(nobody);
        view.setGroup(nogroup);
      }
    }
  }

  /**
   * Ready once {@code GET /} answers 200 (the setpriv wrapper execs into the node, so its pid is
   * the node's). A node of a cluster answers it before the cluster has formed.
   */
  @Override
  boolean ready() {
    return answers("/");
  }

  /** Whether {@code GET path} answers 200 now; false while the node does not answer. */
  boolean answers(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for OpenSearch", e);
    }
  }

  private String jvmOptions(String original) {
    return original
        .replaceAll("(?m)^-Xms\\S+$", "-Xms" + HEAP)
        .replaceAll("(?m)^-Xmx\\S+$", "-Xmx" + HEAP)
        .replace("HeapDumpPath=data", "HeapDumpPath=" + dir.resolve("data"))
        .replace("logs/", dir.resolve("logs") + "/");
  }

  private String openSearchYml() {
    List<String> discovery =
        membership.seedHosts().isEmpty()
            ? List.of("discovery.type: single-node")
            : List.of(
                "discovery.seed_hosts: " + membership.seedHosts(),
                "cluster.initial_cluster_manager_nodes: " + membership.initialManagers());
    return String.join(
        "\n",
        "cluster.name: " + membership.clusterName(),
        "node.name: " + membership.nodeName(),
        String.join("\n", discovery),
        "network.host: " + host,
        "http.port: " + httpPort,
        "transport.port: " + transportPort,
        "path.data: " + dir.resolve("data"),
        "path.logs: " + dir.resolve("logs"),
        // a nearly full disk must not make indices read-only on a developer machine
        "cluster.routing.allocation.disk.threshold_enabled: false",
        // with a 512 MiB heap the real-memory breaker trips on bursts of bulk requests
        "indices.breaker.total.use_real_memory: false",
        "");
  }

  private static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}

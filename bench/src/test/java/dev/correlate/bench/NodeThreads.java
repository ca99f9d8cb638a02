package dev.correlate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local OpenSearch node's CPU by thread pool: each thread's CPU ticks from {@code
 * /proc/<pid>/task/<tid>/stat}, its name from {@code jcmd <pid> Thread.print} (the Linux names are
 * cut at 15 characters; run as the node's user, {@code nobody} when the test kit started it as
 * root), grouped by the pool in the name ({@code opensearch[node][write][T#1]} → {@code write}),
 * Lucene's merge threads as {@code merge}, the compilers as {@code jit}, the collector's as {@code
 * gc}. Threads that ended between two readings are not counted (Lucene starts a thread per merge).
 */
final class NodeThreads {
  private static final Pattern POOL = Pattern.compile("^opensearch\\[[^\\]]*\\]\\[([a-z_]+)");
  private static final Pattern THREAD = Pattern.compile("^\"([^\"]+)\".* nid=(0x[0-9a-f]+)");

  /** {@code CLK_TCK}: 100 ticks a second on Linux. */
  private static final double MS_PER_TICK = 10;

  private final long pid;

  private NodeThreads(long pid) {
    this.pid = pid;
  }

  /** The node at {@code node}, which must run on this machine. */
  static NodeThreads of(URI node) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(node.resolve("/_nodes/_local/process")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    JsonNode nodes = Json.mapper().readTree(response.body()).path("nodes");
    return new NodeThreads(nodes.elements().next().path("process").path("id").asLong());
  }

  /** CPU ticks (user + system) by thread id now. */
  Map<String, Long> ticks() throws IOException {
    Map<String, Long> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          // fields after the command's closing parenthesis: state is the 3rd, utime the 14th
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.put(task.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException ended) {
          // the thread ended while listed
        }
      }
    }
    return out;
  }

  /** The milliseconds of CPU each pool spent between {@code before} and {@code after}. */
  Map<String, Double> byPool(Map<String, Long> before, Map<String, Long> after)
      throws IOException, InterruptedException {
    Map<String, String> names = names();
    Map<String, Double> out = new TreeMap<>();
    after.forEach(
        (tid, ticks) -> {
          long spent = ticks - before.getOrDefault(tid, 0L);
          if (spent > 0) {
            out.merge(pool(names.getOrDefault(tid, "?")), spent * MS_PER_TICK, Double::sum);
          }
        });
    return out;
  }

  static String pool(String name) {
    if (name.contains("Lucene Merge Thread")) {
      return "merge";
    }
    if (name.contains("CompilerThread")) {
      return "jit";
    }
    if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
      return "gc";
    }
    Matcher m = POOL.matcher(name);
    if (m.find()) {
      String pool = m.group(1);
      return pool;
    }
    return "other";
  }

  /** Thread names by Linux thread id, from the node's own thread dump. */
  private Map<String, String> names() throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                List.of(
                    "setpriv",
                    "--reuid=nobody",
                    "--regid=nogroup",
                    "--clear-groups",
                    "jcmd",
                    Long.toString(pid),
                    "Thread.print"))
            .redirectErrorStream(true)
            .start();
    String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor();
    Map<String, String> out = new HashMap<>();
    for (String line : dump.split("\n")) {
      Matcher m = THREAD.matcher(line);
      if (m.find()) {
        out.put(Long.toString(Long.decode(m.group(2))), m.group(1));
      }
    }
    return out;
  }
}

package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.localstack.LocalOpenSearch;
import dev.correlate.localstack.Ports;
import dev.correlate.simulator.GroundTruth;
import dev.correlate.testkit.SharedStack;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The launcher end to end, as a user runs it: {@code demo} (which starts the stack with {@code up
 * --background} on free ports and replays simulated traffic into ingest), then every hint the demo
 * printed, run as printed — shell commands by bash, with {@code ./correlate} standing for the
 * launcher script, URLs fetched — each checked to show what its comment says; the last hint, {@code
 * down}, must leave no process of the stack behind.
 */
class LauncherIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private final HttpClient http = HttpClient.newHttpClient();
  private StringWriter output = new StringWriter();

  @Test
  void demo_startsTheStackInTheBackground_everyPrintedHintShowsWhatItSays_andDownLeavesNoProcess()
      throws Exception {
    assertThat(onPath("bash") && onPath("curl"))
        .as(
            "the demo's hints are run with bash and curl: install them "
                + "(Debian: apt-get install bash curl)")
        .isTrue();
    Path state = SharedStack.scratchDir("launcher-it-");
    Map<String, String> env =
        Map.of(
            "CORRELATE_STATE_DIR", state.toString(),
            "CORRELATE_OPENSEARCH_HOME", LocalOpenSearch.defaultHome().toString(),
            "CORRELATE_KAFKA_BOOTSTRAP", "127.0.0.1:" + Ports.free(),
            "CORRELATE_KAFKA_CONTROLLER_PORT", String.valueOf(Ports.free()),
            "CORRELATE_OPENSEARCH_URL", "http://127.0.0.1:" + Ports.free(),
            "CORRELATE_OPENSEARCH_TRANSPORT_PORT", String.valueOf(Ports.free()),
            "CORRELATE_INGEST_PORT", String.valueOf(Ports.free()),
            "CORRELATE_STREAMS_PORT", String.valueOf(Ports.free()),
            "CORRELATE_API_PORT", String.valueOf(Ports.free()));
    LauncherSettings settings = LauncherSettings.from(env);
    StateDir dir = new StateDir(state);
    try {
      assertThat(run(env, "demo")).as(output::toString).isZero();
      assertThat(output.toString())
          .contains("Correlate is up.", settings.ingestUrl(), "rejected 0.");
      List<ProcessHandle> stack =
          List.of(StateDir.Part.values()).stream()
              .map(dir::running)
              .flatMap(Optional::stream)
              .toList();
      assertThat(stack).hasSize(3);

      Path truthFile = dir.root().resolve("demo").resolve("truth.json");
      GroundTruth truth = GroundTruth.read(truthFile);
      DemoGuide guide = DemoGuide.of(settings, truth, truthFile, false);
      assertThat(output.toString())
          .as("the guide the test runs is the one the demo printed")
          .contains(guide.text());

      Hints hints = new Hints(env, truth, settings, Files.createDirectories(state.resolve("user")));
      assertThat(guide.hints())
          .extracting(DemoGuide.Hint::shows)
          .contains(DemoGuide.Shows.values());
      for (DemoGuide.Hint hint : guide.hints()) {
        hints.check(hint);
      }
      assertThat(stack).noneMatch(ProcessHandle::isAlive);
      assertThat(Ports.listening(settings.kafkaHost(), settings.kafkaPort())).isFalse();
      assertThat(Ports.listening(settings.openSearchHost(), settings.openSearchPort())).isFalse();
    } finally {
      dir.stopAll(Duration.ofSeconds(30));
    }
  }

  private int run(Map<String, String> env, String... args) {
    output = new StringWriter();
    var cli = CorrelateCli.commandLine(env);
    cli.setOut(new PrintWriter(output, true));
    cli.setErr(new PrintWriter(output, true));
    return cli.execute(args);
  }

  private static boolean onPath(String command) {
    return List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
  }

  /**
   * What running a hint gave: exit status, standard output, and standard error (for a URL, its
   * content type).
   */
  private record Ran(int exit, String out, String err) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(out);
      } catch (IOException e) {
        return Json.mapper().missingNode();
      }
    }

    /** The printed lines, without the paging hint. */
    List<String> lines() {
      return out.lines().filter(l -> !l.isBlank() && !l.startsWith("more: --cursor")).toList();
    }
  }

  /**
   * Runs the demo's hints as a user would, in a working directory whose {@code ./correlate} starts
   * the CLI on this test's class path (the launcher script does the same on the built jar), and
   * checks what each shows.
   */
  private final class Hints {
    private final Map<String, String> env;
    private final LauncherSettings settings;
    private final Path home;
    private final String jobId;
    private final GroundTruth.JobTruth job;

    Hints(Map<String, String> env, GroundTruth truth, LauncherSettings settings, Path home)
        throws IOException {
      this.env = env;
      this.settings = settings;
      this.home = home;
      this.jobId = DemoGuide.focus(truth).getKey();
      this.job = DemoGuide.focus(truth).getValue();
      Path launcher = home.resolve("correlate");
      Files.writeString(
          launcher,
          "#!/usr/bin/env bash\nexec '"
              + Path.of(System.getProperty("java.home"), "bin", "java")
              + "' -cp '"
              + System.getProperty("java.class.path")
              + "' "
              + CorrelateCli.class.getName()
              + " \"$@\"\n");
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Runs {@code hint} until it shows what it says, or fails after {@link #PATIENCE} with what it
     * showed.
     */
    void check(DemoGuide.Hint hint) throws InterruptedException {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      String problem;
      while (true) {
        Ran ran = run(hint);
        problem = problem(hint, ran);
        if (problem == null) {
          return;
        }
        if (hint.shows() == DemoGuide.Shows.STOP || System.nanoTime() > deadline) {
          throw new AssertionError(
              hint.command()
                  + "  # "
                  + hint.comment()
                  + "\n  "
                  + problem
                  + "\n--- output:\n"
                  + ran.out()
                  + ran.err());
        }
        // the demo waited for one job; other timelines may still be on their way to the index
        Thread.sleep(2_000);
      }
    }

    /** Runs a hint: a shell command by bash, a URL by a GET (its status as the exit status). */
    private Ran run(DemoGuide.Hint hint) {
      try {
        if (hint.shows() == DemoGuide.Shows.CONSOLE || hint.shows() == DemoGuide.Shows.INDICES) {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(hint.command())).build(),
                  HttpResponse.BodyHandlers.ofString());
          return new Ran(
              response.statusCode() == 200 ? 0 : response.statusCode(),
              response.body(),
              response.headers().firstValue("Content-Type").orElse(""));
        }
        Path err = home.resolve("stderr");
        ProcessBuilder bash =
            new ProcessBuilder("bash", "-c", hint.command())
                .directory(home.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        bash.environment().putAll(env);
        Process process = bash.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ran(process.waitFor(), out, Files.readString(err));
      } catch (IOException e) {
        return new Ran(-1, "", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** What is wrong with what {@code hint} showed, or null when it shows what its comment says. */
    private String problem(DemoGuide.Hint hint, Ran ran) {
      if (ran.exit() != 0) {
        return "exit status " + ran.exit();
      }
      boolean cli = hint.command().startsWith("./correlate");
      return switch (hint.shows()) {
        case CONSOLE -> ran.err().startsWith("text/html") ? null : "not an HTML page: " + ran.err();
        case INDICES ->
            ran.out().contains(" correlate-timelines-")
                ? null
                : "no correlate-timelines-* index (a timelines home) listed";
        case FAILED_JOBS -> cli ? failedJobsTable(ran) : failedJobsJson(ran.json());
        case JOB -> cli ? jobText(ran.out()) : jobJson(ran.json());
        case JOB_TIMELINE -> jobTimeline(ran.json());
        case FAILURE_CONTEXT -> failureContext(ran.json());
        case REQUEST_TIMELINE -> cli ? requestTimelineText(ran) : requestTimelineJson(ran.json());
        case ERROR_SEARCH -> cli ? errorSearchText(ran) : errorSearchJson(ran.json());
        case OPENAPI ->
            ran.json().path("openapi").asText().startsWith("3.")
                    && ran.json().path("paths").has("/api/v1/search")
                ? null
                : "not the OpenAPI document";
        case STATUS ->
            ran.out().contains("query API") && !ran.out().contains("DOWN")
                ? null
                : "a part is down";
        case STOP ->
            ran.out().contains("Stopped the local stack") ? null : "did not stop the stack";
      };
    }

    private String failedJobsTable(Ran ran) {
      List<String> rows = ran.lines();
      if (rows.size() < 2 || !rows.get(0).startsWith("JOB")) {
        return "no table of jobs";
      }
      if (!rows.subList(1, rows.size()).stream().allMatch(r -> r.contains(" FAILED "))) {
        return "a job listed is not FAILED";
      }
      return focusFailed() && rows.stream().noneMatch(r -> r.startsWith(jobId + " "))
          ? jobId + " not listed"
          : null;
    }

    private String failedJobsJson(JsonNode page) {
      List<String> statuses = texts(page.path("items"), "status");
      if (statuses.isEmpty() || !statuses.stream().allMatch("failed"::equals)) {
        return "not a non-empty list of failed jobs: " + statuses;
      }
      return focusFailed() && !texts(page.path("items"), "job_id").contains(jobId)
          ? jobId + " not listed"
          : null;
    }

    private String jobText(String out) {
      List<String> expected =
          new ArrayList<>(
              List.of(
                  "job " + jobId + "  " + job.status().toUpperCase(),
                  "stage " + job.stage(),
                  "timeline:"));
      if (job.category() != null) {
        expected.addAll(List.of("diagnosis: " + job.category(), "evidence (in time order):"));
      }
      return expected.stream()
          .filter(e -> !out.contains(e))
          .findFirst()
          .map(e -> "no '" + e + "'")
          .orElse(null);
    }

    private String jobJson(JsonNode j) {
      String category =
          j.path("failure").path("category").isTextual()
              ? j.path("failure").path("category").asText()
              : null;
      String actual = j.path("status").asText() + " " + j.path("stage").asText() + " " + category;
      String expected = job.status() + " " + job.stage() + " " + job.category();
      return actual.equals(expected)
          ? null
          : "status, stage, category " + actual + ", expected " + expected;
    }

    private String jobTimeline(JsonNode body) {
      List<String> times = texts(body.path("events"), "timestamp");
      if (times.size() < job.events()) {
        return times.size() + " events, expected " + job.events();
      }
      return inOrder(times, false) ? null : "events not in time order";
    }

    private String failureContext(JsonNode context) {
      if (!context.path("category").asText().equals(String.valueOf(job.category()))) {
        return "category " + context.path("category") + ", expected " + job.category();
      }
      List<String> times = texts(context.path("evidence"), "timestamp");
      return times.isEmpty()
          ? "no evidence"
          : inOrder(times, false) ? null : "evidence not in time order";
    }

    private String requestTimelineText(Ran ran) {
      List<String> lines = ran.lines();
      return !lines.isEmpty()
              && lines.get(0).startsWith("correlation " + job.correlationId())
              && lines.size() > 2
              && !ran.out().contains("no events match")
          ? null
          : "no timeline of the request";
    }

    private String requestTimelineJson(JsonNode body) {
      List<String> times = texts(body.path("events"), "timestamp");
      return body.path("id").asText().equals(job.correlationId())
              && !times.isEmpty()
              && inOrder(times, false)
          ? null
          : "no timeline of the request, in order";
    }

    private String errorSearchText(Ran ran) {
      List<String> lines = ran.lines();
      return !lines.isEmpty() && lines.stream().allMatch(l -> l.contains("  ERROR  "))
          ? null
          : "not a non-empty list of ERROR events";
    }

    private String errorSearchJson(JsonNode page) {
      List<String> levels = texts(page.path("events"), "level");
      if (levels.isEmpty() || !levels.stream().allMatch("ERROR"::equals)) {
        return "not a non-empty list of ERROR events: " + levels;
      }
      if (!inOrder(texts(page.path("events"), "timestamp"), true)) {
        return "not newest first";
      }
      // the filter did something: the same search without it finds other levels
      return texts(get("/api/v1/search?limit=1000").path("events"), "level").stream()
              .allMatch("ERROR"::equals)
          ? "every event is an ERROR: the search shows no filtering"
          : null;
    }

    private boolean focusFailed() {
      return "failed".equals(job.status());
    }

    private JsonNode get(String path) {
      try {
        return Json.mapper()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(settings.apiUrl() + path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  /**
   * Whether ISO instants (same format, so comparable as text) are ascending, or descending when
   * asked.
   */
  private static boolean inOrder(List<String> times, boolean descending) {
    Predicate<Integer> ok =
        i ->
            descending
                ? times.get(i - 1).compareTo(times.get(i)) >= 0
                : times.get(i - 1).compareTo(times.get(i)) <= 0;
    for (int i = 1; i < times.size(); i++) {
      if (!ok.test(i)) {
        return false;
      }
    }
    return true;
  }
}

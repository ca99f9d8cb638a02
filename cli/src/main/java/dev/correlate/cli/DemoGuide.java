package dev.correlate.cli;

import dev.correlate.simulator.GroundTruth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code correlate demo} prints once the replayed traffic is served: the console's address
 * first (and the focus job's page in it), then CLI commands, then the same questions with curl,
 * each with a comment saying what it shows. Every hint is data, so that a test runs exactly the
 * printed commands against a demo stack and checks that each shows what its comment says ({@code
 * LauncherIT}).
 */
final class DemoGuide {
  /** What a hint shows. */
  enum Shows {
    CONSOLE,
    FAILED_JOBS,
    JOB,
    JOB_TIMELINE,
    FAILURE_CONTEXT,
    REQUEST_TIMELINE,
    ERROR_SEARCH,
    OPENAPI,
    STATUS,
    INDICES,
    STOP
  }

  /**
   * One printed hint.
   *
   * @param command what to run (a shell command line) or open (a URL), exactly as printed
   * @param comment what it shows, printed after {@code #}; empty for URLs and the last line
   */
  record Hint(Shows shows, String command, String comment) {}

  /** Events of every level but this one are filtered out by the search hints. */
  private static final String SEARCH_PATTERN = "{ $.level = \"ERROR\" }";

  private final Hint console;
  private final String jobId;
  private final Hint consoleJob;
  private final List<Hint> cli;
  private final String curlHeading;
  private final List<Hint> curl;
  private final Hint indices;
  private final Path truthFile;
  private final Hint stop;

  private DemoGuide(
      Hint console,
      String jobId,
      Hint consoleJob,
      List<Hint> cli,
      String curlHeading,
      List<Hint> curl,
      Hint indices,
      Path truthFile,
      Hint stop) {
    this.console = console;
    this.jobId = jobId;
    this.consoleJob = consoleJob;
    this.cli = List.copyOf(cli);
    this.curlHeading = curlHeading;
    this.curl = List.copyOf(curl);
    this.indices = indices;
    this.truthFile = truthFile;
    this.stop = stop;
  }

  /** The job the guide is about: the replay's first failed job (else its first job). */
  static Map.Entry<String, GroundTruth.JobTruth> focus(GroundTruth truth) {
    return truth.jobs().entrySet().stream()
        .filter(job -> "failed".equalsIgnoreCase(job.getValue().status()))
        .findFirst()
        .orElse(truth.jobs().entrySet().iterator().next());
  }

  /**
   * The guide to the demo's stack at {@code settings} after the replay whose ground truth is {@code
   * truth} (read from {@code truthFile}), around its {@link #focus} job and the request that
   * submitted it.
   *
   * @param withToken whether the API requires a bearer token: curl then sends {@code $TOKEN}
   */
  static DemoGuide of(
      LauncherSettings settings, GroundTruth truth, Path truthFile, boolean withToken) {
    Map.Entry<String, GroundTruth.JobTruth> focus = focus(truth);
    String jobId = focus.getKey();
    GroundTruth.JobTruth job = focus.getValue();
    String correlationId = job.correlationId();
    String api = settings.apiUrl() + "/api/v1";
    String curlGet = "curl -s " + (withToken ? "-H \"Authorization: Bearer $TOKEN\" " : "");
    String jobSays =
        "job "
            + jobId
            + ": expected "
            + job.status()
            + (job.category() == null ? "" : ", " + job.category())
            + " at stage "
            + job.stage();
    String search = "'" + SEARCH_PATTERN + "'";

    List<Hint> cli = new ArrayList<>();
    cli.add(
        new Hint(Shows.FAILED_JOBS, "./correlate jobs --status failed", "failed jobs, diagnosed"));
    cli.add(
        new Hint(Shows.JOB, "./correlate job " + jobId, jobSays + "; its evidence and timeline"));
    if (correlationId != null) {
      cli.add(
          new Hint(
              Shows.REQUEST_TIMELINE,
              "./correlate timeline " + correlationId,
              "the request that submitted it, across services"));
    }
    cli.add(
        new Hint(
            Shows.ERROR_SEARCH, "./correlate search " + search, "ERROR events only, newest first"));
    cli.add(new Hint(Shows.STATUS, "./correlate status", "what runs where"));

    List<Hint> curl = new ArrayList<>();
    curl.add(
        new Hint(
            Shows.FAILED_JOBS,
            curlGet + "'" + api + "/jobs?status=failed'",
            "failed jobs, diagnosed"));
    curl.add(new Hint(Shows.JOB, curlGet + "'" + api + "/jobs/" + jobId + "'", jobSays));
    curl.add(
        new Hint(
            Shows.JOB_TIMELINE,
            curlGet + "'" + api + "/jobs/" + jobId + "/timeline'",
            "every line of that job, in order"));
    curl.add(
        new Hint(
            Shows.FAILURE_CONTEXT,
            curlGet + "'" + api + "/jobs/" + jobId + "/failure-context'",
            "why it failed, with its evidence in time order"));
    if (correlationId != null) {
      curl.add(
          new Hint(
              Shows.REQUEST_TIMELINE,
              curlGet + "'" + api + "/correlations/" + correlationId + "/timeline'",
              "the request that submitted it"));
    }
    curl.add(
        new Hint(
            Shows.ERROR_SEARCH,
            curlGet + "-G '" + api + "/search' --data-urlencode 'filter=" + SEARCH_PATTERN + "'",
            "ERROR events only, newest first"));
    curl.add(new Hint(Shows.OPENAPI, "curl -s '" + api + "/openapi.json'", "the whole API"));

    // the console's views live in the URL's fragment: this link opens the job's page directly
    return new DemoGuide(
        new Hint(Shows.CONSOLE, settings.apiUrl() + "/", ""),
        jobId,
        new Hint(Shows.CONSOLE, settings.apiUrl() + "/#/jobs/" + jobId, ""),
        cli,
        "Or ask the API with curl"
            + (withToken ? " (export TOKEN=<one of CORRELATE_API_TOKENS>):" : ":"),
        curl,
        new Hint(Shows.INDICES, settings.openSearchUrl() + "/_cat/indices?v", ""),
        truthFile,
        new Hint(Shows.STOP, "./correlate down", ""));
  }

  /** Every hint, in the order printed. */
  List<Hint> hints() {
    return Stream.of(
            Stream.of(console, consoleJob), cli.stream(), curl.stream(), Stream.of(indices, stop))
        .flatMap(s -> s)
        .toList();
  }

  /** The guide as printed. */
  String text() {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Open the console: " + console.command());
    lines.add("  job " + jobId + " in it: " + consoleJob.command());
    lines.add("");
    lines.add(
        "Or ask from the command line (in this environment, so that the CLI finds this stack):");
    lines.addAll(commented(cli));
    lines.add(curlHeading);
    lines.addAll(commented(curl));
    lines.add("");
    lines.add("OpenSearch's indices: " + indices.command());
    lines.add("What the simulator expects: " + truthFile);
    lines.add("Stop everything: " + stop.command());
    return String.join(System.lineSeparator(), lines);
  }

  /** Commands with their comments lined up after the longest command (within reason). */
  private static List<String> commented(List<Hint> hints) {
    int width = Math.min(72, hints.stream().mapToInt(h -> h.command().length()).max().orElse(0));
    return hints.stream()
        .map(
            h ->
                "  "
                    + h.command()
                    + " ".repeat(Math.max(1, width - h.command().length() + 1))
                    + " # "
                    + h.comment())
        .toList();
  }
}

package dev.correlate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules through promtool: {@code check rules} (syntax, PromQL, templates), {@code test
 * rules} (the unit tests of deploy/prometheus/tests: alerts fire when they should and stay quiet
 * when they should not) and {@code check config --syntax-only} (prometheus.yml; the token file it
 * names exists only in the container).
 */
class PromtoolTest {
  private static final String INSTALL =
      "promtool is not on the PATH: install Debian's prometheus package "
          + "(apt-get install prometheus), which ships it; .ci/run installs it when missing";

  @Test
  void rules_passPromtoolsCheck() {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    args.addAll(DeployFiles.list("deploy/prometheus/rules", ".yml"));

    assertSucceeds(promtool(args));
  }

  @Test
  void rules_passTheirUnitTests() {
    List<String> tests = DeployFiles.list("deploy/prometheus/tests", ".yml");
    assertThat(tests).isNotEmpty();
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    args.addAll(tests);

    Result result = promtool(args);

    assertSucceeds(result);
    assertThat(result.output()).doesNotContain("FAILED");
  }

  @Test
  void prometheusConfig_isValid() {
    assertSucceeds(
        promtool(List.of("check", "config", "--syntax-only", "deploy/prometheus/prometheus.yml")));
  }

  @Test
  void aFailingRuleTest_failsPromtool() throws IOException {
    Path dir = Files.createTempDirectory("promtool-test");
    Files.writeString(
        dir.resolve("t.yml"),
        "rule_files: ['"
            + DeployFiles.path("deploy/prometheus/rules/correlate.yml")
            + "']\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'correlate_streams_jobs_stuck{category=\"x\"}'\n"
            + "        values: '1+0x10'\n    alert_rule_test:\n      - eval_time: 2m\n        alertname: CorrelateBacktestStuck\n"
            + "        exp_alerts: [{exp_labels: {category: x, severity: critical}}]\n");

    Result result = promtool(List.of("test", "rules", dir.resolve("t.yml").toString()));

    assertThat(result.exitCode()).as("the stuck alert must not fire before its `for`").isNotZero();
    assertThat(result.output()).contains("FAILED");
  }

  private record Result(int exitCode, String output) {}

  private static void assertSucceeds(Result result) {
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static Result promtool(List<String> args) {
    String promtool = onPath("promtool");
    assertThat(promtool).as(INSTALL).isNotNull();
    List<String> command = new ArrayList<>();
    command.add(promtool);
    command.addAll(args);
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(DeployFiles.ROOT.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
      return new Result(process.exitValue(), String.join(" ", command) + "\n" + output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}

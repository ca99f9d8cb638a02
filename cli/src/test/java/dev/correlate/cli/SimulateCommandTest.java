package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.simulator.GroundTruth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void simulate_writesOneRequestPerLineAndTheTruthNextToIt() throws Exception {
    Path traffic = dir.resolve("traffic.ndjson");

    int exit =
        cli()
            .execute(
                "simulate",
                "--out",
                traffic.toString(),
                "--seed",
                "3",
                "--jobs",
                "1",
                "--requests",
                "4",
                "--now",
                "2026-11-27T10:00:00Z",
                "--env",
                "staging");

    assertThat(exit).as(err.toString()).isZero();
    GroundTruth truth = GroundTruth.read(dir.resolve("traffic.truth.json"));
    assertThat(Files.readAllLines(traffic))
        .hasSize((int) truth.counts().requests())
        .allMatch(line -> line.startsWith("{\"requestId\":"));
    assertThat(truth.settings().seed()).isEqualTo(3);
    assertThat(truth.settings().now()).isEqualTo(1_795_773_600_000L);
    assertThat(truth.settings().env()).isEqualTo("staging");
    assertThat(out.toString()).contains("Firehose requests", "Ground truth", "traffic.truth.json");
  }

  @Test
  void simulate_sameFlagsTwice_writesIdenticalFiles() throws Exception {
    Path first = dir.resolve("a.ndjson");
    Path second = dir.resolve("b.ndjson");

    cli()
        .execute(
            "simulate",
            "--out",
            first.toString(),
            "--now",
            "1795773600000",
            "--truth",
            dir.resolve("a.json").toString());
    cli()
        .execute(
            "simulate",
            "--out",
            second.toString(),
            "--now",
            "1795773600000",
            "--truth",
            dir.resolve("b.json").toString());

    assertThat(second).hasSameBinaryContentAs(first);
    assertThat(dir.resolve("b.json")).hasSameBinaryContentAs(dir.resolve("a.json"));
  }

  @Test
  void simulate_invalidSetting_failsNamingIt() {
    int exit =
        cli()
            .execute(
                "simulate", "--out", dir.resolve("x.ndjson").toString(), "--duplicate-rate", "2");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("duplicateRate=2.0");
    assertThat(dir.resolve("x.ndjson")).doesNotExist();
  }

  private CommandLine cli() {
    CommandLine cli = CorrelateCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }
}

package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CorrelateCliTest {
  @TempDir
  Path dir;

  @Test
  void help_listsTheLauncherCommands() {
    StringWriter out = new StringWriter();
    CommandLine cli = CorrelateCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("up", "down", "status");
  }

  @Test
  void status_ofAStackThatIsNotRunning_saysDownAndFails() {
    StringWriter out = new StringWriter();
    CommandLine cli = CorrelateCli.commandLine(env());
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("status")).isEqualTo(3);
    assertThat(out.toString()).contains("Kafka", "DOWN", dir.toString());
  }

  @Test
  void down_withNothingRunning_succeeds() {
    StringWriter out = new StringWriter();
    CommandLine cli = CorrelateCli.commandLine(env());
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("down")).isZero();
    assertThat(out.toString()).contains("Nothing was running");
  }

  @Test
  void anInvalidSetting_failsNamingTheVariable() {
    StringWriter err = new StringWriter();
    CommandLine cli = CorrelateCli.commandLine(Map.of("CORRELATE_API_PORT", "http"));
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("status")).isNotZero();
    assertThat(err.toString()).contains("CORRELATE_API_PORT");
  }

  /** A stack on ports nothing listens on, in a fresh state directory. */
  private Map<String, String> env() {
    return Map.of("CORRELATE_STATE_DIR", dir.toString(), "CORRELATE_OPENSEARCH_HOME", dir.toString(),
        "CORRELATE_KAFKA_BOOTSTRAP", "127.0.0.1:1", "CORRELATE_OPENSEARCH_URL", "http://127.0.0.1:2",
        "CORRELATE_INGEST_PORT", "3", "CORRELATE_API_PORT", "4");
  }
}

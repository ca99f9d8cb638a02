package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CorrelateCliTest {
  /**
   * A row of a "Commands:" list that starts an entry: its name, then the first line of its summary.
   */
  private static final Pattern COMMAND_ENTRY = Pattern.compile("^  (\\S+)\\s+(.*)$");

  @TempDir Path dir;

  @Test
  void help_listsTheLauncherCommands() {
    StringWriter out = new StringWriter();
    CommandLine cli = CorrelateCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("up", "down", "status");
  }

  @Test
  void help_everyCommandsSummary_isAWholeSentence_inTheWholeCommandTree() {
    Map<String, String> summaries = new TreeMap<>();
    collectSummaries(CorrelateCli.commandLine(Map.of()), "correlate", summaries);

    assertThat(summaries)
        .containsKeys(
            "correlate demo",
            "correlate simulate",
            "correlate bench e2e",
            "correlate aws subscribe",
            "correlate help");
    assertThat(summaries)
        .allSatisfy(
            (command, summary) ->
                assertThat(summary).as(command).matches("\\p{Lu}.*\\.").doesNotContain("  "));
  }

  @Test
  void help_noSummaryIsContinuedInTheRestOfTheDescription() {
    List<String> continued = new ArrayList<>();
    tree(
        CorrelateCli.commandLine(Map.of()),
        "correlate",
        (name, command) -> {
          String[] description = command.getCommandSpec().usageMessage().description();
          if (description.length > 1
              && !description[1].isEmpty()
              && Character.isLowerCase(description[1].charAt(0))) {
            continued.add(name + ": " + description[0] + " / " + description[1]);
          }
        });

    assertThat(continued).isEmpty();
  }

  /**
   * The summary line of every subcommand in the tree under {@code command}, read from the
   * "Commands:" list of its parent's help as a user sees it (an 80-column terminal), the wrapped
   * lines of an entry joined.
   */
  private static void collectSummaries(
      CommandLine command, String name, Map<String, String> summaries) {
    if (command.getSubcommands().isEmpty()) {
      return;
    }
    command.setUsageHelpWidth(80);
    String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    String current = null;
    for (String line :
        help.substring(help.indexOf("Commands:") + "Commands:".length()).split("\\R")) {
      Matcher entry = COMMAND_ENTRY.matcher(line);
      if (entry.matches() && command.getSubcommands().containsKey(entry.group(1))) {
        current = name + " " + entry.group(1);
        summaries.put(current, entry.group(2).trim());
      } else if (current != null && !line.isBlank()) {
        summaries.merge(current, line.trim(), (a, b) -> a + " " + b);
      }
    }
    command
        .getSubcommands()
        .forEach((sub, subcommand) -> collectSummaries(subcommand, name + " " + sub, summaries));
  }

  private static void tree(
      CommandLine command, String name, BiConsumer<String, CommandLine> visit) {
    visit.accept(name, command);
    command
        .getSubcommands()
        .forEach((sub, subcommand) -> tree(subcommand, name + " " + sub, visit));
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
    return Map.of(
        "CORRELATE_STATE_DIR",
        dir.toString(),
        "CORRELATE_OPENSEARCH_HOME",
        dir.toString(),
        "CORRELATE_KAFKA_BOOTSTRAP",
        "127.0.0.1:1",
        "CORRELATE_OPENSEARCH_URL",
        "http://127.0.0.1:2",
        "CORRELATE_INGEST_PORT",
        "3",
        "CORRELATE_API_PORT",
        "4");
  }
}

package dev.correlate.cli;

import dev.correlate.bench.BenchCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code correlate} launcher and command-line client. This is the only class of the CLI that
 * reads the process environment; subcommands get it through {@link #env()} (declare
 * {@code @ParentCommand CorrelateCli root}).
 */
@Command(
    name = "correlate",
    mixinStandardHelpOptions = true,
    versionProvider = CorrelateCli.Version.class,
    description = "Correlate: CloudWatch Logs timelines per correlation id and backtest job.",
    // Every subcommand, in the order `correlate --help` lists them. Register a new one here.
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      DemoCommand.class,
      TimelineCommand.class,
      JobCommand.class,
      JobsCommand.class,
      SearchCommand.class,
      SimulateCommand.class,
      BackfillCommand.class,
      AwsCommand.class,
      DashboardsCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class CorrelateCli implements Runnable {
  private final Map<String, String> env;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public CorrelateCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The command line over {@code env}; tests run it with an environment of their own. */
  static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new CorrelateCli(env), new Factory(env));
  }

  /** The environment every subcommand reads its settings from. */
  public Map<String, String> env() {
    return env;
  }

  /** The launcher settings of this environment. */
  LauncherSettings launcherSettings() {
    return LauncherSettings.from(env);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Creates the commands that live outside this module ({@link BenchCommand}) with the environment.
   */
  private record Factory(Map<String, String> env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      return type == BenchCommand.class
          ? type.cast(new BenchCommand(env))
          : CommandLine.defaultFactory().create(type);
    }
  }

  /** The project version, from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CorrelateCli.class.getPackage().getImplementationVersion();
      return new String[] {"correlate " + (version == null ? "(development build)" : version)};
    }
  }
}

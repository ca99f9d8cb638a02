package dev.correlate.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code correlate down}: stops the local stack, foreground or background, and leaves no process
 * behind.
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stop the local stack started by `correlate up` or `correlate demo`; its data stays in .correlate/.")
final class DownCommand implements Callable<Integer> {
  @ParentCommand CorrelateCli root;

  @Override
  public Integer call() {
    LauncherSettings settings = root.launcherSettings();
    PrintWriter out = root.spec.commandLine().getOut();
    StateDir state = new StateDir(settings.stateDir());
    int stopped = state.stopAll(Duration.ofSeconds(90));
    out.println(
        stopped == 0
            ? "Nothing was running."
            : "Stopped the local stack (" + stopped + " process(es)).");
    return 0;
  }
}

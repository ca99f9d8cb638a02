package dev.correlate.cli;

import java.io.PrintWriter;

/**
 * What the query commands share: print the rendered answer, or the failure in words, with an exit
 * code.
 */
final class QueryCommands {
  interface Body {
    String text(Render render);
  }

  private QueryCommands() {}

  static int run(CorrelateCli root, ApiOptions options, Body body) {
    PrintWriter out = root.spec.commandLine().getOut();
    PrintWriter err = root.spec.commandLine().getErr();
    try {
      out.print(body.text(options.render(root)));
      out.flush();
      return 0;
    } catch (ApiClient.Failure failure) {
      err.println("correlate: " + failure.getMessage());
      err.flush();
      return failure.exitCode();
    }
  }
}

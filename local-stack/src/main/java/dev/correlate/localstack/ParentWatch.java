package dev.correlate.localstack;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of the test kit's child JVMs: {@code ParentWatch <parent pid> <main class> <args...>}
 * runs the main class and exits (running its shutdown hooks) as soon as the parent process is gone,
 * so that a test JVM or launcher killed with SIGKILL leaves no broker behind. Not an API.
 */
public final class ParentWatch {
  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ParentWatch <parent pid> <main class> [args...]");
    }
    ProcessHandle parent = ProcessHandle.of(Long.parseLong(args[0])).orElse(null);
    if (parent == null || !parent.isAlive()) {
      System.err.println("parent process " + args[0] + " is gone; not starting " + args[1]);
      System.exit(1);
    }
    parent
        .onExit()
        .thenRun(
            () -> {
              System.err.println("parent process " + args[0] + " is gone; stopping " + args[1]);
              System.exit(0);
            });
    try {
      Class.forName(args[1])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

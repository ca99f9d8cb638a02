package dev.correlate.bench;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A harness's variant: its classes loaded again in a class loader of their own, with a directory of
 * classes (another commit's, compiled there) in front of this JVM's class path, so that two builds
 * are measured in one sitting, round by round.
 */
final class ClassesInFront {
  private ClassesInFront() {}

  /**
   * The static method {@code name} of {@code type} as loaded with {@code classes} in front of the
   * class path; with an empty {@code classes}, the class path alone (still a loader of its own).
   */
  static Method method(String classes, Class<?> type, String name, Class<?>... parameters)
      throws Exception {
    List<URL> urls = new ArrayList<>();
    if (!classes.isEmpty()) {
      urls.add(Path.of(classes).toUri().toURL());
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    ClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    return loader.loadClass(type.getName()).getMethod(name, parameters);
  }
}

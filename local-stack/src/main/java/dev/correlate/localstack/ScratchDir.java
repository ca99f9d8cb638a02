package dev.correlate.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Fresh directories for a broker or node of a test run. */
public final class ScratchDir {
  private ScratchDir() {}

  /**
   * A new directory {@code target/<prefix>*} under the working directory; readable by others, since
   * an OpenSearch node in it may run as {@code nobody}.
   */
  public static Path create(String prefix) {
    try {
      Path target = Files.createDirectories(Path.of("target"));
      return Files.createTempDirectory(
              target,
              prefix,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")))
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory under target/", e);
    }
  }
}

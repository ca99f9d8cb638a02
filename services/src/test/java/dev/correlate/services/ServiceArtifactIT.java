package dev.correlate.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged service artifact ({@code target/correlate-services.jar} and {@code target/lib/},
 * what the Dockerfile copies): its runtime closure holds the three services and none of the
 * launcher, the local stack (broker, Scala), the test kit, the simulator, the benchmarks or a test
 * framework. An IT because it reads what {@code package} built.
 */
class ServiceArtifactIT {
  private static final Path TARGET = Path.of("target");

  @Test
  void theRuntimeClosure_holdsNoLauncherTestStackSimulatorOrBenchmark() throws IOException {
    List<Path> jars = new ArrayList<>(lib());
    jars.add(TARGET.resolve("correlate-services.jar"));

    assertThat(ArtifactScan.violations(jars)).isEmpty();
    assertThat(lib())
        .extracting(p -> p.getFileName().toString())
        .anyMatch(n -> n.startsWith("correlate-ingest-"))
        .anyMatch(n -> n.startsWith("correlate-streams-"))
        .anyMatch(n -> n.startsWith("correlate-query-api-"))
        .anyMatch(n -> n.startsWith("kafka-clients-"));
  }

  @Test
  void theManifest_startsTheDispatcher_andItsClassPathIsLib() throws IOException {
    try (JarFile jar = new JarFile(TARGET.resolve("correlate-services.jar").toFile())) {
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo(Services.class.getName());
      List<String> classPath =
          Arrays.asList(manifest.getValue(Attributes.Name.CLASS_PATH).split(" "));
      assertThat(classPath)
          .isNotEmpty()
          .allSatisfy(entry -> assertThat(TARGET.resolve(entry)).exists());
      assertThat(classPath).hasSameSizeAs(lib());
    }
  }

  private static List<Path> lib() throws IOException {
    try (Stream<Path> files = Files.list(TARGET.resolve("lib"))) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }
}

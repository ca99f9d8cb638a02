package dev.correlate.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan behind {@code ServiceArtifactIT} finds what it is meant to find. */
class ArtifactScanTest {
  @TempDir Path dir;

  @Test
  void aJarWithBrokerClasses_underAnInnocentName_isFound() throws IOException {
    Path jar = jar("innocent-1.0.jar", "kafka/server/KafkaServer.class");

    assertThat(ArtifactScan.violations(List.of(jar)))
        .containsExactly("innocent-1.0.jar: forbidden class kafka/server/KafkaServer.class");
  }

  @Test
  void aForbiddenArtifact_isFoundByName() throws IOException {
    Path jar = jar("picocli-4.7.7.jar", "META-INF/MANIFEST.MF");

    assertThat(ArtifactScan.violations(List.of(jar)))
        .containsExactly("picocli-4.7.7.jar: forbidden artifact picocli");
  }

  @Test
  void theKafkaClients_areAllowed() throws IOException {
    Path jar =
        jar("kafka-clients-4.1.1.jar", "org/apache/kafka/clients/producer/KafkaProducer.class");

    assertThat(ArtifactScan.violations(List.of(jar))).isEmpty();
  }

  private Path jar(String name, String entry) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      zip.putNextEntry(new JarEntry(entry));
      zip.write(new byte[] {1});
      zip.closeEntry();
    }
    return jar;
  }
}

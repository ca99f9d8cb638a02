package dev.correlate.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.jar.JarFile;

/**
 * What must never be in the service artifact: the broker and Scala, the local stack, the test kit,
 * the simulator, the benchmarks, the CLI and the test and benchmark frameworks. Checked by jar name
 * and by the classes inside.
 */
final class ArtifactScan {
  /** Fragments of a jar's file name that name a forbidden artifact. */
  static final List<String> FORBIDDEN_JARS =
      List.of(
          "kafka_2.13",
          "scala-",
          "correlate-local-stack",
          "correlate-testkit",
          "correlate-simulator",
          "correlate-bench",
          "correlate-cli",
          "picocli",
          "junit",
          "testcontainers",
          "playwright",
          "wiremock",
          "jmh-",
          "assertj",
          "kafka-streams-test-utils",
          "archunit");

  /** Package prefixes (as jar entry paths) of forbidden classes. */
  static final List<String> FORBIDDEN_CLASSES =
      List.of(
          "kafka/",
          "scala/",
          "dev/correlate/localstack/",
          "dev/correlate/testkit/",
          "dev/correlate/simulator/",
          "dev/correlate/bench/",
          "dev/correlate/cli/",
          "picocli/",
          "org/junit/",
          "org/testcontainers/",
          "com/microsoft/playwright/",
          "com/github/tomakehurst/wiremock/",
          "org/wiremock/",
          "org/openjdk/jmh/",
          "org/assertj/",
          "com/tngtech/");

  private ArtifactScan() {}

  /**
   * Every forbidden jar or class in {@code jars}, as {@code <jar>: <why>}; empty when the artifact
   * is clean.
   */
  static List<String> violations(Collection<Path> jars) {
    List<String> found = new ArrayList<>();
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      FORBIDDEN_JARS.stream()
          .filter(name::contains)
          .forEach(f -> found.add(name + ": forbidden artifact " + f));
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(e -> e.getName())
            .filter(e -> e.endsWith(".class"))
            .filter(e -> FORBIDDEN_CLASSES.stream().anyMatch(e::startsWith))
            .findFirst()
            .ifPresent(e -> found.add(name + ": forbidden class " + e));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + jar, e);
      }
    }
    return found;
  }
}

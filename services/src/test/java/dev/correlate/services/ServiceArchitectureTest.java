package dev.correlate.services;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.correlate.api.archfixture.ApiUsingKafka;
import dev.correlate.ingest.archfixture.IngestUsingStreams;
import dev.correlate.streams.archfixture.StreamsUsingTestCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Import rules of the code the service image runs (core, storage, ingest, streams, query API), on
 * the main classes of this module's class path. Each rule is also run on a fixture that breaks it,
 * so none of them passes by matching nothing.
 */
class ServiceArchitectureTest {
  private static final String[] SERVICE_CODE = {
    "dev.correlate.core..",
    "dev.correlate.storage..",
    "dev.correlate.ingest..",
    "dev.correlate.streams..",
    "dev.correlate.api..",
    "dev.correlate.services.."
  };

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.correlate");

  static final ArchRule NO_LAUNCHER_TEST_STACK_SIMULATOR_OR_BENCHMARK =
      noClasses()
          .that()
          .resideInAnyPackage(SERVICE_CODE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.correlate.cli..",
              "dev.correlate.bench..",
              "dev.correlate.localstack..",
              "dev.correlate.simulator..",
              "dev.correlate.testkit..",
              "kafka..",
              "scala..",
              "picocli..",
              "org.openjdk.jmh..",
              "org.junit..",
              "org.assertj..",
              "org.testcontainers..",
              "com.github.tomakehurst.wiremock..",
              "com.microsoft.playwright..")
          .because(
              "the service image ships only services: the launcher, the local stack, the test kit, the simulator "
                  + "and the benchmarks live beside them");

  static final ArchRule NO_KAFKA_IN_THE_QUERY_API =
      noClasses()
          .that()
          .resideInAPackage("dev.correlate.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka..")
          .because(
              "the query API reads OpenSearch and asks the other services for their health over HTTP");

  private static final String INGEST = "dev.correlate.ingest..";
  private static final String STREAMS = "dev.correlate.streams..";
  private static final String API = "dev.correlate.api..";
  private static final String SERVICES = "dev.correlate.services..";

  static final List<ArchRule> DEPENDENCIES_POINT_INWARD =
      List.of(
          independent(INGEST, STREAMS, API, SERVICES),
          independent(STREAMS, INGEST, API, SERVICES),
          independent(API, INGEST, STREAMS, SERVICES),
          independent("dev.correlate.storage..", INGEST, STREAMS, API, SERVICES),
          independent(
              "dev.correlate.core..", "dev.correlate.storage..", INGEST, STREAMS, API, SERVICES));

  private static ArchRule independent(String code, String... deployables) {
    return noClasses()
        .that()
        .resideInAPackage(code)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(deployables)
        .because(
            "dependencies point inward: no deployable is used by another or by core and storage");
  }

  @Test
  void services_holdNoLauncherTestStackSimulatorOrBenchmarkCode() {
    NO_LAUNCHER_TEST_STACK_SIMULATOR_OR_BENCHMARK.check(MAIN);
    assertThat(
            NO_LAUNCHER_TEST_STACK_SIMULATOR_OR_BENCHMARK
                .evaluate(fixture(StreamsUsingTestCode.class))
                .hasViolation())
        .isTrue();
  }

  @Test
  void theQueryApi_usesNoKafka() {
    NO_KAFKA_IN_THE_QUERY_API.check(MAIN);
    assertThat(NO_KAFKA_IN_THE_QUERY_API.evaluate(fixture(ApiUsingKafka.class)).hasViolation())
        .isTrue();
  }

  @Test
  void noDeployable_usesAnother() {
    DEPENDENCIES_POINT_INWARD.forEach(rule -> rule.check(MAIN));
    assertThat(
            DEPENDENCIES_POINT_INWARD
                .get(0)
                .evaluate(fixture(IngestUsingStreams.class))
                .hasViolation())
        .isTrue();
  }

  private static JavaClasses fixture(Class<?> type) {
    return new ClassFileImporter().importClasses(type);
  }
}

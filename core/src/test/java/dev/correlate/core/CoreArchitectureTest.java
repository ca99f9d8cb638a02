package dev.correlate.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.correlate.core.archfixture.CoreUsingYamlDirectly;
import dev.correlate.core.archfixture.QueriesInCore;
import dev.correlate.core.store.TimelineQueries;
import dev.correlate.core.store.TimelineWriter;
import org.junit.jupiter.api.Test;

/**
 * Core's import rules, on its main classes; each rule is also run on a fixture that breaks it, so
 * none passes by matching nothing.
 */
class CoreArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.correlate.core");

  static final ArchRule FRAMEWORK_FREE =
      classes()
          .that()
          .resideInAPackage("dev.correlate.core..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "com.fasterxml.jackson..", "dev.correlate.core..")
          .because("core is framework-free: the JDK and Jackson at most, and nothing else of ours");

  static final ArchRule CONTRACTS_IMPLEMENTED_ELSEWHERE =
      noClasses()
          .that()
          .resideInAPackage("dev.correlate.core..")
          .should()
          .implement(TimelineQueries.class)
          .orShould()
          .implement(TimelineWriter.class)
          .because(
              "core holds the storage contracts; their implementations live in storage-opensearch and testkit");

  @Test
  void core_dependsOnTheJdkAndJacksonOnly() {
    FRAMEWORK_FREE.check(MAIN);
    assertThat(FRAMEWORK_FREE.evaluate(fixture(CoreUsingYamlDirectly.class)).hasViolation())
        .isTrue();
  }

  @Test
  void core_implementsNoStorageContract() {
    CONTRACTS_IMPLEMENTED_ELSEWHERE.check(MAIN);
    assertThat(
            CONTRACTS_IMPLEMENTED_ELSEWHERE.evaluate(fixture(QueriesInCore.class)).hasViolation())
        .isTrue();
  }

  private static JavaClasses fixture(Class<?> type) {
    return new ClassFileImporter().importClasses(type);
  }
}

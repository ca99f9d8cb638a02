package dev.correlate.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HealthReportTest {
  @Test
  void anUnhealthyEssentialDependency_makesTheServiceUnhealthy503() {
    HealthReport report =
        HealthReport.builder()
            .essential("opensearch", CheckResult.unhealthy("refused"))
            .advisory("streams", CheckResult.OK)
            .build();

    assertThat(report.status()).isEqualTo("unhealthy");
    assertThat(report.httpStatus()).isEqualTo(503);
  }

  @Test
  void anUnhealthyAdvisoryDependency_onlyDegrades200_andSaysWhy() {
    HealthReport report =
        HealthReport.builder()
            .essential("opensearch", CheckResult.OK)
            .advisory("streams", CheckResult.unhealthy("no answer"))
            .build();

    assertThat(report.status()).isEqualTo("degraded");
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.dependencies().get("streams").status()).isEqualTo("unhealthy");
    assertThat(report.asResult()).isEqualTo(CheckResult.degraded("streams unhealthy: no answer"));
  }

  @Test
  void theJsonDocument_isTheSharedShape_andReadsBack() {
    HealthReport report =
        HealthReport.builder().essential("kafka", CheckResult.degraded("rebalancing")).build();

    String json = new String(report.toJson(), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"status\":\"degraded\",\"dependencies\":{\"kafka\":{\"status\":\"degraded\",\"detail\":\"rebalancing\"}}}");
    assertThat(HealthReport.read(report.toJson())).isEqualTo(report);
  }

  @Test
  void aDocumentWithAnUnknownStatus_isNoReport() {
    assertThatThrownBy(
            () -> HealthReport.read("{\"status\":\"fine\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aComponentWhoseCheckThrows_isUnhealthy_notTheReport() {
    Component broken =
        new Component() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public CheckResult check() {
            throw new IllegalStateException("boom");
          }

          @Override
          public void close() {}
        };

    assertThat(HealthReport.of(java.util.List.of(broken)).dependencies().get("broken").detail())
        .contains("boom");
  }
}

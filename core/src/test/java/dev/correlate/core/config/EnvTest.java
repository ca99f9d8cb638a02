package dev.correlate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
  /** Stands in for a settings record that validates in its compact constructor. */
  record Limits(int low, int high, String name) {
    Limits {
      if (low > high) {
        throw new IllegalArgumentException("low must not exceed high");
      }
    }
  }

  private static Limits limits(Env env) {
    return new Limits(
        env.integer("X_LOW", 1, 0, 100),
        env.integer("X_HIGH", 10, 0, 100),
        env.string("X_NAME", "n"));
  }

  @Test
  void absentOrBlankVariables_takeTheirDefaults() {
    Env env = Env.of(Map.of("X_BLANK", "  "));

    assertThat(env.string("X_BLANK", "d")).isEqualTo("d");
    assertThat(env.integer("X_ABSENT", 7, 0, 10)).isEqualTo(7);
    assertThat(env.duration("X_ABSENT", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(env.secrets("X_ABSENT")).isEmpty();
  }

  @Test
  void values_areTrimmedAndTyped() {
    Env env =
        Env.of(
            Map.ofEntries(
                Map.entry("A", " 42 "),
                Map.entry("B", "15m"),
                Map.entry("C", "512KiB"),
                Map.entry("D", "TRUE"),
                Map.entry("E", " a, ,b ,c"),
                Map.entry("F", "http://h:9"),
                Map.entry("G", "/x/y"),
                Map.entry("H", "at_least_once"),
                Map.entry("I", "seconds")));

    assertThat(env.integer("A", 0, 0, 100)).isEqualTo(42);
    assertThat(env.duration("B", null)).isEqualTo(Duration.ofMinutes(15));
    assertThat(env.bytes("C", 0, 0, Long.MAX_VALUE)).isEqualTo(512 * 1024);
    assertThat(env.bool("D", false)).isTrue();
    assertThat(env.list("E", List.of())).containsExactly("a", "b", "c");
    assertThat(env.uri("F", null)).isEqualTo(URI.create("http://h:9"));
    assertThat(env.path("G", null)).isEqualTo(Path.of("/x/y"));
    assertThat(env.oneOf("H", "exactly_once_v2", List.of("exactly_once_v2", "at_least_once")))
        .isEqualTo("at_least_once");
    assertThat(
            env.oneOf("I", java.util.concurrent.TimeUnit.DAYS, java.util.concurrent.TimeUnit.class))
        .isEqualTo(java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aBadValue_isReportedWithItsVariableAndValue() {
    Env env =
        Env.of(
            Map.of(
                "CORRELATE_HOLD_TIME",
                "abc",
                "CORRELATE_PORT",
                "70000",
                "CORRELATE_SIZE",
                "1MB",
                "CORRELATE_URL",
                "not a url"));

    assertThatThrownBy(() -> env.duration("CORRELATE_HOLD_TIME", Duration.ZERO))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "CORRELATE_HOLD_TIME=abc: not a duration (use 500ms, 30s, 15m, 6h, 14d, 2w or PT15M)");
    assertThatThrownBy(() -> env.port("CORRELATE_PORT", 8080))
        .hasMessage("CORRELATE_PORT=70000: must be from 0 to 65535");
    assertThatThrownBy(() -> env.bytes("CORRELATE_SIZE", 1, 1, Long.MAX_VALUE))
        .hasMessage("CORRELATE_SIZE=1MB: not a byte size (use 1048576, 512KiB, 1MiB or 1GiB)");
    assertThatThrownBy(() -> env.uri("CORRELATE_URL", null))
        .hasMessageStartingWith("CORRELATE_URL=not a url: ");
  }

  @Test
  void secrets_neverShowTheirValue() {
    Env env = Env.of(Map.of("CORRELATE_TOKENS", "first-token, second-token"));

    List<Secret> secrets = env.secrets("CORRELATE_TOKENS");

    assertThat(secrets).extracting(Secret::value).containsExactly("first-token", "second-token");
    assertThat(secrets.toString()).doesNotContain("token").contains("<redacted>");
    assertThatThrownBy(
            () ->
                env.settings(
                    e -> {
                      e.secrets("CORRELATE_TOKENS");
                      throw new IllegalArgumentException("tokens must be longer");
                    }))
        .hasMessage("CORRELATE_TOKENS=<redacted>: tokens must be longer");
  }

  @Test
  void aUrlsUserInfo_isNeverShownInAnError() {
    Env env =
        Env.of(Map.of("CORRELATE_OPENSEARCH_URL", "https://admin:s3cret@search.internal:9200/x@y"));

    assertThatThrownBy(
            () ->
                env.parse(
                    "CORRELATE_OPENSEARCH_URL",
                    null,
                    text -> {
                      throw new IllegalArgumentException("user info is not accepted");
                    }))
        .hasMessage(
            "CORRELATE_OPENSEARCH_URL=https://<redacted>@search.internal:9200/x@y: user info is not accepted");
    assertThat(Env.withoutUserInfo("http://host:9200/a@b")).isEqualTo("http://host:9200/a@b");
    assertThat(Env.withoutUserInfo("plain@text")).isEqualTo("plain@text");
  }

  @Test
  void secret_isOneWholeValue_redacted() {
    Env env = Env.of(Map.of("CORRELATE_PASSWORD", " pass,word "));

    assertThat(env.secret("CORRELATE_PASSWORD")).map(Secret::value).contains("pass,word");
    assertThat(env.secret("CORRELATE_PASSWORD").orElseThrow().toString()).isEqualTo("<redacted>");
    assertThat(env.secret("X_ABSENT")).isEmpty();
  }

  @Test
  void aRecordsOwnValidationError_namesTheVariableThatCausesIt() {
    Env env = Env.of(Map.of("X_LOW", "50", "X_NAME", "kept"));

    assertThatThrownBy(() -> env.settings(EnvTest::limits))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("X_LOW=50: low must not exceed high");
  }

  @Test
  void aRecordErrorOfTwoVariables_namesBoth() {
    Env env = Env.of(Map.of("X_LOW", "5", "X_HIGH", "4"));

    assertThatThrownBy(() -> env.settings(EnvTest::limits))
        .hasMessage("X_LOW=5, X_HIGH=4: low must not exceed high");
  }

  @Test
  void validSettings_areBuilt() {
    assertThat(Env.of(Map.of("X_HIGH", "40")).settings(EnvTest::limits))
        .isEqualTo(new Limits(1, 40, "n"));
  }

  @Test
  void durations_acceptShortFormsAndIso8601() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("6H")).isEqualTo(Duration.ofHours(6));
    assertThat(Durations.parse("14d")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> Durations.parse("15 minutes"))
        .hasMessageStartingWith("not a duration");
    assertThatThrownBy(() -> Durations.parse("-5m")).hasMessageStartingWith("not a duration");
  }

  @Test
  void byteSizes_acceptPlainBytesAndBinaryUnits() {
    assertThat(ByteSizes.parse("1048576")).isEqualTo(1L << 20);
    assertThat(ByteSizes.parse("1MiB")).isEqualTo(1L << 20);
    assertThat(ByteSizes.parse("2 GiB")).isEqualTo(2L << 30);
    assertThatThrownBy(() -> ByteSizes.parse("99999999999TiB"))
        .hasMessageStartingWith("not a byte size");
  }

  @Test
  void secretsMatch_onlyTheirExactValue() {
    List<Secret> secrets = List.of(new Secret("old-key"), new Secret("new-key"));

    assertThat(Secret.matchesAny(secrets, "new-key")).isTrue();
    assertThat(Secret.matchesAny(secrets, "new-ke")).isFalse();
    assertThat(Secret.matchesAny(secrets, null)).isFalse();
  }
}

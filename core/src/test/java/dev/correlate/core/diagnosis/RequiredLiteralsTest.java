package dev.correlate.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequiredLiteralsTest {
  @Test
  void alternation_requiresOneLiteralPerBranch_lowerCased() {
    assertThat(branches("(?i)\\bsqs\\b|\\benqueu|\\bqueued\\b"))
        .isEqualTo(
            List.of(
                List.of(List.of("sqs")), List.of(List.of("enqueu")), List.of(List.of("queued"))));
    assertThat(branches("\\bTask timed out after\\b"))
        .isEqualTo(List.of(List.of(List.of("task timed out after"))));
  }

  @Test
  void eachBranch_requiresAllOfItsPieces_groupsIncluded() {
    assertThat(branches("(?i)\\b(connect|connection|read)[ _-]?(timed out|timeout)"))
        .isEqualTo(
            List.of(
                List.of(
                    List.of("connect", "connection", "read"), List.of("timed out", "timeout"))));
    assertThat(branches("s3://\\S+/backtests/"))
        .isEqualTo(List.of(List.of(List.of("s3://"), List.of("/backtests/"))));
    assertThat(branches("^Traceback \\(most recent call last\\)"))
        .isEqualTo(List.of(List.of(List.of("traceback (most recent call last)"))));
  }

  @Test
  void aCommonWordAlone_doesNotAdmit_whenTheBranchAlsoNeedsARareOne() {
    RequiredLiterals.Check check =
        RequiredLiterals.of(
                "(?i)\\b503\\b.{0,40}unavailable|service unavailable"
                    + "|\\b(status|code|http|returned|response)\\D{0,12}\\b503\\b")
            .orElseThrow();
    assertThat(check.admits("order status: filled")).isFalse();
    assertThat(check.admits("the exchange is unavailable")).isFalse();
    assertThat(check.admits("upstream returned status 503")).isTrue();
    assertThat(check.admits("503 - temporarily unavailable")).isTrue();
    assertThat(check.admits("service unavailable")).isTrue();
  }

  @Test
  void optionalPieces_areNeverRequired() {
    assertThat(branches("colou?rful"))
        .isEqualTo(List.of(List.of(List.of("colo"), List.of("rful"))));
    assertThat(branches("(?:abc)?defg")).isEqualTo(List.of(List.of(List.of("defg"))));
    assertThat(RequiredLiterals.of("(?:abcdef)*xy")).isEmpty();
    assertThat(branches("abc+de")).isEqualTo(List.of(List.of(List.of("abc"))));
  }

  private static List<List<List<String>>> branches(String regex) {
    return RequiredLiterals.of(regex).orElseThrow().branches();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab|cd",
        "(?x)foo bar",
        "foo\\tbar",
        "(foo)\\1",
        "\\Qfoo\\E",
        "x.*y",
        "caf\u00e9s",
        "(?=abc)d"
      })
  void whatItCannotBeSureOf_givesNoPreCheck(String regex) {
    assertThat(RequiredLiterals.of(regex)).isEmpty();
  }

  /**
   * The pre-check must never reject a text its regex matches: every default rule, over every
   * fixture line.
   */
  @Test
  void preCheck_neverRejectsAMatch_forEveryDefaultRuleAndFixtureLine() throws IOException {
    List<Pattern> patterns = defaultRegexes();
    List<String> texts = corpus();
    int checked = 0;
    for (Pattern pattern : patterns) {
      Optional<RequiredLiterals.Check> literals = RequiredLiterals.of(pattern.pattern());
      assertThat(literals).as("pre-check of %s", pattern).isPresent();
      for (String text : texts) {
        for (String variant :
            List.of(text, text.toUpperCase(Locale.ROOT), text.toLowerCase(Locale.ROOT))) {
          if (pattern.matcher(variant).find()) {
            checked++;
            assertThat(literals.get().admits(variant.toLowerCase(Locale.ROOT)))
                .as("%s on %s", pattern, variant)
                .isTrue();
          }
        }
      }
    }
    assertThat(checked).as("matches checked").isGreaterThan(100);
  }

  @Test
  void messagePreCheck_onAnEventWithFields_looksAtTheMessageAlone_whicheverLowerCaseItUses() {
    RequiredLiterals.Check check = RequiredLiterals.of("(?i)backtest finished").orElseThrow();
    LogEvent inFields = withFields("Step done", Map.of("note", "BACKTEST FINISHED"));
    LogEvent inMessage = withFields("Backtest Finished", Map.of("note", "x"));
    // U+0130 lowers to two characters: the lower-case text no longer lines up with the text
    LogEvent widened = withFields("Backtest Finished", Map.of("note", "\u0130stanbul"));
    for (boolean textRead : List.of(true, false)) {
      assertThat(new Condition.Subject(inFields, textRead).messageAdmits(check)).isFalse();
      assertThat(new Condition.Subject(inMessage, textRead).messageAdmits(check)).isTrue();
      assertThat(new Condition.Subject(widened, textRead).messageAdmits(check)).isTrue();
    }
    LogEvent bare = withFields("BACKTEST FINISHED", Map.of());
    assertThat(new Condition.Subject(bare, false).messageAdmits(check)).isTrue();
  }

  private static LogEvent withFields(String message, Map<String, String> fields) {
    return Fixtures.event(
        "l",
        Fixtures.T0,
        "strategy",
        SourceKind.ECS_TASK,
        Level.INFO,
        "tradai.runner",
        message,
        fields,
        Facts.NONE,
        TimelineId.Kind.JOB,
        "bt-1");
  }

  private static List<Pattern> defaultRegexes() throws IOException {
    JsonNode root;
    try (InputStream in =
        RequiredLiteralsTest.class
            .getClassLoader()
            .getResourceAsStream(DiagnosisRules.DEFAULT_RESOURCE)) {
      root = new YAMLMapper().readTree(in);
    }
    List<Pattern> patterns = new ArrayList<>();
    for (JsonNode when : root.findValues("when")) {
      Stream.of("message", "text")
          .filter(when::has)
          .forEach(k -> patterns.add(Pattern.compile(when.get(k).asText())));
    }
    assertThat(patterns).hasSizeGreaterThan(20);
    return patterns;
  }

  private static List<String> corpus() {
    List<String> texts = new ArrayList<>();
    for (String name : DiagnoserTest.scenarios().toList()) {
      for (LogEvent event : Fixtures.load(name).events()) {
        texts.add(event.message());
        texts.add(new Condition.Subject(event, true).text());
      }
    }
    return texts;
  }
}

package dev.correlate.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.correlate.core.model.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequiredLiteralsTest {
  @Test
  void alternation_requiresOneLiteralPerBranch_lowerCased() {
    assertThat(RequiredLiterals.of("(?i)\\bsqs\\b|\\benqueu|\\bqueued\\b"))
        .contains(List.of("sqs", "enqueu", "queued"));
    assertThat(RequiredLiterals.of("\\bTask timed out after\\b"))
        .contains(List.of("task timed out after"));
  }

  @Test
  void eachBranch_takesItsLongestRequiredPiece_groupsIncluded() {
    assertThat(RequiredLiterals.of("(?i)\\b(connect|connection|read)[ _-]?(timed out|timeout)"))
        .contains(List.of("timed out", "timeout"));
    assertThat(RequiredLiterals.of("s3://\\S+/backtests/")).contains(List.of("/backtests/"));
    assertThat(RequiredLiterals.of("^Traceback \\(most recent call last\\)"))
        .contains(List.of("traceback (most recent call last)"));
  }

  @Test
  void optionalPieces_areNeverRequired() {
    assertThat(RequiredLiterals.of("colou?rful")).contains(List.of("colo"));
    assertThat(RequiredLiterals.of("(?:abc)?defg")).contains(List.of("defg"));
    assertThat(RequiredLiterals.of("(?:abcdef)*xy")).isEmpty();
    assertThat(RequiredLiterals.of("abc+de")).contains(List.of("abc"));
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
      Optional<List<String>> literals = RequiredLiterals.of(pattern.pattern());
      assertThat(literals).as("pre-check of %s", pattern).isPresent();
      for (String text : texts) {
        for (String variant :
            List.of(text, text.toUpperCase(Locale.ROOT), text.toLowerCase(Locale.ROOT))) {
          if (pattern.matcher(variant).find()) {
            checked++;
            assertThat(RequiredLiterals.anyIn(literals.get(), variant.toLowerCase(Locale.ROOT)))
                .as("%s on %s", pattern, variant)
                .isTrue();
          }
        }
      }
    }
    assertThat(checked).as("matches checked").isGreaterThan(100);
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
        texts.add(new Condition.Subject(event).text());
      }
    }
    return texts;
  }
}

package dev.correlate.core.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParserRulesTest {

  private static ParserRules yaml(String text) {
    return ParserRules.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static LogEvent parse(ParserRules rules, String group, String stream, String line) {
    return new LogEventParser(rules)
        .parse(
            new RawLogEvent(
                "123456789012",
                group,
                stream,
                List.of(),
                null,
                Map.of(),
                "1",
                1L,
                line,
                2L,
                RawLogEvent.Intake.BACKFILL,
                null,
                Map.of()));
  }

  @Test
  void defaults_areTradAIsConventions() {
    ParserRules rules = ParserRules.defaults();
    assertThat(rules.logGroups()).hasSize(8);
    assertThat(rules.correlation().jsonKeys())
        .containsExactlyInAnyOrder(
            "correlation_id", "correlationid", "x_correlation_id", "x-correlation-id");
    assertThat(rules.job().bare()).extracting(p -> p.pattern()).containsExactly("bt-[a-z0-9]+");
    assertThat(rules.level("Warning")).contains(Level.WARN);
    assertThat(rules.level("CRITICAL")).contains(Level.FATAL);
    assertThat(rules.level("verbose")).isEmpty();
    assertThat(rules.statusWords()).contains("COMPLETED", "FAILED");
    assertThat(rules.limits().maxFields()).isEqualTo(128);
    assertThat(rules.awsEvents().jobIdEnv()).contains("JOB_ID");
  }

  @Test
  void emptyOverride_isTheDefaults() {
    assertThat(yaml("").logGroups()).hasSameSizeAs(ParserRules.defaults().logGroups());
  }

  @Test
  void override_replacesOnlyTheKeysGiven() {
    ParserRules rules =
        yaml(
            """
        log_groups:
          - pattern: '^/k8s/(?<env>[a-z]+)/(?<service>[a-z-]+)$'
            kind: OTHER
        ids:
          job:
            bare: ['run-[0-9]{4,}']
        limits:
          max_fields: 10
        """);
    LogEvent event =
        parse(rules, "/k8s/prod/pricing", "pod-1", "started run-20261127 and bt-abc123");
    assertThat(event.service()).isEqualTo("pricing");
    assertThat(event.environment()).isEqualTo("prod");
    assertThat(event.sourceKind()).isEqualTo(SourceKind.OTHER);
    assertThat(event.jobIds()).containsExactly("run-20261127");
    assertThat(rules.limits().maxFields()).isEqualTo(10);
    assertThat(rules.limits().maxDepth()).isEqualTo(8);
    assertThat(rules.correlation())
        .usingRecursiveComparison()
        .withEqualsForType((a, b) -> a.pattern().equals(b.pattern()), java.util.regex.Pattern.class)
        .isEqualTo(ParserRules.defaults().correlation());
  }

  @Test
  void customLevelWordsAndIdKeys_changeWhatIsRecognized() {
    ParserRules rules =
        yaml(
            """
        levels:
          WARN: [warn, warning, attention]
        ids:
          correlation:
            json_keys: [trace_ref]
            text_keys: [ref]
        """);
    LogEvent event =
        parse(
            rules,
            "/x",
            "y",
            "{\"level\":\"attention\",\"message\":\"m\",\"trace_ref\":\"abcdef12\"}");
    assertThat(event.level()).isEqualTo(Level.WARN);
    assertThat(event.correlationIds()).containsExactly("abcdef12");
    assertThat(parse(rules, "/x", "y", "ref=zzzzzz99 correlation_id=c0ffee00-1").correlationIds())
        .containsExactly("zzzzzz99");
  }

  @Test
  void loadFromFile_readsTheOverride(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "status_words: [DONE]\n");
    assertThat(ParserRules.load(file).statusWords()).containsExactly("DONE");
  }

  @Test
  void loadFromMissingFile_failsWithThePath(@TempDir Path dir) {
    assertThatThrownBy(() -> ParserRules.load(dir.resolve("absent.yaml")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("absent.yaml");
  }

  static Stream<Arguments> invalidRules() {
    return Stream.of(
        Arguments.of("colour: blue", "parser rules: colour: unknown key"),
        Arguments.of(
            "ids: {correlation: {jsonkeys: [a]}}",
            "parser rules: ids.correlation.jsonkeys: unknown key"),
        Arguments.of(
            "log_groups: [{pattern: '^/a/(', kind: LAMBDA}]",
            "parser rules: log_groups[0].pattern: not a " + "valid regular expression"),
        Arguments.of(
            "log_groups: [{pattern: '^/a', kind: LAMBDA}, {pattern: '^/b', kind: FARGATE}]",
            "parser rules: log_groups[1].kind: not a source kind"),
        Arguments.of(
            "log_groups: [{pattern: '^/a', kind: LAMBDA, owner: me}]",
            "parser rules: log_groups[0].owner: unknown key"),
        Arguments.of(
            "log_groups: [{kind: LAMBDA}]",
            "parser rules: log_groups[0].pattern: must be a non-empty string"),
        Arguments.of(
            "log_groups: [{pattern: '^/(?<svc>a)', kind: LAMBDA}]",
            "parser rules: log_groups[0].pattern: group names must be exactly service and env"),
        Arguments.of("log_groups: {pattern: x}", "parser rules: log_groups: must be a list"),
        Arguments.of(
            "log_streams: {ecs: '^(.*)/([0-9a-f]{32})$'}",
            "parser rules: log_streams.ecs: must capture the ECS task id as the named group task"),
        Arguments.of(
            "ids: {job: {bare: ['bt-[']}}",
            "parser rules: ids.job.bare[0]: not a valid regular expression"),
        Arguments.of(
            "ids: {job: {text_keys: ['job id']}}",
            "parser rules: ids.job.text_keys[0]: must be 1-64"),
        Arguments.of(
            "ids: {correlation: {json_keys: [1, '']}}",
            "parser rules: ids.correlation.json_keys[0]: must be a non-empty string"),
        Arguments.of(
            "ids: {max_per_event: 0}",
            "parser rules: ids.max_per_event: must be a positive integer"),
        Arguments.of("levels: {NOTICE: [notice]}", "parser rules: levels.NOTICE: unknown key"),
        Arguments.of(
            "levels: {WARN: [warn, error]}",
            "parser rules: levels.ERROR: the word 'error' is also listed under WARN"),
        Arguments.of(
            "limits: {max_fields: -1}",
            "parser rules: limits.max_fields: must be a positive integer"),
        Arguments.of(
            "limits: {max_depth: 2.5}",
            "parser rules: limits.max_depth: must be a positive integer"),
        Arguments.of(
            "limits: {max_depth: 100}", "parser rules: limits.max_depth: must be at most 32"),
        Arguments.of(
            "json: {message_keys: message}",
            "parser rules: json.message_keys: must be a list of strings"),
        Arguments.of(
            "aws_events: {started_by_job: '^bt-.+$'}",
            "parser rules: aws_events.started_by_job: must capture the job id as the named group job"),
        Arguments.of(
            "aws_events: {s3_key_job: 'backtests/(?<job>'}",
            "parser rules: aws_events.s3_key_job: not a valid regular expression"),
        Arguments.of(
            "aws_events: {job_id_env: JOB_ID}",
            "parser rules: aws_events.job_id_env: must be a list"),
        Arguments.of(
            "log_groups: [{pattern: '^/(?<service>a)', kind: EVENTS, service: b}]",
            "parser rules: log_groups[0].service: give either a fixed service or the named group service"),
        Arguments.of("- a\n- b", "parser rules: the file must be a mapping of keys"),
        Arguments.of("a: [unclosed", "parser rules: not valid YAML"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void invalidRules(String yaml, String message) {
    assertThatThrownBy(() -> yaml(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}

package dev.correlate.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiagnosisRulesTest {
  /** A small valid file; each validation test breaks one thing in it. */
  private static final String VALID =
      String.join(
          "\n",
          "version: 1",
          "stages:",
          "  submitted:",
          "    - id: submitted-any",
          "      when: {service: [web]}",
          "  completed:",
          "    - id: completed-done",
          "      when: {message: 'job done'}",
          "failed:",
          "  - id: failed-status",
          "    when: {status_update: [FAILED]}",
          "categories:",
          "  - category: quota_exceeded",
          "    priority: 1",
          "    fatal: true",
          "    cause: account quota reached",
          "    resolution: raise the quota",
          "    evidence:",
          "      - id: quota-message",
          "        when: {level_at_least: ERROR, message: '(?i)quota exceeded'}",
          "  - category: task_never_started",
          "    priority: 2",
          "    applies_to: [job]",
          "    cause: nothing picked the job up",
          "    resolution: check the worker",
          "    evidence: []",
          "fallbacks:",
          "  stuck:",
          "    task_never_starts: task_never_started",
          "");

  @TempDir Path dir;

  @Test
  void defaults_haveEveryConventionCategory_mostSpecificFirst_withCauseAndResolution() {
    DiagnosisRules rules = DiagnosisRules.defaults();

    assertThat(rules.categories())
        .extracting(FailureCategory::id)
        .containsExactly(
            "task_interrupted",
            "task_stopped",
            "oom",
            "lambda_timeout",
            "missing_dependency",
            "access_denied",
            "image_pull_error",
            "task_start_error",
            "data_error",
            "connection_refused",
            "connection_timeout",
            "service_unavailable",
            "strategy_error",
            "no_results",
            "container_crash",
            "task_never_started",
            "stuck_running");
    assertThat(rules.categories())
        .allSatisfy(
            c -> {
              assertThat(c.cause()).isNotBlank();
              assertThat(c.resolution()).isNotBlank();
            });
    assertThat(rules.category("oom").orElseThrow().fatal()).isTrue();
    assertThat(rules.category("stuck_running").orElseThrow().appliesTo())
        .containsExactly(TimelineId.Kind.JOB);
  }

  @Test
  void everyDefaultCategory_isInTheCategoryTableOfTheDocs() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "diagnosis.md"), StandardCharsets.UTF_8);
    for (FailureCategory category : DiagnosisRules.defaults().categories()) {
      assertThat(docs)
          .contains(
              "| `"
                  + category.id()
                  + "` | "
                  + category.cause()
                  + " | "
                  + category.resolution()
                  + " |");
    }
  }

  @Test
  void everyDefaultRule_isInTheDefaultRulesTableOfTheOperationsDocs() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "operations.md"), StandardCharsets.UTF_8);
    DiagnosisRules rules = DiagnosisRules.defaults();
    List<EvidenceRule> all = new ArrayList<>(rules.failedEvidence());
    all.addAll(rules.runEndEvidence());
    for (Stage stage : Stage.values()) {
      all.addAll(rules.stageEvidence(stage));
    }
    rules.categories().forEach(c -> all.addAll(rules.categoryEvidence(c.id())));

    assertThat(all).hasSizeGreaterThan(40);
    for (EvidenceRule rule : all) {
      assertThat(docs).contains("| `" + rule.id() + "` |");
    }
  }

  @Test
  void load_aFileReplacesTheDefaults_andDrivesTheDiagnoser() throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, VALID);
    Diagnoser diagnoser = new Diagnoser(DiagnosisRules.load(file), Duration.ofMinutes(5));
    LogEvent submitted = event("e1", 1_000, "web", Level.INFO, "POST /jobs");
    LogEvent quota = event("e2", 2_000, "worker", Level.ERROR, "Quota exceeded for account 42");

    DiagnosisState state =
        diagnoser.observe(DiagnosisState.empty(), TimelineId.Kind.JOB, submitted);
    state = diagnoser.observe(state, TimelineId.Kind.JOB, quota);
    Evaluation e = diagnoser.evaluate(TimelineId.Kind.JOB, state, 2_000, 3_000);

    assertThat(e.status()).isEqualTo("failed");
    assertThat(e.diagnosis().stage()).isEqualTo("submitted");
    assertThat(e.diagnosis().category()).isEqualTo("quota_exceeded");
    assertThat(e.diagnosis().cause()).isEqualTo("account quota reached");
    assertThat(e.diagnosis().resolution()).isEqualTo("raise the quota");
  }

  @Test
  void load_aMissingFile_namesThePath() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> DiagnosisRules.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      invalid regex            | '(?i)quota exceeded'      | '(?i)quota (exceeded'   | rule 'quota-message' (categories[0].evidence[0]): message: invalid regex
      unknown condition        | 'level_at_least: ERROR'   | 'levle: ERROR'          | rule 'quota-message' (categories[0].evidence[0]): unknown condition 'levle'
      unknown level            | 'level_at_least: ERROR'   | 'level_at_least: LOUD'  | rule 'quota-message' (categories[0].evidence[0]): level_at_least: unknown level 'LOUD'
      unknown source kind      | 'service: [web]'          | 'source_kind: [VM]'     | rule 'submitted-any' (stages.submitted[0]): source_kind: unknown kind 'VM'
      bad exit code            | 'status_update: [FAILED]' | 'exit_code: [sometimes]' | rule 'failed-status' (failed[0]): exit_code: 'sometimes' is not an integer
      empty when               | 'when: {service: [web]}'  | 'when: {}'              | rule 'submitted-any' (stages.submitted[0]): 'when' must be a non-empty map
      duplicate rule id        | 'id: completed-done'      | 'id: submitted-any'     | rule 'submitted-any' (stages.completed[0]): id already used by another rule
      unknown stage            | '  completed:'            | '  finished:'           | stages: unknown stage 'finished'
      requires unknown stage   | '    - id: completed-done' | '    - id: completed-done\\n      requires: uploaded' | rule 'completed-done' (stages.completed[0]): requires unknown stage 'uploaded'
      duplicate priority       | 'priority: 2'             | 'priority: 1'           | category 'task_never_started' (categories[1]): priority 1 is also the priority of 'quota_exceeded'
      missing cause            | 'cause: account quota reached' | 'caus: account quota reached' | category 'quota_exceeded' (categories[0]): unknown key 'caus'
      unknown fallback target  | 'task_never_starts: task_never_started' | 'task_never_starts: lost' | fallbacks.stuck.task_never_starts: unknown category 'lost'
      unknown applies_to       | 'applies_to: [job]'       | 'applies_to: [batch]'   | category 'task_never_started' (categories[1]): 'applies_to' has unknown kind 'batch'
      wrong version            | 'version: 1'              | 'version: 2'            | version: must be 1
      invalid ecs regex        | 'message: ''(?i)quota exceeded''' | 'ecs_stopped_reason: ''(Cannot''' | rule 'quota-message' (categories[0].evidence[0]): ecs_stopped_reason: invalid regex
      unknown resolution key   | '    resolution: raise the quota' | '    resolution: raise the quota\n    resolutions:\n      - when: {region: [x]}\n        resolution: y' | category 'quota_exceeded' (categories[0]).resolutions[0]: unknown condition 'region'
      resolution without text  | '    resolution: raise the quota' | '    resolution: raise the quota\n    resolutions:\n      - when: {service: [web]}' | category 'quota_exceeded' (categories[0]).resolutions[0]: 'resolution' must be a non-empty text
      """)
  void parse_anInvalidFile_throwsNamingTheOffendingRule(
      String what, String from, String to, String message) {
    String broken = VALID.replace(from, to.replace("\\n", "\n"));
    assertThat(broken).as("the test must change the file").isNotEqualTo(VALID);

    assertThatThrownBy(() -> DiagnosisRules.parse(broken, "test.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("diagnosis rules test.yaml: ")
        .hasMessageContaining(message);
  }

  @Test
  void parse_invalidYaml_saysSo() {
    assertThatThrownBy(() -> DiagnosisRules.parse("version: 1\nstages: [\n", "broken.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("diagnosis rules broken.yaml: not valid YAML");
  }

  @Test
  void parse_aDuplicateKey_isRejected() {
    assertThatThrownBy(() -> DiagnosisRules.parse(VALID + "version: 1\n", "dup.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }

  private static LogEvent event(String id, long at, String service, Level level, String message) {
    return Fixtures.event(
        id,
        at,
        service,
        SourceKind.ECS_SERVICE,
        level,
        null,
        message,
        Facts.NONE,
        TimelineId.Kind.JOB,
        "job-1");
  }
}

package dev.correlate.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.context.Contexts;
import dev.correlate.core.diagnosis.Fixtures.Scenario;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Streams folds an event into a partial state where it is resolved and merges partial states where
 * the timeline is aggregated: merging must be associative and commutative, and merging the states
 * of any split of the events must give the state of observing them all.
 */
class DiagnoserMergeTest {
  private final Diagnoser diagnoser = new Diagnoser(Duration.ofMinutes(15));

  @Test
  void merge_ofTheStatesOfAnySplitOfTheEvents_equalsObservingThemAll() {
    Random random = new Random(17);
    for (String name : fixtureNames()) {
      Scenario s = Fixtures.load(name);
      DiagnosisState all = fold(s.kind(), s.events());
      for (int round = 0; round < 20; round++) {
        List<LogEvent> shuffled = new ArrayList<>(s.events());
        Collections.shuffle(shuffled, random);
        List<DiagnosisState> parts = new ArrayList<>();
        for (List<LogEvent> part : split(shuffled, random)) {
          parts.add(fold(s.kind(), part));
        }
        Collections.shuffle(parts, random);
        DiagnosisState merged = DiagnosisState.empty();
        for (DiagnosisState part : parts) {
          merged =
              random.nextBoolean()
                  ? diagnoser.merge(s.kind(), merged, part)
                  : diagnoser.merge(s.kind(), part, merged);
        }

        assertThat(merged).as("%s, round %d", name, round).isEqualTo(all);
        assertThat(diagnoser.evaluate(s.kind(), merged, s.end(), s.end()))
            .isEqualTo(diagnoser.evaluate(s.kind(), all, s.end(), s.end()));
      }
    }
  }

  @Test
  void merge_keepsTheLatestMatchOfRulesWhoseLatestMatters_andTheEarliestOfOthers() {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // a FAILED status text (its latest match is compared with completion) and a line of another
      // service
      events.add(
          Fixtures.event(
              "f" + i,
              Fixtures.T0 + i * 60_000L,
              "backend",
              SourceKind.ECS_SERVICE,
              Level.INFO,
              null,
              "{\"status\": \"FAILED\"}",
              Facts.NONE,
              TimelineId.Kind.JOB,
              "bt-1"));
      events.add(
          Fixtures.event(
              "s" + i,
              Fixtures.T0 + i * 60_000L + 1,
              "strategy",
              SourceKind.ECS_TASK,
              Level.ERROR,
              null,
              "Traceback " + i,
              Facts.NONE,
              TimelineId.Kind.JOB,
              "bt-1"));
    }
    DiagnosisState all = fold(TimelineId.Kind.JOB, events);
    DiagnosisState early = fold(TimelineId.Kind.JOB, events.subList(0, 5));
    DiagnosisState late = fold(TimelineId.Kind.JOB, events.subList(5, events.size()));

    assertThat(all.ruleHits().get("failed-status-text"))
        .isEqualTo(new DiagnosisState.Span(Fixtures.T0, Fixtures.T0 + 300_000L));
    assertThat(diagnoser.merge(TimelineId.Kind.JOB, late, early)).isEqualTo(all);
    assertThat(diagnoser.merge(TimelineId.Kind.JOB, early, late)).isEqualTo(all);
  }

  @Test
  void partialsThatOnlyAccumulateEvidence_mergeIntoTheStateOfObservingTheEvents() {
    Random random = new Random(29);
    for (String name : fixtureNames()) {
      Scenario s = Fixtures.load(name);
      List<LogEvent> shuffled = new ArrayList<>(s.events());
      Collections.shuffle(shuffled, random);
      DiagnosisState merged = DiagnosisState.empty();
      for (List<LogEvent> part : split(shuffled, random)) {
        DiagnosisState partial = DiagnosisState.empty();
        for (LogEvent event : part) {
          partial = diagnoser.accumulate(partial, s.kind(), diagnoser.observation(event));
        }
        merged = diagnoser.merge(s.kind(), merged, partial);
      }

      assertThat(merged).as(name).isEqualTo(fold(s.kind(), s.events()));
    }
  }

  @Test
  void merge_isAssociative_andCommutative() {
    for (String name : fixtureNames()) {
      Scenario s = Fixtures.load(name);
      List<LogEvent> events = s.events();
      int third = Math.max(1, events.size() / 3);
      DiagnosisState a = fold(s.kind(), events.subList(0, Math.min(third, events.size())));
      DiagnosisState b =
          fold(
              s.kind(),
              events.subList(Math.min(third, events.size()), Math.min(2 * third, events.size())));
      DiagnosisState c =
          fold(s.kind(), events.subList(Math.min(2 * third, events.size()), events.size()));

      assertThat(diagnoser.merge(s.kind(), a, b))
          .as(name)
          .isEqualTo(diagnoser.merge(s.kind(), b, a));
      assertThat(diagnoser.merge(s.kind(), diagnoser.merge(s.kind(), a, b), c))
          .as(name)
          .isEqualTo(diagnoser.merge(s.kind(), a, diagnoser.merge(s.kind(), b, c)));
      assertThat(diagnoser.merge(s.kind(), a, DiagnosisState.empty())).as(name).isEqualTo(a);
    }
  }

  @Test
  void contextMerge_ofAnySplitOfTheEvents_equalsObservingThemAll() {
    Random random = new Random(23);
    for (String name : fixtureNames()) {
      Scenario s = Fixtures.load(name);
      TimelineId id = new TimelineId(s.kind(), s.id());
      Context all = context(id, s.events());
      for (int round = 0; round < 10; round++) {
        List<LogEvent> shuffled = new ArrayList<>(s.events());
        Collections.shuffle(shuffled, random);
        Context merged = null;
        for (List<LogEvent> part : split(shuffled, random)) {
          merged =
              random.nextBoolean()
                  ? Contexts.merge(merged, context(id, part))
                  : Contexts.merge(context(id, part), merged);
        }
        assertThat(merged).as("%s, round %d", name, round).isEqualTo(all);
      }
    }
  }

  private DiagnosisState fold(TimelineId.Kind kind, List<LogEvent> events) {
    DiagnosisState state = DiagnosisState.empty();
    for (LogEvent event : events) {
      state = diagnoser.observe(state, kind, event);
    }
    return state;
  }

  private static Context context(TimelineId id, List<LogEvent> events) {
    Context context = null;
    for (LogEvent event : events) {
      context = Contexts.observe(context, id, event);
    }
    return context;
  }

  /** One to four consecutive parts, some possibly empty. */
  private static List<List<LogEvent>> split(List<LogEvent> events, Random random) {
    int parts = 1 + random.nextInt(4);
    List<List<LogEvent>> out = new ArrayList<>();
    int from = 0;
    for (int p = 0; p < parts; p++) {
      int to = p == parts - 1 ? events.size() : from + random.nextInt(events.size() - from + 1);
      out.add(events.subList(from, to));
      from = to;
    }
    return out;
  }

  private static List<String> fixtureNames() {
    return DiagnoserTest.scenarios().toList();
  }
}

package dev.correlate.core.diagnosis;

import dev.correlate.core.diagnosis.DiagnosisState.CategoryHit;
import dev.correlate.core.diagnosis.DiagnosisState.Span;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.EventRef;
import dev.correlate.core.model.TimelineSummary.StageAt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds a timeline's events into a bounded {@link DiagnosisState} and evaluates it into a status
 * and a diagnosis. Pure: the caller owns the state and the clock, so Kafka Streams can keep the
 * state in a store and drive time from its punctuators.
 *
 * <p>Jobs: the stage is the furthest one with evidence and the history is ordered by evidence time.
 * A job is {@code completed} once the completed stage is reached, {@code failed} on a FAILED
 * status, on fatal evidence (OOM, Lambda timeout, access denied …) or when its run ended before
 * results were written, {@code stuck} when neither and silent for the stuck threshold, else {@code
 * running}. Evidence seen before the job went on to a further stage (a Lambda retried by SQS, a
 * transient error) is superseded and ignored. Among the categories with evidence the lowest
 * priority wins; with none, the category follows from the symptom. Requests: {@code error} on an
 * ERROR or FATAL event, an HTTP 5xx, a failed Lambda invocation or fatal evidence, else {@code ok}.
 *
 * <p>Everything is decided from minima and maxima over the events, so arrival order does not
 * matter.
 */
public final class Diagnoser {
  static final String TASK_NEVER_STARTS = "task_never_starts";
  static final String STOPS_IMMEDIATELY = "stops_immediately";
  static final String RUNS_WITHOUT_RESULTS = "runs_without_results";
  static final String STUCK_IN_RUNNING = "stuck_in_running";

  /** Lines kept per service as evidence. */
  static final int LINES_PER_SERVICE = 3;

  /** Services whose last lines are kept; beyond, the least recently active service is dropped. */
  static final int MAX_SERVICES = 8;

  /** Evidence messages are cut to this many characters. */
  static final int MESSAGE_CHARS = 500;

  /** Lambda REPORT / INIT_REPORT statuses that make the record an error. */
  private static final Set<String> LAMBDA_FAILURES = Set.of("error", "timeout", "failure");

  /** {@link Stage#values()} copies its array on every call; this is read per event. */
  private static final Stage[] STAGES = Stage.values();

  private static final Comparator<EventRef> BY_TIME =
      Comparator.comparingLong(EventRef::timestamp).thenComparing(EventRef::eventId);

  private final DiagnosisRules rules;
  private final long stuckAfterMs;

  /**
   * Rules whose latest match is kept too: completed and failed evidence, compared with each other.
   */
  private final Set<String> keepsLatest = new HashSet<>();

  /** Whether some rule reads an event's whole text (then every event's is built). */
  private final boolean textRead;

  /** TradAI's default rules. */
  public Diagnoser(Duration stuckAfter) {
    this(DiagnosisRules.defaults(), stuckAfter);
  }

  public Diagnoser(DiagnosisRules rules, Duration stuckAfter) {
    this.rules = Objects.requireNonNull(rules, "rules");
    if (stuckAfter == null || stuckAfter.isNegative() || stuckAfter.isZero()) {
      throw new IllegalArgumentException("stuckAfter must be positive: " + stuckAfter);
    }
    this.stuckAfterMs = stuckAfter.toMillis();
    rules.stageEvidence(Stage.COMPLETED).forEach(rule -> keepsLatest.add(rule.id()));
    rules.failedEvidence().forEach(rule -> keepsLatest.add(rule.id()));
    List<EvidenceRule> all = new ArrayList<>(rules.failedEvidence());
    all.addAll(rules.runEndEvidence());
    for (Stage stage : STAGES) {
      all.addAll(rules.stageEvidence(stage));
    }
    rules.categories().forEach(category -> all.addAll(rules.categoryEvidence(category.id())));
    this.textRead = all.stream().anyMatch(rule -> rule.when().readsText());
  }

  /** The state after seeing {@code event}, which belongs to a timeline of {@code kind}. */
  public DiagnosisState observe(DiagnosisState state, TimelineId.Kind kind, LogEvent event) {
    return observe(state, kind, observation(event));
  }

  /**
   * Every rule's verdict on {@code event}, taken once: an event usually belongs to two timelines
   * (its job and its request), and each of them then applies the same observation instead of trying
   * every rule again.
   */
  public Observation observation(LogEvent event) {
    Condition.Subject subject = new Condition.Subject(event, textRead);
    List<String> rulesMatched = new ArrayList<>(2);
    for (Stage stage : STAGES) {
      matching(rules.stageEvidence(stage), subject, rulesMatched);
    }
    matching(rules.failedEvidence(), subject, rulesMatched);
    matching(rules.runEndEvidence(), subject, rulesMatched);
    List<CategoryMatch> categories = new ArrayList<>(0);
    List<FailureCategory> all = rules.categories();
    // indexed loops here and in matching: per event, and the lists' iterators were allocated
    // (Condition#matches says more)
    for (int c = 0; c < all.size(); c++) {
      FailureCategory category = all.get(c);
      List<EvidenceRule> evidence = rules.categoryEvidence(category.id());
      for (int r = 0; r < evidence.size(); r++) {
        EvidenceRule rule = evidence.get(r);
        if (rule.matches(subject)) {
          categories.add(new CategoryMatch(category, hitKey(category.id(), rule.requires())));
        }
      }
    }
    return new Observation(
        event.timestamp(),
        List.copyOf(rulesMatched),
        List.copyOf(categories),
        isError(event),
        ref(event));
  }

  private static void matching(
      List<EvidenceRule> evidence, Condition.Subject subject, List<String> out) {
    for (int r = 0; r < evidence.size(); r++) {
      if (evidence.get(r).matches(subject)) {
        out.add(evidence.get(r).id());
      }
    }
  }

  /**
   * The state after an event whose {@link #observation} is {@code seen}, for a timeline of {@code
   * kind}.
   */
  public DiagnosisState observe(DiagnosisState state, TimelineId.Kind kind, Observation seen) {
    DiagnosisState before = state == null ? DiagnosisState.empty() : state;
    DiagnosisState raw = accumulate(before, kind, seen);
    return derive(
        kind, before, raw.ruleHits(), raw.categoryHits(), raw.firstError(), raw.lastLines());
  }

  /**
   * Like {@link #observe}, but only the evidence moves: the derived fields (stages, status,
   * category, evidence) stay as they were. For a partial state that is only ever {@link #merge}d
   * into a whole one, which derives them; deriving them per event of a partial would assess the
   * verdict at nearly every event, since a partial starts empty.
   */
  public DiagnosisState accumulate(DiagnosisState state, TimelineId.Kind kind, Observation seen) {
    DiagnosisState before = state == null ? DiagnosisState.empty() : state;
    // stages are tracked for requests too: a request that submitted a job carries its lifecycle,
    // and rules
    // with `requires` and superseded evidence need it
    Map<String, Span> ruleHits = before.ruleHits();
    for (String rule : seen.rules()) {
      Span was = ruleHits.get(rule);
      Span now =
          was == null
              ? new Span(seen.at(), seen.at())
              : was.widen(seen.at(), keepsLatest.contains(rule));
      if (now != was) {
        ruleHits = ruleHits == before.ruleHits() ? new HashMap<>(ruleHits) : ruleHits;
        ruleHits.put(rule, now);
      }
    }
    Map<String, CategoryHit> categoryHits = before.categoryHits();
    for (CategoryMatch match : seen.categories()) {
      if (match.category().appliesTo().contains(kind)) {
        categoryHits =
            withCategoryHit(categoryHits, match.hitKey(), new CategoryHit(seen.ref(), seen.ref()));
      }
    }
    EventRef firstError = before.firstError();
    if (seen.error() && (firstError == null || BY_TIME.compare(seen.ref(), firstError) < 0)) {
      firstError = seen.ref();
    }
    Map<String, List<EventRef>> lastLines =
        withLines(before.lastLines(), Map.of(seen.ref().service(), List.of(seen.ref())));
    return new DiagnosisState(
        before.stages(),
        before.terminalStatus(),
        before.category(),
        firstError,
        before.evidence(),
        ruleHits,
        categoryHits,
        lastLines);
  }

  /**
   * The state of the events of both {@code a} and {@code b}: every part is a minimum, a maximum or
   * the latest few lines, so merging is associative and commutative, and merging the states of two
   * halves of some events gives the state of observing them all (as long as no more than {@value
   * #MAX_SERVICES} services have lines: beyond, observing drops the quietest service as it goes,
   * and merging drops it at the end).
   */
  public DiagnosisState merge(TimelineId.Kind kind, DiagnosisState a, DiagnosisState b) {
    DiagnosisState x = a == null ? DiagnosisState.empty() : a;
    DiagnosisState y = b == null ? DiagnosisState.empty() : b;
    Map<String, Span> ruleHits = x.ruleHits();
    for (Map.Entry<String, Span> e : y.ruleHits().entrySet()) {
      Span was = ruleHits.get(e.getKey());
      Span now =
          was == null
              ? e.getValue()
              : new Span(
                  Math.min(was.first(), e.getValue().first()),
                  keepsLatest.contains(e.getKey())
                      ? Math.max(was.last(), e.getValue().last())
                      : Math.min(was.first(), e.getValue().first()));
      if (!now.equals(was)) {
        ruleHits = ruleHits == x.ruleHits() ? new HashMap<>(ruleHits) : ruleHits;
        ruleHits.put(e.getKey(), now);
      }
    }
    Map<String, CategoryHit> categoryHits = x.categoryHits();
    for (Map.Entry<String, CategoryHit> e : y.categoryHits().entrySet()) {
      categoryHits = withCategoryHit(categoryHits, e.getKey(), e.getValue());
    }
    EventRef firstError =
        x.firstError() == null
                || (y.firstError() != null && BY_TIME.compare(y.firstError(), x.firstError()) < 0)
            ? y.firstError()
            : x.firstError();
    return derive(
        kind, x, ruleHits, categoryHits, firstError, withLines(x.lastLines(), y.lastLines()));
  }

  /**
   * The state with these parts, its derived fields recomputed only when something they depend on
   * moved.
   */
  private DiagnosisState derive(
      TimelineId.Kind kind,
      DiagnosisState before,
      Map<String, Span> ruleHits,
      Map<String, CategoryHit> categoryHits,
      EventRef firstError,
      Map<String, List<EventRef>> lastLines) {
    if (ruleHits == before.ruleHits()
        && categoryHits == before.categoryHits()
        && firstError == before.firstError()) {
      // the usual case: nothing the verdict depends on moved, so the derived fields stand
      return new DiagnosisState(
          before.stages(),
          before.terminalStatus(),
          before.category(),
          firstError,
          before.evidence(),
          ruleHits,
          categoryHits,
          lastLines);
    }
    DiagnosisState raw =
        new DiagnosisState(
            List.of(), null, null, firstError, List.of(), ruleHits, categoryHits, lastLines);
    Verdict verdict = assess(kind, raw, false);
    return new DiagnosisState(
        verdict.stages(),
        verdict.terminal() ? verdict.status() : null,
        verdict.category(),
        firstError,
        verdict.evidence(),
        ruleHits,
        categoryHits,
        lastLines);
  }

  /**
   * Evaluates {@code state} at wall-clock time {@code nowMs}; {@code lastActivityAt} is when the
   * timeline last received an event, so a job that is not terminal and silent for the stuck
   * threshold is {@code stuck}.
   */
  public Evaluation evaluate(
      TimelineId.Kind kind, DiagnosisState state, long lastActivityAt, long nowMs) {
    DiagnosisState current = state == null ? DiagnosisState.empty() : state;
    Verdict verdict = assess(kind, current, nowMs - lastActivityAt >= stuckAfterMs);
    String category = verdict.category();
    Optional<FailureCategory> known =
        category == null ? Optional.empty() : rules.category(category);
    String stage =
        verdict.furthest() == null || kind != TimelineId.Kind.JOB ? null : verdict.furthest().id();
    return new Evaluation(
        verdict.status(),
        new Diagnosis(
            stage,
            verdict.stages(),
            category,
            known.map(FailureCategory::cause).orElse(null),
            known.map(c -> c.resolutionFor(verdict.shown())).orElse(null),
            verdict.symptom(),
            withLastLines(verdict.evidence(), current)));
  }

  private Verdict assess(TimelineId.Kind kind, DiagnosisState state, boolean silent) {
    Map<Stage, Long> reached = reached(state.ruleHits());

    FailureCategory best = null;
    boolean fatal = false;
    for (FailureCategory category : rules.categories()) {
      CategoryHit hit = categoryHit(state, category.id(), reached);
      if (hit != null
          && category.appliesTo().contains(kind)
          && !superseded(hit.last().timestamp(), reached)) {
        best = best == null ? category : best;
        fatal |= category.fatal();
      }
    }

    if (kind == TimelineId.Kind.CORRELATION) {
      boolean error = state.firstError() != null || fatal;
      String category = error && best != null ? best.id() : null;
      EventRef shown = shown(state, category, reached);
      return new Verdict(
          error ? "error" : "ok",
          false,
          null,
          List.of(),
          category,
          null,
          shown,
          evidence(state, shown));
    }

    Stage furthest = reached.keySet().stream().max(Comparator.naturalOrder()).orElse(null);
    List<StageAt> history = new ArrayList<>();
    reached.entrySet().stream()
        .sorted(Map.Entry.<Stage, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> history.add(new StageAt(e.getKey().id(), e.getValue())));

    Long completedAt = latest(rules.stageEvidence(Stage.COMPLETED), state.ruleHits(), reached);
    Long failedAt = latest(rules.failedEvidence(), state.ruleHits(), reached);
    boolean runEnded = latest(rules.runEndEvidence(), state.ruleHits(), reached) != null;
    String status;
    if (completedAt != null && (failedAt == null || completedAt > failedAt)) {
      status = "completed";
    } else if (failedAt != null
        || fatal
        || (runEnded && !reached.containsKey(Stage.RESULTS_WRITTEN))) {
      status = "failed";
    } else {
      status = silent ? "stuck" : "running";
    }
    boolean terminal = status.equals("completed") || status.equals("failed");

    String symptom = null;
    String category = null;
    if (status.equals("failed") || status.equals("stuck")) {
      boolean failed = status.equals("failed");
      symptom = symptom(failed, furthest);
      category =
          best != null
              ? best.id()
              : symptom == null ? null : rules.fallback(failed, symptom).orElse(null);
    }
    EventRef shown = shown(state, category, reached);
    return new Verdict(
        status, terminal, furthest, history, category, symptom, shown, evidence(state, shown));
  }

  private static String symptom(boolean failed, Stage furthest) {
    if (furthest == null || furthest.compareTo(Stage.DISPATCHED) <= 0) {
      return TASK_NEVER_STARTS;
    }
    if (!failed) {
      return STUCK_IN_RUNNING;
    }
    switch (furthest) {
      case TASK_STARTED:
        return STOPS_IMMEDIATELY;
      case RUNNING:
        return RUNS_WITHOUT_RESULTS;
      default:
        // results were written: whatever failed, the run itself produced its output
        return null;
    }
  }

  /**
   * Whether evidence whose latest event is at {@code at} is superseded: the job first reached a
   * further stage than it had at that time only afterwards, so it got past whatever that evidence
   * was about.
   */
  private static boolean superseded(long at, Map<Stage, Long> reached) {
    Stage then = null;
    for (Map.Entry<Stage, Long> e : reached.entrySet()) {
      if (e.getValue() <= at && (then == null || e.getKey().compareTo(then) > 0)) {
        then = e.getKey();
      }
    }
    for (Map.Entry<Stage, Long> e : reached.entrySet()) {
      if (e.getValue() > at && (then == null || e.getKey().compareTo(then) > 0)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stage → time of its earliest evidence; a rule with {@code requires} counts once that stage is
   * reached.
   */
  private Map<Stage, Long> reached(Map<String, Span> ruleHits) {
    Map<Stage, Long> reached = new EnumMap<>(Stage.class);
    boolean changed = true;
    // requirements may chain, so repeat until nothing changes (at most once per stage)
    while (changed) {
      changed = false;
      for (Stage stage : Stage.values()) {
        Long earliest = null;
        for (EvidenceRule rule : rules.stageEvidence(stage)) {
          Span span = ruleHits.get(rule.id());
          if (span != null && (rule.requires() == null || reached.containsKey(rule.requires()))) {
            earliest = earliest == null ? span.first() : Math.min(earliest, span.first());
          }
        }
        if (earliest != null && !earliest.equals(reached.get(stage))) {
          reached.put(stage, earliest);
          changed = true;
        }
      }
    }
    return reached;
  }

  /**
   * The time of the latest event matching any of {@code evidence} whose requirement is met, or
   * null.
   */
  private static Long latest(
      List<EvidenceRule> evidence, Map<String, Span> ruleHits, Map<Stage, Long> reached) {
    Long latest = null;
    for (EvidenceRule rule : evidence) {
      Span span = ruleHits.get(rule.id());
      if (span != null && (rule.requires() == null || reached.containsKey(rule.requires()))) {
        latest = latest == null ? span.last() : Math.max(latest, span.last());
      }
    }
    return latest;
  }

  /**
   * Category evidence is kept per category, and apart per required stage for rules with {@code
   * requires} ({@code strategy_error@running}), so that the requirement is checked when evaluating,
   * in any order.
   */
  private static String hitKey(String category, Stage requires) {
    return requires == null ? category : category + "@" + requires.id();
  }

  /** The category's evidence whose requirements are met, or null. */
  private CategoryHit categoryHit(DiagnosisState state, String category, Map<Stage, Long> reached) {
    CategoryHit merged = state.categoryHits().get(category);
    Set<Stage> requirements = new HashSet<>();
    for (EvidenceRule rule : rules.categoryEvidence(category)) {
      if (rule.requires() != null
          && reached.containsKey(rule.requires())
          && requirements.add(rule.requires())) {
        CategoryHit hit = state.categoryHits().get(hitKey(category, rule.requires()));
        if (hit != null) {
          merged =
              merged == null
                  ? hit
                  : new CategoryHit(
                      BY_TIME.compare(hit.first(), merged.first()) < 0
                          ? hit.first()
                          : merged.first(),
                      BY_TIME.compare(hit.last(), merged.last()) > 0 ? hit.last() : merged.last());
        }
      }
    }
    return merged;
  }

  private static Map<String, CategoryHit> withCategoryHit(
      Map<String, CategoryHit> hits, String category, CategoryHit seen) {
    CategoryHit before = hits.get(category);
    EventRef first =
        before == null || BY_TIME.compare(seen.first(), before.first()) < 0
            ? seen.first()
            : before.first();
    EventRef last =
        before == null || BY_TIME.compare(seen.last(), before.last()) > 0
            ? seen.last()
            : before.last();
    if (before != null && first == before.first() && last == before.last()) {
      return hits;
    }
    Map<String, CategoryHit> out = new HashMap<>(hits);
    out.put(category, new CategoryHit(first, last));
    return out;
  }

  /**
   * Keeps the latest {@value #LINES_PER_SERVICE} lines of each service and the {@value
   * #MAX_SERVICES} services with the most recent lines; returns {@code lastLines} itself when
   * {@code more} changes nothing.
   */
  private static Map<String, List<EventRef>> withLines(
      Map<String, List<EventRef>> lastLines, Map<String, List<EventRef>> more) {
    Map<String, List<EventRef>> out = lastLines;
    for (Map.Entry<String, List<EventRef>> e : more.entrySet()) {
      List<EventRef> lines = out.getOrDefault(e.getKey(), List.of());
      List<EventRef> updated = null;
      for (EventRef ref : e.getValue()) {
        List<EventRef> current = updated == null ? lines : updated;
        if (current.stream().anyMatch(l -> l.eventId().equals(ref.eventId()))
            || (current.size() >= LINES_PER_SERVICE && BY_TIME.compare(ref, current.get(0)) < 0)) {
          continue;
        }
        updated = new ArrayList<>(current);
        updated.add(ref);
        updated.sort(BY_TIME);
        if (updated.size() > LINES_PER_SERVICE) {
          updated.remove(0);
        }
      }
      if (updated != null) {
        out = out == lastLines ? new HashMap<>(lastLines) : out;
        out.put(e.getKey(), List.copyOf(updated));
      }
    }
    while (out.size() > MAX_SERVICES) {
      String quietest =
          out.entrySet().stream()
              .min(
                  Comparator.<Map.Entry<String, List<EventRef>>, EventRef>comparing(
                          e -> e.getValue().get(e.getValue().size() - 1), BY_TIME)
                      .thenComparing(Map.Entry::getKey))
              .map(Map.Entry::getKey)
              .orElseThrow();
      out.remove(quietest);
    }
    return out;
  }

  /**
   * The key evidence: the first error and the chosen category's evidence. The state keeps only
   * these (it holds the last lines already); {@link #withLastLines} completes them for a diagnosis.
   */
  private static List<EventRef> evidence(DiagnosisState state, EventRef shown) {
    List<EventRef> evidence = new ArrayList<>(2);
    if (state.firstError() != null) {
      evidence.add(state.firstError());
    }
    if (shown != null
        && (evidence.isEmpty() || !evidence.get(0).eventId().equals(shown.eventId()))) {
      evidence.add(shown);
    }
    return List.copyOf(evidence);
  }

  /**
   * The event shown as the category's evidence: its earliest, or its latest when the earliest was
   * superseded; null for a category without evidence (a fallback).
   */
  private EventRef shown(DiagnosisState state, String category, Map<Stage, Long> reached) {
    CategoryHit hit = category == null ? null : categoryHit(state, category, reached);
    if (hit == null) {
      return null;
    }
    return superseded(hit.first().timestamp(), reached) ? hit.last() : hit.first();
  }

  /** {@code key} evidence, then the last lines of each service by service name, without repeats. */
  private static List<EventRef> withLastLines(List<EventRef> key, DiagnosisState state) {
    List<EventRef> evidence = new ArrayList<>(key);
    Set<String> seen = new HashSet<>();
    key.forEach(ref -> seen.add(ref.eventId()));
    new TreeMap<>(state.lastLines())
        .values()
        .forEach(
            lines ->
                lines.forEach(
                    line -> {
                      if (seen.add(line.eventId())) {
                        evidence.add(line);
                      }
                    }));
    return evidence;
  }

  /**
   * An ERROR or FATAL line, an HTTP 5xx, or a Lambda invocation that ended in error or timed out.
   */
  private static boolean isError(LogEvent event) {
    Facts facts = event.facts();
    return event.level().isError()
        || (facts.http() != null && facts.http().status() != null && facts.http().status() >= 500)
        || (facts.lambda() != null
            && facts.lambda().status() != null
            && LAMBDA_FAILURES.contains(facts.lambda().status().toLowerCase(Locale.ROOT)));
  }

  private static EventRef ref(LogEvent event) {
    String message = event.message();
    if (message.length() > MESSAGE_CHARS) {
      message = message.substring(0, MESSAGE_CHARS - 1) + "…";
    }
    String service = event.service() != null ? event.service() : event.logGroup();
    String exceptionType = event.facts().error() == null ? null : event.facts().error().type();
    return new EventRef(
        event.eventId(),
        event.timestamp(),
        service,
        event.logGroup(),
        event.logStream(),
        event.level().name(),
        message,
        exceptionType,
        event.sourceKind().name());
  }

  /**
   * The outcome of one assessment; the stuck clock is already applied.
   *
   * @param shown the category's evidence event, which also picks the resolution that fits the
   *     failing piece
   */
  private record Verdict(
      String status,
      boolean terminal,
      Stage furthest,
      List<StageAt> stages,
      String category,
      String symptom,
      EventRef shown,
      List<EventRef> evidence) {}

  /**
   * What every rule says of one event.
   *
   * @param at the event's time
   * @param rules ids of the stage, failed and run-end rules it matches
   * @param categories the category evidence it is, whatever the timeline's kind ({@code observe}
   *     checks that)
   * @param error whether it is an error (the timeline's first error is the earliest)
   * @param ref the event as evidence
   */
  public record Observation(
      long at, List<String> rules, List<CategoryMatch> categories, boolean error, EventRef ref) {}

  /**
   * One piece of category evidence: its category and where it is kept ({@code
   * category[@requires]}).
   */
  public record CategoryMatch(FailureCategory category, String hitKey) {}
}

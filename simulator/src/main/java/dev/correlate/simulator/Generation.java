package dev.correlate.simulator;

import dev.correlate.simulator.Estate.LambdaFormat;
import dev.correlate.simulator.TruthCollector.StoryOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One run of the simulator, step by step so that it can stream. The schedule (which story starts
 * when) is planned up front and sorted by start; each step tells one story and hands every line
 * older than the next story's start to {@link Delivery}, which therefore sees lines in timestamp
 * order while only the lines of overlapping stories are held in memory.
 */
final class Generation {
  static final long JOB_MAX_MS = 15 * 60_000L;
  static final long SHORT_MAX_MS = 60_000L;

  /**
   * Stuck stories end at least this long before now: more than the default 15-minute stuck
   * threshold.
   */
  static final long SILENCE_MS = 20 * 60_000L;

  private static final long RECENT_FROM_MS = 9 * 60_000L;
  private static final long RECENT_TO_MS = 7 * 60_000L;
  private static final long RECENT_LIMIT_MS = 10 * 60_000L;

  private record Story(Scenario scenario, long start, int ordinal, SplittableRandom rnd) {}

  private final SimulationSettings settings;
  private final Estate estate;
  private final EventIds ids;
  private final List<Story> schedule;
  private final PriorityQueue<Line> pending =
      new PriorityQueue<>(
          Comparator.comparingLong(Line::timestamp).thenComparingLong(Line::sequence));
  private final Delivery delivery;
  private final TruthCollector truth;
  private int next;
  private boolean finished;

  /**
   * A run sending requests to {@code out}; {@code truth} may be null when nobody needs the ground
   * truth.
   */
  Generation(SimulationSettings settings, Consumer<FirehoseRequest> out, TruthCollector truth) {
    this.settings = settings;
    SplittableRandom master = new SplittableRandom(settings.seed());
    this.estate = new Estate(settings, master.split());
    this.delivery = new Delivery(settings, master.split(), out);
    this.ids = new EventIds(settings.seed());
    this.truth = truth;
    this.schedule = plan(master);
  }

  /** Tells the next story, or finishes the delivery; false once everything was sent. */
  boolean step() {
    if (next < schedule.size()) {
      tell(schedule.get(next++));
      release(next < schedule.size() ? schedule.get(next).start() : Long.MAX_VALUE);
      return true;
    }
    if (!finished) {
      finished = true;
      delivery.finish();
    }
    return false;
  }

  GroundTruth.Counts counts() {
    return delivery.counts();
  }

  private List<Story> plan(SplittableRandom master) {
    List<Story> stories = new ArrayList<>();
    for (Scenario scenario : Scenario.ofKind(Scenario.Kind.JOB)) {
      for (int i = 0; i < settings.jobsPerScenario(); i++) {
        stories.add(story(scenario, stories.size(), master));
      }
    }
    for (int i = 0; i < settings.plainRequests(); i++) {
      stories.add(story(requestScenario(i), stories.size(), master));
    }
    long checks = Math.round(stories.size() * settings.healthCheckRate());
    for (long i = 0; i < checks; i++) {
      stories.add(story(Scenario.HEALTH_CHECK, stories.size(), master));
    }
    stories.sort(Comparator.comparingLong(Story::start).thenComparingInt(Story::ordinal));
    return stories;
  }

  /** Every tenth request fails in one of three ways; the rest succeed. */
  private static Scenario requestScenario(int index) {
    return switch (index % 10) {
      case 1 -> Scenario.REQUEST_CONNECTION_REFUSED;
      case 2 -> Scenario.REQUEST_SERVICE_UNAVAILABLE;
      case 3 -> Scenario.REQUEST_CONNECTION_TIMEOUT;
      default -> Scenario.REQUEST_OK;
    };
  }

  private Story story(Scenario scenario, int ordinal, SplittableRandom master) {
    long now = settings.now();
    long from = now - settings.spanMinutes() * 60_000L;
    long start =
        switch (scenario.placement()) {
          case ANY -> Ids.between(master, from, now - maxDuration(scenario));
          case SILENT -> Ids.between(master, from, now - SILENCE_MS - maxDuration(scenario));
          case RECENT -> Ids.between(master, now - RECENT_FROM_MS, now - RECENT_TO_MS);
        };
    return new Story(scenario, start, ordinal, master.split());
  }

  private static long maxDuration(Scenario scenario) {
    return scenario.kind() == Scenario.Kind.JOB ? JOB_MAX_MS : SHORT_MAX_MS;
  }

  private void tell(Story story) {
    Scenario scenario = story.scenario();
    StoryWriter w = new StoryWriter(estate, story.rnd(), ids);
    StoryOutcome outcome =
        switch (scenario.kind()) {
          case JOB -> {
            BacktestFlow job =
                BacktestStories.tell(
                    scenario,
                    w,
                    story.start(),
                    story.ordinal() % 2 == 0 ? LambdaFormat.TEXT : LambdaFormat.JSON);
            yield new StoryOutcome(
                scenario, job.correlationId, job.jobId, job.stage(), job.taskId());
          }
          case REQUEST ->
              new StoryOutcome(
                  scenario, RequestStories.request(scenario, w, story.start()), null, null, null);
          case NOISE -> {
            RequestStories.healthCheck(w, story.start());
            yield new StoryOutcome(scenario, null, null, null, null);
          }
        };
    checkPlacement(story, w.lines());
    if (truth != null) {
      truth.add(outcome, w.lines());
    }
    pending.addAll(w.lines());
  }

  /**
   * The placements stuck and running verdicts rely on; a story breaking them is a bug in the
   * simulator.
   */
  private void checkPlacement(Story story, List<Line> lines) {
    long last = lines.stream().mapToLong(Line::timestamp).max().orElse(story.start());
    boolean fits =
        switch (story.scenario().placement()) {
          case ANY -> last - story.start() <= maxDuration(story.scenario());
          case SILENT -> last <= settings.now() - SILENCE_MS;
          case RECENT -> last >= settings.now() - RECENT_LIMIT_MS;
        };
    if (!fits) {
      throw new IllegalStateException(
          story.scenario().id()
              + " story starting at "
              + story.start()
              + " ended at "
              + last
              + ", outside its placement "
              + story.scenario().placement());
    }
  }

  private void release(long before) {
    while (!pending.isEmpty() && pending.peek().timestamp() < before) {
      delivery.accept(pending.poll());
    }
  }
}

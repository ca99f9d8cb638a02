package dev.correlate.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts.ErrorFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.parse.MultilineErrors.Phase;
import dev.correlate.core.parse.MultilineErrors.State;
import dev.correlate.core.parse.MultilineErrors.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultilineErrorsTest {
  private static final LogEventParser PARSER = new LogEventParser();
  private static final long T0 = 1_795_000_000_000L;

  /**
   * Parses {@code lines} as consecutive events of one strategy task stream (10 ms apart) and joins
   * them.
   */
  private static List<Step> stream(String... lines) {
    long[] times = new long[lines.length];
    for (int i = 0; i < lines.length; i++) {
      times[i] = T0 + 10L * i;
    }
    return stream(times, lines);
  }

  private static List<Step> stream(long[] times, String... lines) {
    List<Step> steps = new ArrayList<>();
    State state = null;
    for (int i = 0; i < lines.length; i++) {
      LogEvent event =
          PARSER.parse(
              new RawLogEvent(
                  "123456789012",
                  "/ecs/tradai-strategy-prod",
                  "ecs/strategy/9f1c2b3d4e5f60718293a4b5c6d7e8f9",
                  List.of(),
                  null,
                  Map.of(),
                  "e" + (i + 1),
                  times[i],
                  lines[i] + "\n",
                  times[i],
                  RawLogEvent.Intake.FIREHOSE,
                  null,
                  Map.of()));
      Step step = MultilineErrors.next(state, event);
      steps.add(step);
      state = step.state();
    }
    return steps;
  }

  private static ErrorFacts error(Step step) {
    return step.event().facts().error();
  }

  @Test
  void loggerExceptionWithTraceback_sharesTheAnchorsGroupAndNamesTheType() {
    List<Step> steps =
        stream(
            "2026-11-27 10:05:01,000 - tradai.runner - ERROR - Backtest crashed",
            "Traceback (most recent call last):",
            "  File \"/app/runner.py\", line 88, in run",
            "    result = backtest(config)",
            "  File \"/usr/lib/python3.12/site-packages/numpy/core/_methods.py\", line 41, in _sum",
            "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 2.3 GiB for an array with shape (300000000,)",
            "2026-11-27 10:05:02,000 - tradai.runner - INFO - Cleaning up");
    assertThat(error(steps.get(0))).isEqualTo(new ErrorFacts(null, null, "e1", false));
    for (int i = 1; i <= 4; i++) {
      assertThat(error(steps.get(i)))
          .as("line %d", i + 1)
          .isEqualTo(new ErrorFacts(null, null, "e1", true));
    }
    assertThat(error(steps.get(5)))
        .isEqualTo(
            new ErrorFacts(
                "numpy.core._exceptions._ArrayMemoryError",
                "Unable to allocate 2.3 GiB for an array with shape (300000000,)",
                "e1",
                true));
    assertThat(steps.get(5).event().level())
        .as("the anchor already counts as the error")
        .isEqualTo(Level.INFO);
    assertThat(steps.get(5).state()).isEqualTo(new State("e1", Phase.ENDED, T0 + 50, 6, true));
    assertThat(error(steps.get(6))).isNull();
    assertThat(steps.get(6).state()).isNull();
  }

  @Test
  void uncaughtTracebackWithoutLogger_raisesTheLineNamingTheExceptionToError() {
    List<Step> steps =
        stream(
            "Traceback (most recent call last):",
            "  File \"/app/cfg.py\", line 5, in load",
            "KeyError: 'timeframe'");
    assertThat(error(steps.get(0))).isEqualTo(new ErrorFacts(null, null, "e1", false));
    assertThat(steps.get(0).event().level()).isEqualTo(Level.INFO);
    assertThat(error(steps.get(1))).isEqualTo(new ErrorFacts(null, null, "e1", true));
    assertThat(error(steps.get(2)))
        .isEqualTo(new ErrorFacts("KeyError", "'timeframe'", "e1", true));
    assertThat(steps.get(2).event().level()).isEqualTo(Level.ERROR);
  }

  @Test
  void chainedExceptions_stayInOneGroup() {
    List<Step> steps =
        stream(
            "Traceback (most recent call last):",
            "  File \"/app/a.py\", line 1, in f",
            "ValueError: bad candle",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"/app/b.py\", line 2, in g",
            "RuntimeError: backtest failed");
    assertThat(steps)
        .extracting(s -> error(s) == null ? null : error(s).groupId())
        .containsOnly("e1");
    assertThat(error(steps.get(2)).type()).isEqualTo("ValueError");
    assertThat(error(steps.get(8)))
        .isEqualTo(new ErrorFacts("RuntimeError", "backtest failed", "e1", true));
    assertThat(steps.get(8).event().level()).isEqualTo(Level.INFO);
    assertThat(steps.get(2).event().level()).isEqualTo(Level.ERROR);
  }

  @Test
  void javaStackTraceAfterAnErrorLine_carriesHeaderAndCause() {
    List<Step> steps =
        stream(
            "2026-11-27T10:00:00.000Z ERROR [main] Job failed",
            "java.lang.IllegalStateException: Strategy not found",
            "\tat dev.tradai.Runner.run(Runner.java:42)",
            "\tat java.base/java.lang.Thread.run(Thread.java:840)",
            "Caused by: java.io.FileNotFoundException: /strategies/x.py",
            "\t... 2 more",
            "2026-11-27T10:00:01.000Z INFO [main] Retrying");
    assertThat(error(steps.get(0))).isEqualTo(new ErrorFacts(null, null, "e1", false));
    assertThat(error(steps.get(1)))
        .isEqualTo(
            new ErrorFacts("java.lang.IllegalStateException", "Strategy not found", "e1", true));
    assertThat(error(steps.get(2))).isEqualTo(new ErrorFacts(null, null, "e1", true));
    assertThat(error(steps.get(3))).isEqualTo(new ErrorFacts(null, null, "e1", true));
    assertThat(error(steps.get(4)))
        .isEqualTo(new ErrorFacts("java.io.FileNotFoundException", "/strategies/x.py", "e1", true));
    assertThat(error(steps.get(5))).isEqualTo(new ErrorFacts(null, null, "e1", true));
    assertThat(error(steps.get(6))).isNull();
  }

  @Test
  void javaHeaderWithoutLogger_beginsAGroupAtError() {
    List<Step> steps =
        stream(
            "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
            "\tat dev.tradai.Loader.load(Loader.java:7)");
    assertThat(error(steps.get(0)))
        .isEqualTo(new ErrorFacts("java.lang.OutOfMemoryError", "Java heap space", "e1", false));
    assertThat(steps.get(0).event().level()).isEqualTo(Level.ERROR);
    assertThat(error(steps.get(1))).isEqualTo(new ErrorFacts(null, null, "e1", true));
  }

  @Test
  void errorLineKeepsItsOwnExceptionAndAnUnrelatedLineEndsTheGroup() {
    List<Step> steps =
        stream(
            "2026-11-27 10:05:01,000 - tradai.runner - ERROR - Backtest failed: MemoryError: "
                + "out of memory",
            "2026-11-27 10:05:01,500 - tradai.runner - INFO - Retrying with fewer pairs");
    assertThat(error(steps.get(0)))
        .isEqualTo(new ErrorFacts("MemoryError", "out of memory", "e1", false));
    assertThat(steps.get(0).state().phase()).isEqualTo(Phase.ANCHOR);
    assertThat(error(steps.get(1))).isNull();
    assertThat(steps.get(1).state()).isNull();
  }

  @Test
  void indentedLineAfterAQuietGap_isNotAContinuation() {
    List<Step> steps =
        stream(
            new long[] {T0, T0 + MultilineErrors.MAX_GAP_MS + 1},
            "Traceback (most recent call last):",
            "  File \"/app/a.py\", line 1, in f");
    assertThat(error(steps.get(1))).isNull();
  }

  @Test
  void indentedLineWithoutAnError_isLeftAlone() {
    List<Step> steps = stream("Config:", "  pairs: BTC/USDT");
    assertThat(steps)
        .allSatisfy(
            s -> {
              assertThat(error(s)).isNull();
              assertThat(s.state()).isNull();
            });
  }

  @Test
  void veryLongTrace_isCutAtTheEventLimit() {
    String[] lines = new String[MultilineErrors.MAX_EVENTS + 2];
    lines[0] = "Traceback (most recent call last):";
    for (int i = 1; i < lines.length; i++) {
      lines[i] = "  File \"/app/deep.py\", line " + i + ", in recurse";
    }
    List<Step> steps = stream(lines);
    assertThat(error(steps.get(MultilineErrors.MAX_EVENTS - 1))).isNotNull();
    assertThat(error(steps.get(MultilineErrors.MAX_EVENTS))).isNull();
  }

  @Test
  void state_roundTripsThroughTheWireJson() {
    State state = new State("e1", Phase.TRACE, T0, 3, true);
    assertThat(Json.read(Json.write(state), State.class)).isEqualTo(state);
  }
}

package dev.correlate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.simulator.GroundTruth;
import dev.correlate.simulator.SimulationSettings;
import dev.correlate.simulator.TrafficSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo prints; that each printed command shows what it says is {@code LauncherIT}'s. */
class DemoGuideTest {
  private static final GroundTruth TRUTH =
      new TrafficSimulator(SimulationSettings.defaults().withSeed(42).withVolume(1, 1))
          .generate()
          .truth();
  private static final LauncherSettings SETTINGS =
      LauncherSettings.from(Map.of("CORRELATE_API_PORT", "28080"));

  @Test
  void text_printsTheConsoleFirst_thenTheCli_thenCurl_thenHowToStop() {
    String text = DemoGuide.of(SETTINGS, TRUTH, Path.of("truth.json"), false).text();

    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines.get(0)).isEqualTo("Open the console: http://127.0.0.1:28080/");
    String jobId = DemoGuide.focus(TRUTH).getKey();
    assertThat(lines.get(1))
        .isEqualTo("  job " + jobId + " in it: http://127.0.0.1:28080/#/jobs/" + jobId);
    assertThat(text.split("Open the console", -1)).as("the console is named once").hasSize(2);
    assertThat(text.indexOf("./correlate jobs")).isLessThan(text.indexOf("curl "));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Stop everything: ./correlate down");
  }

  @Test
  void everyHint_isPrinted_inTheOrderOfHints() {
    DemoGuide guide = DemoGuide.of(SETTINGS, TRUTH, Path.of("truth.json"), false);
    String text = guide.text();

    int from = 0;
    for (DemoGuide.Hint hint : guide.hints()) {
      int at = text.indexOf(hint.command(), from);
      assertThat(at).as(hint.command()).isGreaterThanOrEqualTo(from);
      from = at + hint.command().length();
      if (!hint.comment().isEmpty()) {
        assertThat(text.substring(from, text.indexOf('\n', from)))
            .as(hint.command())
            .endsWith(" # " + hint.comment());
      }
    }
  }

  @Test
  void searchHints_filterWithTheFilterParameter() {
    DemoGuide guide = DemoGuide.of(SETTINGS, TRUTH, Path.of("truth.json"), false);

    assertThat(guide.hints())
        .filteredOn(h -> h.shows() == DemoGuide.Shows.ERROR_SEARCH)
        .extracting(DemoGuide.Hint::command)
        .containsExactly(
            "./correlate search '{ $.level = \"ERROR\" }'",
            "curl -s -G 'http://127.0.0.1:28080/api/v1/search' --data-urlencode 'filter={ $.level = \"ERROR\" }'");
  }

  @Test
  void withTokens_curlSendsTheToken_andSaysWhereItComesFrom() {
    DemoGuide guide = DemoGuide.of(SETTINGS, TRUTH, Path.of("truth.json"), true);

    assertThat(guide.text()).contains("export TOKEN=<one of CORRELATE_API_TOKENS>");
    assertThat(guide.hints())
        .filteredOn(h -> h.command().startsWith("curl") && h.shows() != DemoGuide.Shows.OPENAPI)
        .allSatisfy(
            h ->
                assertThat(h.command()).startsWith("curl -s -H \"Authorization: Bearer $TOKEN\" "));
  }
}

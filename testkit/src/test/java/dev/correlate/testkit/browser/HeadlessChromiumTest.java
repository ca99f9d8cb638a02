package dev.correlate.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessChromiumTest {
  @Test
  void executable_missing_failsNamingTheInstallCommandAndTheOverride() {
    assertThatThrownBy(
            () ->
                HeadlessChromium.executable(
                    Map.of(HeadlessChromium.OVERRIDE, "/nonexistent/chromium")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Chromium at /nonexistent/chromium")
        .hasMessageContaining("apt-get install chromium")
        .hasMessageContaining("CORRELATE_CHROMIUM");
  }

  @Test
  void executable_isTheOverride_whenSet(@TempDir Path dir) throws IOException {
    Path browser = Files.createFile(dir.resolve("chrome"));
    assertThat(browser.toFile().setExecutable(true)).isTrue();

    assertThat(HeadlessChromium.executable(Map.of(HeadlessChromium.OVERRIDE, browser.toString())))
        .isEqualTo(browser);
  }

  @Test
  void executable_notExecutable_isRefusedToo(@TempDir Path dir) throws IOException {
    Path notABrowser = Files.createFile(dir.resolve("chromium"));

    assertThatThrownBy(
            () ->
                HeadlessChromium.executable(
                    Map.of(HeadlessChromium.OVERRIDE, notABrowser.toString())))
        .hasMessageContaining("apt-get install chromium");
  }
}

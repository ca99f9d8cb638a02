package dev.correlate.testkit.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A headless Chromium for the console's browser tests, driven by Playwright: the system's browser
 * (Debian's {@code /usr/bin/chromium}, or {@value #OVERRIDE}), never one Playwright would download.
 * One per test class; each {@link #newPage} is a fresh context.
 *
 * <p>Without a browser the tests fail, naming the install command; they are never skipped.
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Environment variable naming another Chromium executable. */
  public static final String OVERRIDE = "CORRELATE_CHROMIUM";

  static final Path DEFAULT = Path.of("/usr/bin/chromium");

  /** Where {@link #screenshot} writes, under the module's working directory. */
  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private static final List<String> ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          "--disable-sync",
          "--disable-extensions",
          "--mute-audio");

  private final Playwright playwright;
  private final Browser browser;

  private HeadlessChromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts the browser; fails with the install command when there is none. */
  public static HeadlessChromium launch() {
    Path executable = executable(System.getenv());
    // the driver must not fetch browsers, whatever the environment of this JVM says
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      // Playwright gives every launch a fresh, temporary user data directory
      return new HeadlessChromium(
          playwright,
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(executable)
                      .setHeadless(true)
                      .setArgs(ARGS)));
    } catch (RuntimeException e) {
      playwright.close();
      throw new IllegalStateException(
          "cannot start Chromium at " + executable + ": " + e.getMessage(), e);
    }
  }

  /**
   * The executable to drive: {@value #OVERRIDE} when set, else {@code /usr/bin/chromium}; it must
   * exist.
   */
  static Path executable(Map<String, String> env) {
    String override = env.get(OVERRIDE);
    Path executable = override == null || override.isBlank() ? DEFAULT : Path.of(override);
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          "no Chromium at "
              + executable
              + ": the console's browser tests need one. "
              + "Install it with `apt-get install chromium` (as .ci/run does), or set "
              + OVERRIDE
              + " to a Chromium or Chrome executable.");
    }
    return executable;
  }

  /**
   * A page in a context of its own (fresh storage, so a fresh session token), closed with the page:
   * 1440 × 900 CSS pixels (a laptop screen), locale and time zone fixed. Its actions and
   * Playwright's assertions wait up to {@code patience} for what they expect.
   */
  public Page newPage(Duration patience) {
    Page page =
        browser.newPage(
            new Browser.NewPageOptions()
                .setViewportSize(1440, 900)
                .setLocale("en-US")
                .setTimezoneId("UTC"));
    page.setDefaultTimeout(patience.toMillis());
    PlaywrightAssertions.setDefaultAssertionTimeout(patience.toMillis());
    return page;
  }

  /**
   * Saves what {@code page} shows (the viewport: what one sees without scrolling) as {@code
   * <name>.png}.
   */
  public static Path screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file));
    return file;
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}

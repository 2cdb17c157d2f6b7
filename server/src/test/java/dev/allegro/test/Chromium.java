package dev.allegro.test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for browser tests: the machine's {@code /usr/bin/chromium} driven by Playwright
 * (which downloads no browser of its own). A machine without it skips the test with a message;
 * {@code .ci/run} installs it. Open one per test class, a fresh context per test.
 *
 * <pre>{@code
 * static Chromium chromium;
 * @BeforeAll static void open() { chromium = Chromium.launch(); }
 * @AfterAll static void close() { chromium.close(); }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

  /** Where Debian's package puts it; {@code CHROMIUM} names another. */
  private static final Path EXECUTABLE =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  /** Where screenshots go: {@code server/target/screenshots/NAME.png}. */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts headless Chromium, or skips the calling test when the machine has none. */
  public static Chromium launch() {
    return launch(new String[0]);
  }

  /**
   * Starts headless Chromium with further command-line switches, e.g. {@code
   * --host-resolver-rules=MAP *.test 127.0.0.1} to reach tenants' hosts; skips as above.
   */
  public static Chromium launch(String... switches) {
    Assumptions.assumeTrue(
        Files.isExecutable(EXECUTABLE),
        "Browser tests skipped: no Chromium at "
            + EXECUTABLE
            + " (apt-get install -y chromium, as .ci/run does)");
    var playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    var browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    .setArgs(
                        java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(
                                    "--no-sandbox", "--disable-dev-shm-usage"),
                                java.util.Arrays.stream(switches))
                            .toList()));
    return new Chromium(playwright, browser);
  }

  /** A fresh browser context (its own cookies and storage), 1280×900. */
  public BrowserContext newContext() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
  }

  /** A page in a fresh context. */
  public Page newPage() {
    return newContext().newPage();
  }

  /** Saves a full-page screenshot as {@code target/screenshots/NAME.png}; returns its path. */
  public static Path screenshot(Page page, String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}

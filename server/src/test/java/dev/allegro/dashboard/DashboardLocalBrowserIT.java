package dev.allegro.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;

/** In {@code APP_ENV=local} the dashboard is open without signing in, as the seed says. */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardLocalBrowserIT {

  @Value("${local.server.port}")
  int port;

  private Chromium chromium;

  @BeforeAll
  void openChromium() {
    chromium = Chromium.launch();
  }

  @AfterAll
  void closeChromium() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void theDashboardOpensWithoutSigningIn() {
    var page = chromium.newPage();
    page.navigate("http://localhost:" + port + "/horizon");
    assertThat(page).hasURL("http://localhost:" + port + "/horizon/dashboard");
    assertThat(page.locator("header")).containsText("open (APP_ENV=local)");
    assertThat(page.locator("[data-stat=status]")).not().hasText("–");
    Chromium.screenshot(page, "horizon-local-open");

    page.navigate("http://localhost:" + port + "/horizon/login");
    assertThat(page).hasURL("http://localhost:" + port + "/horizon/dashboard");
    page.context().close();
  }
}

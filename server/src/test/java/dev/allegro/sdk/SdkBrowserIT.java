package dev.allegro.sdk;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenants;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Chromium;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The SDK in real headless Chromium, on the demo page of a tenant's host (every {@code *.test} host
 * resolves to this machine): what the visitor does arrives in the tenant's Event and Heartbeat
 * Queues exactly once, as a consumer reads them. Screenshots go under {@code target/screenshots/}.
 */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
    properties = {
      "allegro.sdk.heartbeat-interval=2s",
      "allegro.tracking.sdk-rate-limit-per-minute=0"
    })
class SdkBrowserIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Tenants tenants;

  @Value("${local.server.port}")
  int port;

  private Chromium chromium;
  private BrowserContext context;

  @BeforeAll
  void openChromium() {
    chromium = Chromium.launch("--host-resolver-rules=MAP *.test 127.0.0.1");
    PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
  }

  @AfterAll
  void closeChromium() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void freshBrowser() {
    context = chromium.newContext();
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  private String url(String slug, String path) {
    return "http://" + TestData.host(slug) + ":" + port + path;
  }

  @Test
  void aVisitArrivesInBothQueuesOnceAndInOrder() {
    var tenant = data.tenant("shop", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    tenants.update(tenant, new Tenants.Changes(null, null, null, false, "shop.test", false));
    String token = data.token(data.member("reader@shop.test", tenant), "events:read");
    // a command queued before the SDK loads, as a site's inline snippet does
    context.addInitScript(
        "window.allegro = window.allegro || [];"
            + " window.allegro.push(function (a) { a.track('queued_before_load'); });");
    Page page = context.newPage();

    page.navigate(url("shop", "/sdk/demo.html"));
    assertThat(page.locator("#status")).containsText("ready");
    assertThat(page.locator("#log-rows tr")).not().hasCount(0);
    Chromium.screenshot(page, "sdk-demo-loaded");
    page.locator("#buy").click();
    assertThat(page.locator("#result")).containsText("add_to_cart →");
    page.getByText("Pricing").click();
    assertThat(page).hasURL(url("shop", "/sdk/demo/pricing"));
    await().atMost(Duration.ofSeconds(15)).until(() -> events("shop", token).size() == 4);
    String pricingView = events("shop", token).get(3).get("id").asString();
    // two heartbeat intervals of the pricing view, visible
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> beats("shop", token).getOrDefault(pricingView, List.of()).size() >= 2);
    // a moment more, so that the beat on hide carries a total the interval's beats did not
    page.waitForTimeout(1_200);
    Chromium.screenshot(page, "sdk-demo-pricing");
    Instant hidden = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    page.navigate("about:blank");

    var events = events("shop", token);
    assertThat(events)
        .extracting(e -> e.get("type").asString())
        .containsExactly("page_view", "queued_before_load", "add_to_cart", "page_view");
    assertThat(events)
        .extracting(e -> e.get("page_path").asString())
        .containsExactly("/sdk/demo.html", "/sdk/demo.html", "/sdk/demo.html", "/sdk/demo/pricing");
    assertThat(events)
        .allSatisfy(e -> assertThat(e.get("page_hostname").asString()).isEqualTo("shop.test"));
    assertThat(events)
        .allSatisfy(e -> assertThat(e.get("user_agent").asString()).contains("Chrome"));
    assertThat(events)
        .extracting(e -> e.get("session_id").asString())
        .containsOnly(events.getFirst().get("session_id").asString());
    assertThat(events).extracting(e -> e.get("event_sequence").asInt()).containsExactly(1, 2, 3, 4);
    var sessionCookie =
        context.cookies().stream()
            .filter(c -> c.name.equals("allegro_session_id"))
            .findFirst()
            .orElseThrow();
    assertThat(events.getFirst().get("session_id").asString()).isEqualTo(sessionCookie.value);
    assertThat(sessionCookie.domain).as("the tenant's cookie domain").isEqualTo(".shop.test");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> lastBeatAt(beats("shop", token).get(pricingView)).isAfter(hidden.minusMillis(1)));
    var beats = beats("shop", token);
    assertThat(beats.keySet())
        .as("beats only for the page views")
        .isSubsetOf(events.get(0).get("id").asString(), pricingView);
    beats.forEach(
        (view, list) ->
            assertThat(list)
                .extracting(b -> b.get("active_seconds").asInt())
                .as("active seconds of %s", view)
                .isSorted()
                .doesNotHaveDuplicates()
                .allSatisfy(s -> assertThat(s).isPositive()));
    var pricing = beats.get(pricingView);
    assertThat(pricing).hasSizeGreaterThanOrEqualTo(3);
    assertThat(pricing.getLast().get("active_seconds").asInt()).isBetween(5, 8);
  }

  @Test
  void aRequestLostInTheBrowserIsSentAgainAfterAReloadAndNothingIsDoubled() {
    var tenant = data.tenant("flaky", FeatureFlag.USE_REDIS_EVENTS);
    String token = data.token(data.member("reader@flaky.test", tenant), "events:read");
    Page page = context.newPage();
    page.navigate(url("flaky", "/sdk/demo.html"));
    assertThat(page.locator("#status")).containsText("ready");
    await().atMost(Duration.ofSeconds(10)).until(() -> events("flaky", token).size() == 1);

    // share never reaches the server; add_to_cart does, but its answer never reaches the page
    page.route(
        "**/api/events",
        route -> {
          String body = route.request().postData();
          if (body != null && body.contains("\"type\":\"share\"")) {
            route.abort();
          } else {
            // delivered as the browser sent it (the driver resolves no *.test host itself)
            http.post("/api/events")
                .host(TestData.host("flaky"))
                .header("User-Agent", route.request().headers().get("user-agent"))
                .body(body)
                .send();
            route.abort();
          }
        });
    page.locator("#buy").click();
    assertThat(page.locator("#result")).containsText("waiting for a retry");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> types(events("flaky", token)).contains("add_to_cart"));
    page.locator("#share").click();
    assertThat(page.locator("#result")).containsText("share →");
    assertThat(page.locator("#result")).containsText("waiting for a retry");
    Chromium.screenshot(page, "sdk-demo-retry");
    assertThat(types(events("flaky", token))).doesNotContain("share");

    page.unrouteAll();
    page.reload();
    assertThat(page.locator("#status")).containsText("ready");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> page.evaluate("() => localStorage.getItem('allegro_queue')") == null);
    Chromium.screenshot(page, "sdk-demo-after-reload");

    var events = events("flaky", token);
    assertThat(types(events))
        .containsExactlyInAnyOrder("page_view", "add_to_cart", "share", "page_view");
    assertThat(events).extracting(e -> e.get("id").asString()).doesNotHaveDuplicates();
    assertThat(events)
        .extracting(e -> e.get("event_sequence").asInt())
        .containsExactlyInAnyOrder(1, 2, 3, 4);
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asString()).toList();
  }

  private List<JsonNode> events(String slug, String token) {
    var response = http.get("/api/platform/events").host(TestData.host(slug)).bearer(token).send();
    assertThat(response.status()).isEqualTo(200);
    var list = new ArrayList<JsonNode>();
    response.json().get("data").get("events").forEach(list::add);
    return list;
  }

  /** The Heartbeat Queue's beats by page view, in queue order. */
  private Map<String, List<JsonNode>> beats(String slug, String token) {
    var response =
        http.get("/api/platform/heartbeats").host(TestData.host(slug)).bearer(token).send();
    assertThat(response.status()).isEqualTo(200);
    var byView = new LinkedHashMap<String, List<JsonNode>>();
    response
        .json()
        .get("data")
        .get("heartbeats")
        .forEach(
            b ->
                byView
                    .computeIfAbsent(b.get("event_id").asString(), k -> new ArrayList<>())
                    .add(b));
    return byView;
  }

  private static Instant lastBeatAt(List<JsonNode> beats) {
    return beats == null
        ? Instant.EPOCH
        : OffsetDateTime.parse(beats.getLast().get("created_at").asString()).toInstant();
  }
}

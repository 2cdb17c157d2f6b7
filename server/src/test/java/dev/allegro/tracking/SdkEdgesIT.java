package dev.allegro.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.tenancy.Tenants;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@AllegroTest
@TestPropertySource(
    properties = {
      "allegro.tracking.sdk-rate-limit-per-minute=3",
      "allegro.trusted-proxies=127.0.0.1"
    })
class SdkEdgesIT {

  private static final String EVENT =
      "{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://shop.example/\"}";

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Tenants tenants;

  @Test
  void aClientOverItsPerMinuteLimitGets429WithRetryAfter() {
    data.tenant("limited");
    Http.Response limited = null;
    // Seven requests span at most two one-minute windows, so one window sees more than three.
    for (int i = 0; i < 7 && limited == null; i++) {
      var response =
          http.post("/api/events")
              .host("limited.test")
              .header("X-Forwarded-For", "9.9.9.9")
              .json(EVENT)
              .send();
      if (response.status() == 429) {
        limited = response;
      } else {
        assertThat(response.status()).isEqualTo(201);
      }
    }

    assertThat(limited).isNotNull();
    assertThat(limited.json().get("message").asString()).isEqualTo("Too Many Attempts.");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
  }

  @Test
  void heartbeatsAreRateLimitedWhileTheFeatureIsOff() {
    data.tenant("beats-off");
    var statuses = new java.util.ArrayList<Integer>();

    for (int i = 0; i < 7 && !statuses.contains(429); i++) {
      statuses.add(
          http.post("/api/heartbeat")
              .host("beats-off.test")
              .header("X-Forwarded-For", "8.8.4.4")
              .json("{}")
              .send()
              .status());
    }

    assertThat(statuses).contains(429).containsOnly(204, 429);
  }

  @Test
  void onlyTheTenantsAllowedOriginsMayPostFromABrowser() {
    var tenant = data.tenant("cors");
    tenants.update(tenant, new Tenants.Changes(null, null, List.of("https://shop.example"), false));

    var allowed =
        http.post("/api/events")
            .host("cors.test")
            .header("Origin", "https://shop.example")
            .json(EVENT)
            .send();
    var refused =
        http.post("/api/events")
            .host("cors.test")
            .header("Origin", "https://evil.example")
            .json(EVENT)
            .send();
    var preflight =
        http.options("/api/events")
            .host("cors.test")
            .header("Origin", "https://shop.example")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send();

    assertThat(allowed.status()).isEqualTo(201);
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asString()).contains("evil.example");
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
  }

  @Test
  void aTenantWithoutConfiguredOriginsAcceptsAnyOrigin() {
    data.tenant("open");

    var response =
        http.post("/api/events")
            .host("open.test")
            .header("Origin", "https://anywhere.example")
            .json(EVENT)
            .send();

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header("Access-Control-Allow-Origin"))
        .isEqualTo("https://anywhere.example");
  }
}

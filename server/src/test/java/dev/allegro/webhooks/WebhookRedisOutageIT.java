package dev.allegro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.PrivateRedis;
import dev.allegro.test.Prometheus;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Events tracked while Redis is down reach their webhook endpoint once it is back, each once. */
@AllegroTest
@TestPropertySource(
    properties = {"allegro.roles=web,worker", "allegro.webhooks.allow-private=true"})
class WebhookRedisOutageIT {

  private static final PrivateRedis redis = PrivateRedis.start();

  @DynamicPropertySource
  static void privateRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", redis::port);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Autowired Http http;
  @Autowired TestData data;

  @Test
  void eventsTrackedWhileRedisIsDownAreEachDeliveredOnceWhenItIsBack() {
    try (var receiver = new WebhookReceiver()) {
      Tenant tenant = data.tenant("outage");
      String token = data.token(data.member("m@outage.test", tenant));
      var created =
          http.post("/api/v1/webhooks")
              .host("outage.test")
              .bearer(token)
              .json("{\"url\":\"" + receiver.url("/hook") + "\",\"event_types\":[\"page_view\"]}")
              .send();
      assertThat(created.status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hook").size() == 1);
      var expected = new ArrayList<String>(track(2));
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hook").size() == 3);

      double failures = relayFailures();
      redis.stop();
      expected.addAll(track(5));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(relayFailures())
                      .as("the relay met Redis down")
                      .isGreaterThan(failures));
      redis.restart();

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(eventIds(receiver)).containsExactlyInAnyOrderElementsOf(expected));
      await()
          .during(Duration.ofSeconds(3))
          .untilAsserted(() -> assertThat(eventIds(receiver)).hasSize(expected.size()));
    }
  }

  private double relayFailures() {
    return Prometheus.scrape(http)
        .value("allegro_outbox_relay_failures_total", java.util.Map.of("target", "webhooks"));
  }

  private static List<String> eventIds(WebhookReceiver receiver) {
    return receiver.at("/hook").stream()
        .filter(r -> "page_view".equals(r.header("X-Allegro-Event")))
        .map(r -> r.header("X-Allegro-Event-Id"))
        .toList();
  }

  private List<String> track(int n) {
    var ids = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      var answer =
          http.post("/api/events")
              .host("outage.test")
              .json("{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://o.example/\"}")
              .send();
      assertThat(answer.status()).as("ingestion answers while Redis is down").isEqualTo(201);
      ids.add(answer.json().get("event_id").asString());
    }
    return ids;
  }
}

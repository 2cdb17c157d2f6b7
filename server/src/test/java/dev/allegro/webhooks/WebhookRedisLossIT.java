package dev.allegro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.PrivateRedis;
import dev.allegro.test.TestData;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A pending delivery whose retry job Redis lost (it restarted empty) is attempted again soon after,
 * not never: the delivery is a row in PostgreSQL, and the finding of the loss queues it anew. A
 * forwarding job Redis lost is made again from its committed event.
 */
@AllegroTest
@TestPropertySource(
    properties = {
      "allegro.roles=web,worker",
      "allegro.webhooks.allow-private=true",
      "allegro.webhooks.retry-schedule=3600",
      "allegro.webhooks.forwarding-backoff=3600"
    })
class WebhookRedisLossIT {

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
  void aDeliveryWhoseRetryRedisLostIsAttemptedAgain() {
    try (var receiver = new WebhookReceiver()) {
      Tenant tenant = data.tenant("loss");
      String token = data.token(data.member("m@loss.test", tenant));
      var created =
          http.post("/api/v1/webhooks")
              .host("loss.test")
              .bearer(token)
              .json("{\"url\":\"" + receiver.url("/hook") + "\",\"event_types\":[\"page_view\"]}")
              .send();
      assertThat(created.status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hook").size() == 1);
      receiver.answer(500);
      String event =
          http.post("/api/events")
              .host("loss.test")
              .json("{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://l.example/\"}")
              .send()
              .json()
              .get("event_id")
              .asString();
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hook").size() == 2);
      var failed = receiver.at("/hook").get(1);
      assertThat(failed.header("X-Allegro-Event-Id")).isEqualTo(event);

      // its retry waits an hour in Redis, which now loses it
      redis.stop();
      redis.restart();

      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/hook").size() == 3);
      var again = receiver.at("/hook").get(2);
      assertThat(again.header("X-Allegro-Event-Id")).isEqualTo(event);
      assertThat(again.header("webhook-id"))
          .as("the same delivery, attempted again")
          .isEqualTo(failed.header("webhook-id"));
      await()
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .until(() -> receiver.at("/hook").size() == 3);
    }
  }

  @Test
  void aForwardWhoseRetryRedisLostIsSentAgain() {
    try (var receiver = new WebhookReceiver()) {
      Tenant tenant = data.tenant("fwd-loss");
      String token = data.token(data.member("m@fwd-loss.test", tenant));
      var created =
          http.post("/api/v1/forwarders")
              .host("fwd-loss.test")
              .bearer(token)
              .json(
                  "{\"url\":\""
                      + receiver.url("/track")
                      + "\",\"event_types\":[\"page_view\"],\"mapping\":{\"user\":\"session_id\"},"
                      + "\"success_status\":200}")
              .send();
      assertThat(created.status()).isEqualTo(201);
      receiver.answer(500);
      var tracked =
          http.post("/api/events")
              .host("fwd-loss.test")
              .json(
                  "{\"type\":\"page_view\",\"session_id\":\"lost-forward\","
                      + "\"url\":\"https://f.example/\"}")
              .send();
      assertThat(tracked.status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/track").size() == 1);

      // its retry waits an hour in Redis, which now loses it
      redis.stop();
      redis.restart();

      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/track").size() == 2);
      assertThat(receiver.at("/track").get(1).body()).isEqualTo("{\"user\":\"lost-forward\"}");
      await()
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .until(() -> receiver.at("/track").size() == 2);
    }
  }
}

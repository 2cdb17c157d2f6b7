package dev.allegro.eventqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.features.FeatureFlag;
import dev.allegro.system.embedded.EmbeddedRedis;
import dev.allegro.system.embedded.FreePorts;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.Prometheus;
import dev.allegro.test.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Ingestion against a private Redis that is stopped and started again mid-test. */
@AllegroTest
class RedisOutageIT {

  private static final int PORT = FreePorts.find();
  private static final Path DATA;
  private static EmbeddedRedis redis;

  static {
    try {
      DATA = Files.createTempDirectory("allegro-outage-redis");
      redis = EmbeddedRedis.start(DATA, PORT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void privateRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", () -> PORT);
  }

  @AfterAll
  static void stopRedis() throws IOException {
    redis.close();
  }

  @Autowired Http http;
  @Autowired TestData data;

  @Test
  void eventsTrackedWhileRedisIsDownReachTheQueueOnceAndInOrderWhenItIsBack() throws IOException {
    Tenant tenant = data.tenant("outage", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    String token = data.token(data.member("c@outage.test", tenant));
    var expected = new ArrayList<String>(track(3));
    await().atMost(Duration.ofSeconds(10)).until(() -> queued(token).size() == 3);

    double failures = relayFailures();
    redis.close();
    expected.addAll(track(5));
    assertThat(http.get("/api/platform/events").host("outage.test").bearer(token).send().status())
        .isEqualTo(503);
    for (String path : new String[] {"/api/platform/events", "/api/platform/heartbeats"}) {
      assertThat(http.get(path).host("outage.test").bearer(token).send().status())
          .as(path)
          .isEqualTo(503);
      assertThat(http.delete(path + "?count=1").host("outage.test").bearer(token).send().status())
          .as(path)
          .isEqualTo(503);
    }
    var health = http.get("/api/v1/health").host("outage.test").bearer(token).send();
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().get("status").asString()).isEqualTo("degraded");
    String admin = data.token(data.superAdmin("root@outage.test"));
    var platform = http.get("/api/v1/landlord/health").bearer(admin).send();
    assertThat(platform.status()).isEqualTo(503);
    assertThat(platform.json().get("failed_jobs").isNull()).isTrue();
    var ready = http.get("/readyz").send();
    assertThat(ready.status()).as("readiness includes Redis").isEqualTo(503);
    assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}");
    assertThat(http.management("/actuator/health/readiness").send().status()).isEqualTo(503);
    assertThat(http.get("/livez").send().status())
        .as("liveness checks no dependency")
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(relayFailures()).isGreaterThan(failures));
    redis = EmbeddedRedis.start(DATA, PORT);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(queued(token)).containsExactlyElementsOf(expected));
    expected.addAll(track(2));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(queued(token)).containsExactlyElementsOf(expected));
  }

  private double relayFailures() {
    return Prometheus.scrape(http)
        .value("allegro_outbox_relay_failures_total", java.util.Map.of("target", "events"));
  }

  private List<String> track(int n) {
    var ids = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      var response =
          http.post("/api/events")
              .host("outage.test")
              .json("{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://o.example/\"}")
              .send();
      assertThat(response.status()).as("ingestion answers while Redis is down").isEqualTo(201);
      ids.add(response.json().get("event_id").asString());
    }
    return ids;
  }

  private List<String> queued(String token) {
    var response = http.get("/api/platform/events").host("outage.test").bearer(token).send();
    var ids = new ArrayList<String>();
    if (response.status() == 200) {
      response.json().at("/data/events").forEach(e -> ids.add(e.get("id").asString()));
    }
    return ids;
  }
}

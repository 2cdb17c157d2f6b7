package dev.allegro.streams;

import static dev.allegro.streams.SubscriptionApps.numbered;
import static dev.allegro.streams.SubscriptionApps.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.system.embedded.EmbeddedRedis;
import dev.allegro.system.embedded.FreePorts;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Routing against a private Redis that is stopped and started again mid-test. */
@AllegroTest
class SubscriptionRedisOutageIT {

  private static final int PORT = FreePorts.find();
  private static final Path DATA;
  private static EmbeddedRedis redis;

  static {
    try {
      DATA = Files.createTempDirectory("allegro-subscription-outage-redis");
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
  @Autowired Apps apps;
  @Autowired JdbcClient jdbc;

  @Test
  void eventsTrackedWhileRedisIsDownAreRoutedToEveryQueueOnceAndInOrderWhenItIsBack()
      throws IOException {
    var app = new SubscriptionApps(http, data, apps);
    var shop = data.tenant("outage-shop");
    String member = app.member(shop);
    String token = app.inHouseApp("outage-app", shop);
    String first = app.queue(token, "first");
    String second = app.queue(token, "second");
    app.subscribe(token, first, shop.slug(), "*");
    app.subscribe(token, second, shop.slug(), "page_view");
    app.track(shop, member, "page_view", "e", 3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sessions(app.pull(token, second, null, 100)).size() == 3);

    redis.close();
    for (int i = 4; i <= 8; i++) {
      trackOne(app, shop, member, "e" + i);
    }
    app.track(shop, member, "page_view", "b", 5);
    // what one commit hands the queues of one tenant waits in one row
    assertThat(
            jdbc.sql("SELECT items FROM outbox WHERE target = 'subscriptions' ORDER BY seq")
                .query(Integer.class)
                .list())
        .containsExactly(1, 1, 1, 1, 1, 5);
    redis = EmbeddedRedis.start(DATA, PORT);

    var expected = new ArrayList<>(numbered("e", 1, 8));
    expected.addAll(numbered("b", 1, 5));
    for (String queue : new String[] {first, second}) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(sessions(app.pull(token, queue, null, 100))).isEqualTo(expected));
    }
  }

  /** One event per request, as ingestion takes them while Redis is down. */
  private void trackOne(
      SubscriptionApps app, dev.allegro.tenancy.Tenant shop, String member, String session) {
    var answer =
        http.post("/api/v1/events")
            .host(TestData.host(shop.slug()))
            .bearer(member)
            .json(
                "{\"type\":\"page_view\",\"session_id\":\""
                    + session
                    + "\",\"url\":\"https://outage-shop.test/\"}")
            .send();
    assertThat(answer.status()).as("ingestion answers while Redis is down").isEqualTo(201);
  }
}

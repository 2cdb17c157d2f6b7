package dev.allegro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.system.AllegroProperties;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.OnRedisCluster;
import dev.allegro.test.RedisCluster;
import dev.allegro.test.TestData;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * On a Redis Cluster, one master that loses its data (flushed, as one restarted without persistence
 * comes back) is found by its own copy of the epoch, though the main copy lives on another master:
 * a pending delivery whose retry waits an hour is attempted again soon after.
 */
@AllegroTest
@ExtendWith(OnRedisCluster.WhenAvailable.class)
@TestPropertySource(
    properties = {
      "allegro.roles=web,worker",
      "allegro.webhooks.allow-private=true",
      "allegro.webhooks.retry-schedule=3600"
    })
class WebhookClusterMasterLossIT {

  private static final RedisCluster cluster =
      RedisCluster.available() ? RedisCluster.ofItsOwn() : null;

  @DynamicPropertySource
  static void privateCluster(DynamicPropertyRegistry registry) {
    RedisCluster.use(cluster, registry);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired JdbcClient jdbc;
  @Autowired AllegroProperties properties;

  @Test
  void oneMasterThatLostItsDataGetsPendingDeliveriesDispatchedAgain() {
    try (var receiver = new WebhookReceiver()) {
      Tenant tenant = data.tenant("master-loss");
      String token = data.token(data.member("m@master-loss.test", tenant));
      var created =
          http.post("/api/v1/webhooks")
              .host("master-loss.test")
              .bearer(token)
              .json("{\"url\":\"" + receiver.url("/hook") + "\",\"event_types\":[\"page_view\"]}")
              .send();
      assertThat(created.status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hook").size() == 1);
      receiver.answer(500);
      var tracked =
          http.post("/api/events")
              .host("master-loss.test")
              .json("{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://m.example/\"}")
              .send();
      assertThat(tracked.status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hook").size() == 2);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  jdbc.sql("SELECT count(*) FROM redis_epoch_keys").query(Long.class).single()
                      == 3);

      // every master but the one holding the main copy of the epoch loses its data
      int main = cluster.masterOf(properties.redisPrefix() + "epoch");
      for (int port : cluster.masters()) {
        if (port != main) {
          assertThat(cluster.command(port, "FLUSHALL")).contains("OK");
        }
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/hook").size() >= 3);
      assertThat(receiver.at("/hook").get(2).header("webhook-id"))
          .as("the same delivery, attempted again")
          .isEqualTo(receiver.at("/hook").get(1).header("webhook-id"));
    }
  }
}

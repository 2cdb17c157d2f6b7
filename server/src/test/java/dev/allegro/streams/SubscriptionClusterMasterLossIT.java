package dev.allegro.streams;

import static dev.allegro.streams.SubscriptionApps.numbered;
import static dev.allegro.streams.SubscriptionApps.sessions;
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
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a Redis Cluster, masters that lose their data (flushed, as ones restarted without persistence
 * come back) take with them the subscription queues' keys or their tenants' stored events, which
 * live in other slots: the epoch's copy on each master finds it, and every queue is rebuilt from
 * PostgreSQL, each event once and in order.
 */
@AllegroTest
@ExtendWith(OnRedisCluster.WhenAvailable.class)
class SubscriptionClusterMasterLossIT {

  private static final RedisCluster cluster =
      RedisCluster.available() ? RedisCluster.ofItsOwn() : null;

  @DynamicPropertySource
  static void privateCluster(DynamicPropertyRegistry registry) {
    RedisCluster.use(cluster, registry);
    registry.add("allegro.streams.checkpoint-every", () -> "1s");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Apps apps;
  @Autowired JdbcClient jdbc;
  @Autowired AllegroProperties properties;

  @Test
  void queuesOfMastersThatLostTheirDataAreRebuilt() {
    var app = new SubscriptionApps(http, data, apps);
    Tenant shop = data.tenant("cluster-loss-shop");
    String member = app.member(shop);
    String token = app.inHouseApp("cluster-loss-app", shop);
    var queues = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      String queue = app.queue(token, "q" + i);
      app.subscribe(token, queue, shop.slug(), "*");
      queues.add(queue);
    }
    app.track(shop, member, "page_view", "a", 5);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                queues.stream().allMatch(q -> app.recordedAppended(jdbc, q) == 5)
                    && jdbc.sql("SELECT count(*) FROM redis_epoch_keys").query(Long.class).single()
                        == 3);
    double before = app.rebuilds();

    int main = cluster.masterOf(properties.redisPrefix() + "epoch");
    for (int port : cluster.masters()) {
      if (port != main) {
        assertThat(cluster.command(port, "FLUSHALL")).contains("OK");
      }
    }
    app.track(shop, member, "page_view", "b", 2);

    var expected = new ArrayList<>(numbered("a", 1, 5));
    expected.addAll(numbered("b", 1, 2));
    for (String queue : queues) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(sessions(app.pull(token, queue, null, 100))).isEqualTo(expected));
    }
    // those whose own keys were kept too: their tenant's stored events may be gone (the epoch's
    // finding, within 5 s)
    await().atMost(Duration.ofSeconds(15)).until(() -> app.rebuilds() - before >= 3);
    for (String queue : queues) {
      assertThat(sessions(app.pull(token, queue, null, 100))).isEqualTo(expected);
    }
  }
}

package dev.allegro.eventqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.PrivateRedis;
import dev.allegro.test.Prometheus;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Redis without persistence that is killed under ingestion and comes back empty: PostgreSQL is
 * the source of truth, so every accepted event the consumer had not removed is back on the queue,
 * exactly once and in order, both for the tenant that keeps ingesting and for a quiet one.
 */
@AllegroTest
class RedisDataLossIT {

  private static final PrivateRedis redis = PrivateRedis.start();

  @DynamicPropertySource
  static void privateRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", redis::port);
    registry.add("allegro.outbox.verify-every", () -> "1s");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired JdbcClient jdbc;

  @Test
  void aRedisThatComesBackEmptyGetsEveryQueueRebuiltFromPostgresql() throws Exception {
    Tenant busy = data.tenant("loss-busy", FeatureFlag.USE_REDIS_EVENTS);
    Tenant quiet = data.tenant("loss-quiet", FeatureFlag.USE_REDIS_EVENTS);
    String busyToken = data.token(data.member("c@loss-busy.test", busy));
    String quietToken = data.token(data.member("c@loss-quiet.test", quiet));
    var accepted = new CopyOnWriteArrayList<String>();
    for (int i = 0; i < 30; i++) {
      accepted.add(track("loss-busy.test"));
    }
    var quietIds = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      quietIds.add(track("loss-quiet.test"));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queued("loss-busy.test", busyToken).size() == 30);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queued("loss-quiet.test", quietToken).size() == 5);
    var removed =
        http.delete("/api/platform/events?count=10&last_id=" + accepted.get(9))
            .host("loss-busy.test")
            .bearer(busyToken)
            .send();
    assertThat(removed.status()).isEqualTo(204);

    var stop = new AtomicBoolean();
    var refused = new CopyOnWriteArrayList<Integer>();
    try (var ingestion = Executors.newSingleThreadExecutor()) {
      Future<?> load =
          ingestion.submit(
              () -> {
                while (!stop.get()) {
                  var response = post("loss-busy.test");
                  if (response.status() == 201) {
                    accepted.add(response.json().get("event_id").asString());
                  } else {
                    refused.add(response.status());
                  }
                }
              });
      awaitAccepted(accepted, 50);
      redis.stop();
      awaitAccepted(accepted, 80);
      redis.restart();
      awaitAccepted(accepted, 110);
      stop.set(true);
      load.get();
    }
    assertThat(refused).as("ingestion answers throughout").isEmpty();

    List<String> expected = accepted.subList(10, accepted.size());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(queued("loss-busy.test", busyToken))
                    .containsExactlyElementsOf(expected));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(queued("loss-quiet.test", quietToken))
                    .as("a queue nothing was relayed to since is rebuilt too")
                    .containsExactlyElementsOf(quietIds));
    assertThat(
            Prometheus.scrape(http)
                .value("allegro_outbox_rebuilds_total", Map.of("target", "events")))
        .isGreaterThanOrEqualTo(2);

    var drained =
        http.delete("/api/platform/events?count=" + expected.size())
            .host("loss-busy.test")
            .bearer(busyToken)
            .send();
    assertThat(drained.status()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(keptRows(busy))
                    .as("the outbox keeps nothing the consumer removed")
                    .isZero());
    assertThat(keptRows(quiet)).isEqualTo(5);
  }

  private void awaitAccepted(List<String> accepted, int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= count);
  }

  private long keptRows(Tenant tenant) {
    return jdbc.sql("SELECT count(*) FROM outbox WHERE tenant_id = :tenant AND target = 'events'")
        .param("tenant", tenant.id().value())
        .query(Long.class)
        .single();
  }

  private String track(String host) {
    var response = post(host);
    assertThat(response.status()).isEqualTo(201);
    return response.json().get("event_id").asString();
  }

  private Http.Response post(String host) {
    return http.post("/api/events")
        .host(host)
        .json("{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://loss.example/\"}")
        .send();
  }

  private List<String> queued(String host, String token) {
    var response = http.get("/api/platform/events?limit=1000").host(host).bearer(token).send();
    var ids = new ArrayList<String>();
    if (response.status() == 200) {
      response.json().at("/data/events").forEach(e -> ids.add(e.get("id").asString()));
    }
    return ids;
  }
}

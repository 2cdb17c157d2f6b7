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
 * exactly once and in order, both for the tenant that keeps ingesting (more than one page of the
 * outbox) and for a quiet one (its Event and Heartbeat Queues).
 */
@AllegroTest
class RedisDataLossIT {

  private static final PrivateRedis redis = PrivateRedis.start();

  @DynamicPropertySource
  static void privateRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", redis::port);
    registry.add("allegro.outbox.verify-every", () -> "1s");
    registry.add("allegro.tracking.sdk-rate-limit-per-minute", () -> "0");
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
    Tenant quiet =
        data.tenant("loss-quiet", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    String busyToken = data.token(data.member("c@loss-busy.test", busy));
    String quietToken = data.token(data.member("c@loss-quiet.test", quiet));
    // more than one relay batch (1,000), so that the rebuild reads the outbox in pages
    var accepted = new CopyOnWriteArrayList<String>();
    for (int i = 0; i < 12; i++) {
      accepted.addAll(trackBatch("loss-busy.test", 100));
    }
    var quietIds = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      quietIds.add(track("loss-quiet.test"));
    }
    for (String pageView : quietIds.subList(0, 3)) {
      var beat =
          http.post("/api/heartbeat")
              .host("loss-quiet.test")
              .json("{\"event_id\":\"" + pageView + "\",\"active_seconds\":5}")
              .send();
      assertThat(beat.status()).isEqualTo(204);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queued("loss-busy.test", busyToken).size() == 1_200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queued("loss-quiet.test", quietToken).size() == 5);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> heartbeats("loss-quiet.test", quietToken).size() == 3);
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
      try {
        awaitAccepted(accepted, 1_220);
        redis.stop();
        awaitAccepted(accepted, 1_250);
        redis.restart();
        awaitAccepted(accepted, 1_280);
      } finally {
        stop.set(true); // also when a wait failed: the load must not outlive the test
      }
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
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(heartbeats("loss-quiet.test", quietToken))
                    .as("the Heartbeat Queue is rebuilt as well")
                    .containsExactlyElementsOf(quietIds.subList(0, 3)));
    assertThat(
            Prometheus.scrape(http)
                .value("allegro_outbox_rebuilds_total", Map.of("target", "events")))
        .isGreaterThanOrEqualTo(2);
    assertThat(
            Prometheus.scrape(http)
                .value("allegro_outbox_rebuilds_total", Map.of("target", "heartbeats")))
        .isGreaterThanOrEqualTo(1);

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
    assertThat(keptRows(quiet)).as("the quiet queue's consumer removed nothing").isEqualTo(5);
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

  private List<String> trackBatch(String host, int n) {
    var events = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      events.add("{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://loss.example/\"}");
    }
    var response =
        http.post("/api/events")
            .host(host)
            .json("{\"events\":[" + String.join(",", events) + "]}")
            .send();
    assertThat(response.status()).isEqualTo(202);
    var ids = new ArrayList<String>();
    response.json().get("event_ids").forEach(id -> ids.add(id.asString()));
    return ids;
  }

  private List<String> heartbeats(String host, String token) {
    var response = http.get("/api/platform/heartbeats").host(host).bearer(token).send();
    var ids = new ArrayList<String>();
    if (response.status() == 200) {
      response.json().at("/data/heartbeats").forEach(h -> ids.add(h.get("event_id").asString()));
    }
    return ids;
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
    var response = http.get("/api/platform/events?limit=10000").host(host).bearer(token).send();
    var ids = new ArrayList<String>();
    if (response.status() == 200) {
      response.json().at("/data/events").forEach(e -> ids.add(e.get("id").asString()));
    }
    return ids;
  }
}

package dev.allegro.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.features.FeatureFlag;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The seed's two health endpoints, field by field, and who may read them. */
@AllegroTest
@TestPropertySource(
    properties = {"eventqueue.cap=2", "allegro.tracking.sdk-rate-limit-per-minute=0"})
class HealthIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Jobs jobs;
  @Autowired JdbcClient jdbc;
  @Autowired StringRedisTemplate redis;
  @Autowired JobKeys keys;

  private Http.Response tenantHealth(String host, String token) {
    return http.get("/api/v1/health").host(host).bearer(token).send();
  }

  private void track(String host, Instant createdAt) {
    var response =
        http.post("/api/events")
            .host(host)
            .json(
                "{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://"
                    + host
                    + "/\",\"created_at\":\""
                    + createdAt
                    + "\"}")
            .send();
    assertThat(response.status()).isEqualTo(201);
  }

  @Test
  void aTenantsHealthHasTheSeedsFieldsWithDepthsThatCountWhatWaitsInTheOutbox() {
    Tenant tenant = data.tenant("healthy", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    String token = data.token(data.member("m@healthy.test", tenant));
    Instant aMinuteAgo = Instant.now().minusSeconds(60);
    // the queue holds 2 (its cap in this test); the third waits in the outbox
    track("healthy.test", aMinuteAgo);
    track("healthy.test", Instant.now());
    track("healthy.test", Instant.now());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                tenantHealth("healthy.test", token).json().at("/queues/events/depth").asInt() == 3);

    var response = tenantHealth("healthy.test", token);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).contains("no-store");
    JsonNode body = response.json();
    assertThat(body.propertyNames()).containsExactly("status", "tenant", "redis", "queues");
    assertThat(body.get("status").asString()).isEqualTo("ok");
    assertThat(body.get("tenant").asString()).isEqualTo("healthy");
    assertThat(body.at("/redis").propertyNames()).containsExactly("reachable");
    assertThat(body.at("/redis/reachable").asBoolean()).isTrue();
    assertThat(body.get("queues").propertyNames()).containsExactly("events", "heartbeats");
    JsonNode events = body.at("/queues/events");
    assertThat(events.propertyNames()).containsExactly("depth", "oldest_age_seconds");
    assertThat(events.get("depth").isIntegralNumber()).isTrue();
    assertThat(events.get("depth").asInt()).isEqualTo(3);
    assertThat(events.get("oldest_age_seconds").isIntegralNumber()).isTrue();
    assertThat(events.get("oldest_age_seconds").asLong()).isBetween(60L, 70L);
    JsonNode beats = body.at("/queues/heartbeats");
    assertThat(beats.get("depth").asInt()).isZero();
    assertThat(beats.get("oldest_age_seconds").isNull()).isTrue();
  }

  @Test
  void theHeartbeatQueuesAgeComesFromTheServersTimestamp() {
    Tenant tenant = data.tenant("beating", FeatureFlag.SDK_HEARTBEAT);
    String token = data.token(data.member("m@beating.test", tenant));
    var beat =
        http.post("/api/heartbeat")
            .host("beating.test")
            .json("{\"event_id\":\"" + UUID.randomUUID() + "\",\"active_seconds\":5}")
            .send();
    assertThat(beat.status()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                tenantHealth("beating.test", token).json().at("/queues/heartbeats/depth").asInt()
                    == 1);

    JsonNode heartbeats = tenantHealth("beating.test", token).json().at("/queues/heartbeats");

    assertThat(heartbeats.get("oldest_age_seconds").asLong()).isBetween(0L, 5L);
    assertThat(tenantHealth("beating.test", token).json().at("/queues/events/depth").asInt())
        .as("events of a tenant without UseRedisEvents are not queued")
        .isZero();
  }

  @Test
  void aTenantsHealthIsForItsMembersAndSuperAdminsOnItsOwnHost() {
    Tenant acme = data.tenant("acme-health");
    Tenant other = data.tenant("other-health");
    String member = data.token(data.member("m@acme-health.test", acme));
    String outsider = data.token(data.member("m@other-health.test", other));
    String admin = data.token(data.superAdmin("root@health.test"));

    assertThat(tenantHealth("acme-health.test", member).status()).isEqualTo(200);
    assertThat(tenantHealth("acme-health.test", admin).status()).isEqualTo(200);
    assertThat(tenantHealth("acme-health.test", outsider).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/health").host("acme-health.test").send().status()).isEqualTo(401);
    assertThat(tenantHealth("localhost", admin).status())
        .as("a tenant route on the landlord host")
        .isEqualTo(404);
    assertThat(
            http.get("/api/v1/landlord/health")
                .host("acme-health.test")
                .bearer(admin)
                .send()
                .status())
        .as("a landlord route on a tenant host")
        .isEqualTo(404);
    assertThat(http.get("/api/v1/landlord/health").bearer(member).send().status()).isEqualTo(403);
    assertThat(http.get("/api/v1/landlord/health").send().status()).isEqualTo(401);
  }

  @Test
  void thePlatformsHealthHasEveryQueueInPriorityOrderWithItsWaitAndTheRecentFailures() {
    String admin = data.token(data.superAdmin("ops@platform-health.test"));
    jobs.dispatch(
        "diagnostics.noop",
        tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode(),
        3,
        Dispatch.defaults().onQueue(Queues.DEFAULT));
    // ten default jobs averaged 2 s since the last snapshot: 3 waiting on one process take 6 s
    redis
        .opsForHash()
        .putAll(
            keys.queueMetrics(Queues.DEFAULT),
            Map.of("throughput", "10", "runtime_us", "20000000"));
    insertFailedJob(Instant.now().minusSeconds(60));
    insertFailedJob(Instant.now().minus(Duration.ofHours(2)));

    var response = http.get("/api/v1/landlord/health").bearer(admin).send();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).contains("no-store");
    JsonNode body = response.json();
    assertThat(body.propertyNames()).containsExactly("status", "redis", "queues", "failed_jobs");
    assertThat(body.get("status").asString()).isEqualTo("ok");
    assertThat(body.at("/redis/reachable").asBoolean()).isTrue();
    assertThat(body.get("queues").propertyNames())
        .containsExactly("high", "default", "audience-sync");
    JsonNode normal = body.at("/queues/default");
    assertThat(normal.propertyNames()).containsExactly("pending", "wait_seconds");
    assertThat(normal.get("pending").asLong()).isEqualTo(3);
    assertThat(normal.get("wait_seconds").isIntegralNumber()).isTrue();
    assertThat(normal.get("wait_seconds").asLong()).isEqualTo(6);
    assertThat(body.at("/queues/high/pending").asLong()).isZero();
    assertThat(body.at("/queues/high/wait_seconds").asLong()).isZero();
    assertThat(body.get("failed_jobs").asLong()).as("only the hour's failure").isEqualTo(1);
  }

  private void insertFailedJob(Instant at) {
    jdbc.sql(
            """
            INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at)
            VALUES (:uuid, 'redis', 'default', '{}', 'boom', :at)
            """)
        .param("uuid", UUID.randomUUID())
        .param("at", Timestamp.from(at))
        .update();
  }
}

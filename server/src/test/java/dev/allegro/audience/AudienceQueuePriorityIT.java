package dev.allegro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.system.AllegroProperties;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The queues carry real work in their order: a pre-warming job on high before 1,000 syncs. */
@AllegroTest
@TestPropertySource(
    properties = {
      "allegro.jobs.supervisor.max-processes=1",
      "allegro.jobs.supervisor.balance=false",
      "allegro.webhooks.allow-private=true",
      "allegro.audience.profiles.prewarm-window=1s"
    })
class AudienceQueuePriorityIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired AudienceSync sync;
  @Autowired JdbcClient jdbc;
  @Autowired StringRedisTemplate redis;
  @Autowired AllegroProperties allegro;
  @Autowired Supervisor supervisor;

  @Test
  void aPrewarmingJobOnHighStartsBeforeAThousandWaitingSyncJobs() {
    Tenant tenant = data.tenant("priority");
    String token = data.token(data.member("m@priority.test", tenant));
    jdbc.sql(
            "INSERT INTO audience_members (id, tenant_id, email) SELECT gen_random_uuid(), :t,"
                + " 'm' || g || '@priority.test' FROM generate_series(1, 1000) g")
        .param("t", tenant.id().value())
        .update();
    UUID reader =
        jdbc.sql("SELECT id FROM audience_members WHERE email = 'm1@priority.test'")
            .query(UUID.class)
            .single();
    try (var provider = new SyncReceiver()) {
      jdbc.sql(
              "INSERT INTO audience_sync_http_providers (tenant_id, url, batch_size, updated_at)"
                  + " VALUES (:t, :url, 500, now())")
          .param("t", tenant.id().value())
          .param("url", provider.url())
          .update();
      var outcome = sync.runNow("priority").getFirst();
      assertThat(outcome.members()).isEqualTo(1000);
      String profile =
          allegro.redisPrefix() + "{t:" + tenant.id().value() + "}:audience:profile:" + reader;
      provider.hold();
      supervisor.start();
      try {
        // the one worker is busy with the first sync job; 999 wait behind it
        await().atMost(Duration.ofSeconds(20)).until(() -> provider.arrived() == 1);
        var tracked =
            http.post("/api/v1/events")
                .host(TestData.host("priority"))
                .bearer(token)
                .json(
                    "{\"type\":\"page_view\",\"session_id\":\"s\",\"audience_member_id\":\""
                        + reader
                        + "\",\"url\":\"https://priority.test/\"}")
                .send();
        assertThat(tracked.status()).isEqualTo(201);
        await() // the pre-warming job, due once its window closed, is ready on high
            .atMost(Duration.ofSeconds(10))
            .until(() -> redis.opsForList().size(allegro.redisPrefix() + "queues:{high}") == 1);
        assertThat(redis.opsForList().size(allegro.redisPrefix() + "queues:{audience-sync}"))
            .isEqualTo(999);
        assertThat(redis.hasKey(profile)).isFalse();

        provider.release();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    jdbc.sql("SELECT status FROM audience_sync_runs WHERE id = :id")
                        .param("id", outcome.run())
                        .query(String.class)
                        .single()
                        .equals("succeeded"));
      } finally {
        supervisor.drain(Duration.ofSeconds(5));
      }

      Instant computed =
          Instant.parse(Http.json(redis.opsForValue().get(profile)).get("computed_at").asString());
      var synced =
          jdbc.sql(
                  "SELECT DISTINCT synced_at FROM audience_external_profiles WHERE tenant_id = :t"
                      + " ORDER BY synced_at")
              .param("t", tenant.id().value())
              .query(Timestamp.class)
              .list();
      assertThat(provider.received()).as("two batches of 500").hasSize(2);
      assertThat(synced).hasSize(2);
      assertThat(computed)
          .as("the pre-warming job ran right after the busy sync job, before the next one")
          .isAfter(synced.get(0).toInstant())
          .isBefore(synced.get(1).toInstant());
    }
  }
}

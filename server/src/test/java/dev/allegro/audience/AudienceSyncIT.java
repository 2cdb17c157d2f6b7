package dev.allegro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.FailedJobs;
import dev.allegro.system.scheduling.PeriodicTask;
import dev.allegro.system.scheduling.PeriodicTasks;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Audience sync: runs recorded, never overlapping, failures retried, sync before the JWT. */
@AllegroTest
@TestPropertySource(
    properties = {
      "allegro.roles=web,worker",
      "allegro.webhooks.allow-private=true",
      "allegro.audience.sync.backoff=1",
      "allegro.audience.sync.tries=3",
      "allegro.audience.sync.sign-in-timeout=1s"
    })
class AudienceSyncIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired AudienceMembers members;
  @Autowired AudienceSync sync;
  @Autowired List<SignInHook> hooks;
  @Autowired JdbcClient jdbc;
  @Autowired FailedJobs failedJobs;
  @Autowired PeriodicTasks periodic;
  @Autowired List<PeriodicTask> tasks;

  private final SyncReceiver provider = new SyncReceiver();
  private static int tenants;

  @AfterEach
  void stop() {
    provider.close();
    // a later tick must not call this test's receiver, gone by then
    jdbc.sql("DELETE FROM audience_sync_http_providers").update();
  }

  private record Site(Tenant tenant, String host, String token) {}

  private Site site() {
    Tenant tenant = data.tenant("sync" + ++tenants);
    return new Site(
        tenant,
        TestData.host(tenant.slug()),
        data.token(data.member("m@" + tenant.slug() + ".test", tenant)));
  }

  private List<UUID> members(Site site, int count) {
    var ids = new ArrayList<UUID>();
    for (int i = 0; i < count; i++) {
      ids.add(
          members
              .findOrCreate(
                  site.tenant().id(), "m" + i + "@" + site.tenant().slug() + ".test", null)
              .member()
              .id());
    }
    return ids;
  }

  private Http.Response configure(Site site, String body) {
    return http.put("/api/v1/audience-sync/providers/http")
        .host(site.host())
        .bearer(site.token())
        .json(body)
        .send();
  }

  private void configure(Site site, int batch) {
    var answer =
        configure(
            site,
            "{\"url\":\""
                + provider.url()
                + "\",\"auth_header\":{\"name\":\"Authorization\",\"value\":\"Bearer sk-1\"},"
                + "\"batch_size\":"
                + batch
                + "}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }

  private JsonNode runs(Site site) {
    var answer =
        http.get("/api/v1/audience-sync/runs").host(site.host()).bearer(site.token()).send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private String status(UUID run) {
    return jdbc.sql("SELECT status FROM audience_sync_runs WHERE id = :id")
        .param("id", run)
        .query(String.class)
        .single();
  }

  private int failures(UUID run) {
    return jdbc.sql("SELECT failures FROM audience_sync_runs WHERE id = :id")
        .param("id", run)
        .query(Integer.class)
        .single();
  }

  private AudienceSync.Outcome runOnce(Site site) {
    var outcomes = sync.runNow(site.tenant().slug());
    assertThat(outcomes).hasSize(1);
    return outcomes.getFirst();
  }

  private Instant syncedAt(UUID member) {
    return jdbc.sql(
            "SELECT synced_at FROM audience_external_profiles"
                + " WHERE member_id = :m AND provider = 'http'")
        .param("m", member)
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant)
        .orElse(null);
  }

  @Test
  void aRunPostsItsMembersInBatchesAndRecordsTheirExternalProfiles() {
    Site site = site();
    List<UUID> all = members(site, 7);
    configure(site, 3);

    var outcome = runOnce(site);

    assertThat(outcome.outcome()).isEqualTo("started");
    assertThat(outcome.members()).isEqualTo(7);
    await().atMost(PATIENCE).until(() -> status(outcome.run()).equals("succeeded"));
    var seen = new HashSet<String>();
    for (var request : provider.received()) {
      assertThat(request.memberIds()).hasSizeBetween(1, 3);
      assertThat(request.header("Authorization")).isEqualTo("Bearer sk-1");
      assertThat(request.body().get("provider").asString()).isEqualTo("http");
      seen.addAll(request.memberIds());
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all.stream().map(UUID::toString).toList());
    assertThat(provider.received().size()).isBetween(3, 7);
    String profile =
        jdbc.sql("SELECT profile->>'tier' FROM audience_external_profiles WHERE member_id = :m")
            .param("m", all.getFirst())
            .query(String.class)
            .single();
    assertThat(profile).isEqualTo("gold");
    JsonNode listed = runs(site);
    assertThat(listed.at("/meta/total").asLong()).isEqualTo(1);
    assertThat(listed.at("/data/0/id").asString()).isEqualTo(outcome.run().toString());
    assertThat(listed.at("/data/0/status").asString()).isEqualTo("succeeded");
    assertThat(listed.at("/data/0/members").asInt()).isEqualTo(7);
    assertThat(listed.at("/data/0/failures").asInt()).isZero();
    assertThat(listed.at("/data/0/finished_at").isNull()).isFalse();

    // nothing changed and every profile is fresh: the next run has no member to sync
    var next = runOnce(site);
    assertThat(next.members()).isZero();
    assertThat(status(next.run())).isEqualTo("succeeded");
    assertThat(runs(site).at("/meta/total").asLong()).isEqualTo(2);
  }

  @Test
  void aProviderWhoseRunIsStillGoingIsSkippedNotDoubled() {
    Site site = site();
    members(site, 2);
    configure(site, 10);
    provider.hold();

    var first = runOnce(site);
    await().atMost(PATIENCE).until(() -> provider.arrived() >= 1);
    var second = runOnce(site);
    PeriodicTask tick =
        tasks.stream()
            .filter(t -> t.schedule().name().equals("audience:sync"))
            .findFirst()
            .orElseThrow();
    boolean ticked = periodic.tick(tick);
    boolean tickedAgain = periodic.tick(tick);

    assertThat(first.outcome()).isEqualTo("started");
    assertThat(second.outcome()).isEqualTo("skipped");
    assertThat(second.run()).isNull();
    assertThat(ticked).as("the tick ran here, and skipped the running provider").isTrue();
    assertThat(tickedAgain).as("the tick's lock: once per period across nodes").isFalse();
    assertThat(tick.schedule().period()).isEqualTo(Duration.ofMinutes(5));
    assertThat(runs(site).at("/meta/total").asLong()).isEqualTo(1);
    assertThat(runs(site).at("/data/0/status").asString()).isEqualTo("running");

    provider.release();
    await().atMost(PATIENCE).until(() -> status(first.run()).equals("succeeded"));
    var third = runOnce(site);
    assertThat(third.outcome()).isEqualTo("started");
    assertThat(runs(site).at("/meta/total").asLong()).isEqualTo(2);
  }

  @Test
  void aFailingProviderIsRetriedAndItsRunCountsTheFailures() {
    Site site = site();
    List<UUID> all = members(site, 2);
    configure(site, 10);
    provider.answer(503, 503);

    var outcome = runOnce(site);

    await().atMost(PATIENCE).until(() -> status(outcome.run()).equals("succeeded"));
    var requests = provider.received();
    assertThat(requests.stream().filter(r -> r.status() == 503)).hasSize(2);
    int failedMembers =
        requests.stream().filter(r -> r.status() == 503).mapToInt(r -> r.memberIds().size()).sum();
    assertThat(failures(outcome.run())).isEqualTo(failedMembers).isGreaterThanOrEqualTo(2);
    assertThat(all).allSatisfy(m -> assertThat(syncedAt(m)).isNotNull());
    assertThat(runs(site).at("/data/0/failures").asInt()).isEqualTo(failedMembers);
  }

  @Test
  void aProviderFailingEveryTryFailsItsRunAndItsJobs() {
    Site site = site();
    members(site, 2);
    configure(site, 10);
    provider.always(500);

    var outcome = runOnce(site);

    await().atMost(PATIENCE).until(() -> status(outcome.run()).equals("failed"));
    assertThat(failures(outcome.run())).isGreaterThanOrEqualTo(3);
    assertThat(provider.received()).hasSizeGreaterThanOrEqualTo(3);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(failedJobs.list(100))
                    .anySatisfy(
                        job -> {
                          assertThat(job.payload()).contains("audience.sync-member");
                          assertThat(job.exception()).contains("the provider answered 500");
                        }));
    assertThat(runs(site).at("/data/0/status").asString()).isEqualTo("failed");
  }

  @Test
  void aSignInWithAStaleExternalProfileIsSyncedBeforeTheTokenAndAFreshOneIsNot() {
    Site site = site();
    UUID member = members(site, 1).getFirst();
    configure(site, 10);
    Instant stale = Instant.now().minus(Duration.ofHours(2));
    jdbc.sql(
            "INSERT INTO audience_external_profiles (member_id, provider, tenant_id, profile,"
                + " synced_at) VALUES (:m, 'http', :t, '{\"tier\":\"old\"}', :at)")
        .param("m", member)
        .param("t", site.tenant().id().value())
        .param("at", Timestamp.from(stale))
        .update();

    hooks.forEach(hook -> hook.beforeTokenIssued(site.tenant().id(), member));

    assertThat(provider.received()).hasSize(1);
    assertThat(syncedAt(member)).isAfter(stale.plus(Duration.ofHours(1)));
    String tier =
        jdbc.sql("SELECT profile->>'tier' FROM audience_external_profiles WHERE member_id = :m")
            .param("m", member)
            .query(String.class)
            .single();
    assertThat(tier).isEqualTo("gold");

    hooks.forEach(hook -> hook.beforeTokenIssued(site.tenant().id(), member));
    assertThat(provider.received()).as("a fresh profile is not synced again").hasSize(1);
  }

  @Test
  void validatingAMagicLinkSyncsAStaleExternalProfileBeforeTheJwtIsIssued() {
    Site site = site();
    UUID member = members(site, 1).getFirst();
    configure(site, 10);
    String token = "sync-" + UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO audience_magic_links (tenant_id, member_id, token_hash, return_url,"
                + " expires_at) VALUES (?, ?, ?, ?, now() + interval '1 hour')")
        .params(
            site.tenant().id().value(),
            member,
            dev.allegro.auth.TokenSecrets.sha256Hex(token),
            "https://" + site.host() + "/")
        .update();

    var validated =
        http.post("/api/magic-link/validate")
            .host(site.host())
            .json("{\"token\":\"" + token + "\"}")
            .send();

    assertThat(validated.status()).as(validated.body()).isEqualTo(200);
    assertThat(validated.json().get("jwt").asString()).isNotBlank();
    assertThat(provider.received()).as("synced before the answer").hasSize(1);
    assertThat(provider.received().getFirst().memberIds()).containsExactly(member.toString());
    assertThat(syncedAt(member)).isNotNull();
  }

  @Test
  void aSignInSyncPastItsTimeoutLetsTheTokenGoAndStaysQueued() {
    Site site = site();
    UUID member = members(site, 1).getFirst();
    configure(site, 10);
    provider.hold();

    long started = System.nanoTime();
    hooks.forEach(hook -> hook.beforeTokenIssued(site.tenant().id(), member));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    assertThat(syncedAt(member)).isNull();
    provider.release();
    await().atMost(PATIENCE).until(() -> syncedAt(member) != null);
    assertThat(provider.arrived()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theProviderSettingsRefuseBadInputNamingEachField() {
    Site site = site();
    var none =
        http.get("/api/v1/audience-sync/providers/http")
            .host(site.host())
            .bearer(site.token())
            .send();
    var nothingToDelete =
        http.delete("/api/v1/audience-sync/providers/http")
            .host(site.host())
            .bearer(site.token())
            .send();
    var empty = configure(site, "{}");
    var bad =
        configure(
            site,
            "{\"url\":\"gopher://x\",\"batch_size\":501,\"enabled\":\"yes\","
                + "\"auth_header\":{\"name\":\"bad name\",\"value\":\"\"}}");
    var textBatch = configure(site, "{\"url\":\"" + provider.url() + "\",\"batch_size\":\"10\"}");
    var notAnObject = configure(site, "{\"url\":\"" + provider.url() + "\",\"auth_header\":\"x\"}");
    var page =
        http.get("/api/v1/audience-sync/runs?per_page=0")
            .host(site.host())
            .bearer(site.token())
            .send();

    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json().get("message").asString()).contains("no HTTP sync provider");
    assertThat(nothingToDelete.status()).isEqualTo(404);
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.json().get("errors").propertyNames()).containsExactly("url");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("errors").propertyNames())
        .containsExactlyInAnyOrder(
            "url", "batch_size", "enabled", "auth_header.name", "auth_header.value");
    assertThat(textBatch.status()).isEqualTo(422);
    assertThat(textBatch.json().get("errors").propertyNames()).containsExactly("batch_size");
    assertThat(notAnObject.status()).isEqualTo(422);
    assertThat(notAnObject.json().get("errors").propertyNames()).containsExactly("auth_header");
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.json().get("errors").propertyNames()).containsExactly("per_page");

    configure(site, 500);
    var shown =
        http.get("/api/v1/audience-sync/providers/http")
            .host(site.host())
            .bearer(site.token())
            .send();
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().at("/data/batch_size").asInt()).isEqualTo(500);
    assertThat(shown.json().at("/data/auth_header_name").asString()).isEqualTo("Authorization");
    assertThat(shown.json().at("/data/has_auth_header").asBoolean()).isTrue();
    assertThat(shown.body()).doesNotContain("sk-1");
    String sealed =
        jdbc.sql("SELECT auth_header_sealed FROM audience_sync_http_providers WHERE tenant_id = :t")
            .param("t", site.tenant().id().value())
            .query(String.class)
            .single();
    assertThat(sealed).doesNotContain("sk-1");
    var deleted =
        http.delete("/api/v1/audience-sync/providers/http")
            .host(site.host())
            .bearer(site.token())
            .send();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(sync.runNow(site.tenant().slug())).isEmpty();
  }
}

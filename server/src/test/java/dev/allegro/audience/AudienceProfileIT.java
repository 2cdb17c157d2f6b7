package dev.allegro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.features.FeatureFlag;
import dev.allegro.system.AllegroProperties;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Member profiles: pre-warmed on {@code high} once per member and window, served from Redis. */
@AllegroTest
@TestPropertySource(
    properties = {"allegro.roles=web,worker", "allegro.audience.profiles.prewarm-window=3s"})
class AudienceProfileIT {

  private static final Instant T =
      Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired AudienceMembers members;
  @Autowired MeterRegistry meters;
  @Autowired List<SignInHook> hooks;
  @Autowired StringRedisTemplate redis;
  @Autowired AllegroProperties allegro;

  private static int tenants;

  private record Site(Tenant tenant, String host, String token) {}

  private Site site() {
    Tenant tenant = data.tenant("profiles" + ++tenants, FeatureFlag.SDK_HEARTBEAT);
    return new Site(
        tenant,
        TestData.host(tenant.slug()),
        data.token(data.member("m@" + tenant.slug() + ".test", tenant)));
  }

  private UUID member(Site site, String email) {
    return members.findOrCreate(site.tenant().id(), email, null).member().id();
  }

  private static String event(String type, String session, Object member, Instant at, String path) {
    return "{\"type\":\""
        + type
        + "\",\"session_id\":\""
        + session
        + "\",\"audience_member_id\":"
        + (member == null ? "null" : "\"" + member + "\"")
        + ",\"url\":\"https://shop.example"
        + path
        + "\",\"created_at\":\""
        + at
        + "\"}";
  }

  private List<String> track(Site site, List<String> events) {
    var answer =
        http.post("/api/v1/events")
            .host(site.host())
            .bearer(site.token())
            .json("{\"events\":[" + String.join(",", events) + "]}")
            .send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    var ids = new ArrayList<String>();
    answer.json().get("event_ids").forEach(id -> ids.add(id.asString()));
    return ids;
  }

  private void heartbeat(Site site, String eventId, int seconds) {
    var answer =
        http.post("/api/heartbeat")
            .host(site.host())
            .json("{\"event_id\":\"" + eventId + "\",\"active_seconds\":" + seconds + "}")
            .send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
  }

  private Http.Response profile(Site site, Object member) {
    return http.get("/api/v1/audience-members/" + member + "/profile")
        .host(site.host())
        .bearer(site.token())
        .send();
  }

  private double counter(String name) {
    var counter = meters.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aHundredEventsOfOneMemberMakeOnePrewarmingJob() {
    Site site = site();
    UUID member = member(site, "busy@shop.example");
    double dispatched = counter("allegro.audience.prewarm.dispatched");
    double computed = counter("allegro.audience.prewarm.computed");

    for (int batch = 0; batch < 4; batch++) {
      var events = new ArrayList<String>();
      for (int i = 0; i < 25; i++) {
        events.add(event("page_view", "s" + batch, member, T.plusSeconds(batch * 25 + i), "/p"));
      }
      track(site, events);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> counter("allegro.audience.prewarm.computed") == computed + 1);
    assertThat(counter("allegro.audience.prewarm.dispatched")).isEqualTo(dispatched + 1);
    var answer = profile(site, member);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().at("/data/cached").asBoolean()).isTrue();
    assertThat(answer.json().at("/data/events").asLong()).isEqualTo(100);
    assertThat(answer.json().at("/data/sessions").asLong()).isEqualTo(4);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> counter("allegro.audience.prewarm.dispatched") == dispatched + 1);
  }

  @Test
  void theProfileHasTheMembersFiguresAndIsServedFromTheCacheOnceComputed() {
    Site site = site();
    UUID member = member(site, "reader@shop.example");
    UUID other = member(site, "other@shop.example");
    var events = new ArrayList<String>();
    for (int i = 1; i <= 12; i++) {
      events.add(
          event("page_view", i <= 6 ? "s1" : "s2", member, T.plusSeconds(60L * i), "/p" + i));
    }
    events.add(event("add_to_cart", "s3", member, T.plusSeconds(60L * 13), "/cart"));
    events.add(event("add_to_cart", "s3", member, T.plusSeconds(60L * 14), "/cart"));
    events.add(event("page_view", "x", other, T.plusSeconds(60L * 20), "/not-mine"));
    events.add(event("page_view", "y", null, T.plusSeconds(60L * 21), "/nobody"));
    List<String> ids = track(site, events);
    heartbeat(site, ids.get(0), 5);
    heartbeat(site, ids.get(0), 12); // the latest beat of a page view counts
    heartbeat(site, ids.get(1), 7);
    heartbeat(site, ids.get(14), 100); // another member's page

    // a member with no event yet: its first answer is computed, the next one cached
    UUID quiet = member(site, "quiet@shop.example");
    var first = profile(site, quiet);
    var second = profile(site, quiet);

    JsonNode p = profile(site, member).json().get("data");
    assertThat(p.get("member_id").asString()).isEqualTo(member.toString());
    assertThat(Instant.parse(p.get("first_seen_at").asString())).isEqualTo(T.plusSeconds(60));
    assertThat(Instant.parse(p.get("last_seen_at").asString())).isEqualTo(T.plusSeconds(840));
    assertThat(p.get("events").asLong()).isEqualTo(14);
    assertThat(p.get("sessions").asLong()).isEqualTo(3);
    assertThat(p.at("/event_counts/page_view").asLong()).isEqualTo(12);
    assertThat(p.at("/event_counts/add_to_cart").asLong()).isEqualTo(2);
    assertThat(p.get("event_counts").size()).isEqualTo(2);
    assertThat(p.get("last_pages").size()).isEqualTo(10);
    assertThat(p.at("/last_pages/0/path").asString()).isEqualTo("/p12");
    assertThat(p.at("/last_pages/0/url").asString()).isEqualTo("https://shop.example/p12");
    assertThat(p.at("/last_pages/9/path").asString()).isEqualTo("/p3");
    assertThat(p.get("engaged_seconds").asLong()).isEqualTo(19);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().at("/data/cached").asBoolean()).isFalse();
    assertThat(first.json().at("/data/events").asLong()).isZero();
    assertThat(first.json().at("/data/first_seen_at").isNull()).isTrue();
    assertThat(second.json().at("/data/cached").asBoolean()).isTrue();
    assertThat(second.json().at("/data/computed_at").asString())
        .isEqualTo(first.json().at("/data/computed_at").asString());
  }

  @Test
  void aSignInPrewarmsTheProfile() {
    Site site = site();
    UUID member = member(site, "signs-in@shop.example");
    track(site, List.of(event("page_view", "s", member, T, "/")));
    await() // the event's own pre-warming job
        .atMost(Duration.ofSeconds(30))
        .until(() -> profile(site, member).json().at("/data/cached").asBoolean());
    String window =
        allegro.redisPrefix() + "{t:" + site.tenant().id().value() + "}:audience:prewarm:" + member;
    await().atMost(Duration.ofSeconds(10)).until(() -> !redis.hasKey(window));
    double dispatched = counter("allegro.audience.prewarm.dispatched");
    double computed = counter("allegro.audience.prewarm.computed");

    hooks.forEach(hook -> hook.beforeTokenIssued(site.tenant().id(), member));

    assertThat(counter("allegro.audience.prewarm.dispatched")).isEqualTo(dispatched + 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> counter("allegro.audience.prewarm.computed") == computed + 1);
  }

  @Test
  void anUnknownOrForeignMemberIsNotFound() {
    Site site = site();
    Site other = site();
    UUID foreign = member(other, "foreign@shop.example");

    var unknown = profile(site, UUID.randomUUID());
    var notAnId = profile(site, "not-a-uuid");
    var theirs = profile(site, foreign);

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asString()).contains("No audience member");
    assertThat(notAnId.status()).isEqualTo(404);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(profile(other, foreign).status()).isEqualTo(200);
  }
}

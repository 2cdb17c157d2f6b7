package dev.allegro.eventqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.eventqueue.internal.QueueKeys;
import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Event and Heartbeat Queue API's contract (seed: event-queue), run against one Redis ({@link
 * EventQueueApiIT}) and a Redis Cluster ({@link EventQueueClusterIT}).
 */
abstract class EventQueueContract {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired StringRedisTemplate redis;
  @Autowired QueueKeys keys;

  record Consumer(Tenant tenant, String host, String token) {}

  private Consumer consumer(String slug, FeatureFlag... flags) {
    Tenant tenant = data.tenant(slug, flags);
    return new Consumer(
        tenant, TestData.host(slug), data.token(data.member("c@" + slug + ".test", tenant)));
  }

  private List<String> track(Consumer c, int n) {
    var ids = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      var response =
          http.post("/api/events")
              .host(c.host())
              .json(
                  "{\"type\":\"page_view\",\"session_id\":\"s\",\"event_sequence\":"
                      + i
                      + ",\"url\":\"https://"
                      + c.host()
                      + "/p/"
                      + i
                      + "\"}")
              .send();
      assertThat(response.status()).isEqualTo(201);
      ids.add(response.json().get("event_id").asString());
    }
    return ids;
  }

  private Http.Response get(Consumer c, String query) {
    return http.get("/api/platform/events" + query).host(c.host()).bearer(c.token()).send();
  }

  private Http.Response delete(Consumer c, String query) {
    return http.delete("/api/platform/events" + query).host(c.host()).bearer(c.token()).send();
  }

  private List<String> queued(Consumer c) {
    var ids = new ArrayList<String>();
    get(c, "").json().at("/data/events").forEach(e -> ids.add(e.get("id").asString()));
    return ids;
  }

  private void awaitQueued(Consumer c, int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> queued(c).size() == count);
  }

  /** A queue item as ingestion writes it, the seed's fields in the seed's order. */
  private static String queueItem(String id) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"t\",\"session_id\":\"s\",\"audience_member_id\":null,"
        + "\"url\":null,\"page_hostname\":null,\"page_path\":null,\"user_agent\":null,"
        + "\"ip_address\":null,\"event_sequence\":null,\"created_at\":\"2026-02-25T18:00:00+00:00\"}";
  }

  @Test
  void itemsHaveTheSeedsFieldsInTheSeedsOrder() {
    var c = consumer("fields", FeatureFlag.USE_REDIS_EVENTS);
    http.post("/api/events")
        .host(c.host())
        .header("User-Agent", "Agent/1")
        .json(
            "{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://x.example/page\","
                + "\"created_at\":\""
                + java.time.Instant.now().minusSeconds(5)
                + "\"}")
        .send();
    http.post("/api/events")
        .host(c.host())
        .json(
            "{\"type\":\"buy\",\"session_id\":\"s\",\"url\":\"https://x.example/\",\"data\":{\"sku\":\"a\"}}")
        .send();
    awaitQueued(c, 2);

    var events = get(c, "").json().at("/data/events");

    List<String> names = new ArrayList<>(events.get(0).propertyNames());
    assertThat(names)
        .containsExactly(
            "id",
            "type",
            "session_id",
            "audience_member_id",
            "url",
            "page_hostname",
            "page_path",
            "user_agent",
            "ip_address",
            "event_sequence",
            "created_at");
    assertThat(events.get(0).get("page_hostname").asString()).isEqualTo("x.example");
    assertThat(events.get(0).get("page_path").asString()).isEqualTo("/page");
    assertThat(events.get(0).get("user_agent").asString()).isEqualTo("Agent/1");
    assertThat(events.get(0).get("audience_member_id").isNull()).isTrue();
    assertThat(events.get(0).get("created_at").asString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
    assertThat(events.get(1).get("data").get("sku").asString()).isEqualTo("a");
  }

  @Test
  void getIsNonDestructiveAndDeleteRemovesExactlyCountFromTheFront() {
    var c = consumer("exact", FeatureFlag.USE_REDIS_EVENTS);
    List<String> ids = track(c, 5);
    awaitQueued(c, 5);

    assertThat(get(c, "").json().at("/data/count").asInt()).isEqualTo(5);
    assertThat(get(c, "").json().at("/data/count").asInt()).isEqualTo(5);
    assertThat(delete(c, "?count=2").status()).isEqualTo(204);

    assertThat(queued(c)).containsExactlyElementsOf(ids.subList(2, 5));
  }

  @Test
  void eventsArrivingBetweenGetAndDeleteSurviveTheDelete() {
    var c = consumer("race", FeatureFlag.USE_REDIS_EVENTS);
    track(c, 3);
    awaitQueued(c, 3);

    int count = get(c, "").json().at("/data/count").asInt();
    List<String> late = track(c, 2);
    awaitQueued(c, 5);
    assertThat(delete(c, "?count=" + count).status()).isEqualTo(204);

    assertThat(queued(c)).containsExactlyElementsOf(late);
  }

  @Test
  void deleteRefusesAMissingNonIntegerOrNonPositiveCount() {
    var c = consumer("counts", FeatureFlag.USE_REDIS_EVENTS);
    for (String query :
        new String[] {"", "?count=", "?count=abc", "?count=1.5", "?count=0", "?count=-3"}) {
      var response = delete(c, query);

      assertThat(response.status()).as(query).isEqualTo(422);
      assertThat(response.json().at("/errors/count/0").asString())
          .as(query)
          .startsWith("The count field");
    }
    assertThat(get(c, "?limit=0").status()).isEqualTo(422);
    assertThat(get(c, "?limit=10001").status()).isEqualTo(422);
    assertThat(get(c, "?wait=21").status()).isEqualTo(422);
    assertThat(get(c, "?wait=x").status()).isEqualTo(422);
  }

  @Test
  void aCountBeyondTheQueueRemovesEverythingUpToTheLargestLong() {
    var c = consumer("huge", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    for (String count :
        new String[] {"99999999999999992", "9007199254740993", "9223372036854775807"}) {
      track(c, 2);
      awaitQueued(c, 2);

      assertThat(delete(c, "?count=" + count).status()).as(count).isEqualTo(204);

      assertThat(queued(c)).as(count).isEmpty();
    }
    var beats =
        http.delete("/api/platform/heartbeats?count=9223372036854775807")
            .host(c.host())
            .bearer(c.token())
            .send();
    assertThat(beats.status()).isEqualTo(204);
    var withLastId = delete(c, "?count=9223372036854775807&last_id=x");
    assertThat(withLastId.status()).as("no item at that position: nothing removed").isEqualTo(409);
  }

  @Test
  void countIsReadUnderItsOwnNameOnly() {
    var c = consumer("brackets", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    track(c, 3);
    awaitQueued(c, 3);

    for (String path : new String[] {"/api/platform/events", "/api/platform/heartbeats"}) {
      for (String query :
          new String[] {"?count%5B%5D=2", "?count[]=2", "?count%5B0%5D=2", "?count=1&count=2"}) {
        var response = http.delete(path + query).host(c.host()).bearer(c.token()).send();

        assertThat(response.status()).as(path + query).isEqualTo(422);
        assertThat(response.json().at("/errors/count/0").asString())
            .as(path + query)
            .startsWith("The count field");
      }
    }
    assertThat(queued(c)).hasSize(3);
    var tooLarge = delete(c, "?count=9223372036854775808");
    assertThat(tooLarge.status()).isEqualTo(422);
    assertThat(tooLarge.json().at("/errors/count/0").asString())
        .isEqualTo("The count field must not be greater than 9223372036854775807.");
  }

  @Test
  void getReturnsAtMostTenThousandAndLimitFewer() {
    var c = consumer("many", FeatureFlag.USE_REDIS_EVENTS);
    String queue = keys.queue(c.tenant().id(), QueueKind.EVENTS);
    var ids = IntStream.range(0, 10_001).mapToObj(i -> UUID.randomUUID().toString()).toList();
    redis
        .opsForList()
        .rightPushAll(queue, ids.stream().map(EventQueueContract::queueItem).toList());

    var all = get(c, "").json().get("data");
    assertThat(all.get("count").asInt()).isEqualTo(10_000);
    assertThat(all.get("events").size()).isEqualTo(10_000);
    assertThat(all.get("events").get(9_999).get("id").asString()).isEqualTo(ids.get(9_999));
    assertThat(get(c, "?limit=7").json().at("/data/count").asInt()).isEqualTo(7);
  }

  @Test
  void lastIdRemovesOnlyWhenTheCountthItemHasIt() {
    var c = consumer("lastid", FeatureFlag.USE_REDIS_EVENTS);
    List<String> ids = track(c, 4);
    awaitQueued(c, 4);

    var conflict = delete(c, "?count=2&last_id=" + ids.get(2));
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("message").asString()).contains("nothing was removed");
    assertThat(queued(c)).hasSize(4);

    assertThat(delete(c, "?count=2&last_id=" + ids.get(1)).status()).isEqualTo(204);
    assertThat(delete(c, "?count=2&last_id=" + ids.get(1)).status())
        .as("a retried DELETE never removes unread items")
        .isEqualTo(409);
    assertThat(queued(c)).containsExactlyElementsOf(ids.subList(2, 4));
  }

  @Test
  void longPollReturnsAsSoonAsAnEventArrives() {
    var c = consumer("poll", FeatureFlag.USE_REDIS_EVENTS);
    var polled = CompletableFuture.supplyAsync(() -> get(c, "?wait=15"));
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(polled).isNotDone();

    String id = track(c, 1).getFirst();

    var response = polled.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(response.json().at("/data/count").asInt()).isEqualTo(1);
    assertThat(response.json().at("/data/events/0/id").asString()).isEqualTo(id);
  }

  @Test
  void withTheFlagOffGetIsEmptyAndNothingIsQueued() {
    var c = consumer("flagoff");
    track(c, 2);

    var response = get(c, "");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"data\":{\"count\":0,\"events\":[]}}");
    assertThat(redis.opsForList().size(keys.queue(c.tenant().id(), QueueKind.EVENTS))).isZero();
    assertThat(delete(c, "?count=1").status()).isEqualTo(204);
    assertThat(delete(c, "").status()).isEqualTo(422);
  }

  @Test
  void aDeletedTenantsKeysLeaveRedisAndAnotherTenantKeepsItsQueue() {
    var gone = consumer("deleted", FeatureFlag.USE_REDIS_EVENTS);
    var kept = consumer("kept", FeatureFlag.USE_REDIS_EVENTS);
    track(gone, 2);
    List<String> keptIds = track(kept, 1);
    awaitQueued(gone, 2);
    awaitQueued(kept, 1);
    String queue = keys.queue(gone.tenant().id(), QueueKind.EVENTS);
    String tenantKeys = queue.substring(0, queue.indexOf("}:") + 2) + "*";
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> redis.keys(tenantKeys).size() >= 2); // the queue and its mark
    String admin = data.token(data.superAdmin("root@deleted.test"));

    var deleted =
        http.delete("/api/v1/landlord/tenants/" + gone.tenant().slug()).bearer(admin).send();

    assertThat(deleted.status()).isEqualTo(204);
    // and stay gone: the queues' verification (every 5 s) has no rows to rebuild them from
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(15))
        .until(() -> redis.keys(tenantKeys).isEmpty());
    assertThat(queued(kept)).isEqualTo(keptIds);
  }

  @Test
  void eachTenantSeesOnlyItsOwnQueueAndAnotherTenantsTokenIsForbidden() {
    var a = consumer("tenant-a", FeatureFlag.USE_REDIS_EVENTS);
    var b = consumer("tenant-b", FeatureFlag.USE_REDIS_EVENTS);
    List<String> aIds = track(a, 2);
    List<String> bIds = track(b, 1);
    awaitQueued(a, 2);
    awaitQueued(b, 1);

    assertThat(queued(a)).containsExactlyElementsOf(aIds);
    assertThat(queued(b)).containsExactlyElementsOf(bIds);
    var bOnA = http.get("/api/platform/events").host(a.host()).bearer(b.token()).send();
    assertThat(bOnA.status()).isEqualTo(403);
    var bDeletesOnA =
        http.delete("/api/platform/events?count=2").host(a.host()).bearer(b.token()).send();
    assertThat(bDeletesOnA.status()).isEqualTo(403);
    assertThat(queued(a)).hasSize(2);
  }

  @Test
  void readingNeedsEventsReadAndDeletingEventsDelete() {
    var c = consumer("abilities", FeatureFlag.USE_REDIS_EVENTS);
    var user = data.member("other@abilities.test", c.tenant());
    String readOnly = data.token(user, "events:read");
    String deleteOnly = data.token(user, "events:delete");

    assertThat(http.get("/api/platform/events").host(c.host()).bearer(deleteOnly).send().status())
        .isEqualTo(403);
    assertThat(
            http.delete("/api/platform/events?count=1")
                .host(c.host())
                .bearer(readOnly)
                .send()
                .status())
        .isEqualTo(403);
    assertThat(http.get("/api/platform/events").host(c.host()).send().status()).isEqualTo(401);
  }

  @Test
  void heartbeatsAreSilentWhileTheFlagIsOffAndQueuedWhenOn() {
    var off = consumer("beat-off");
    var on = consumer("beat-on", FeatureFlag.SDK_HEARTBEAT);
    String pageView = UUID.randomUUID().toString();

    assertThat(
            http.post("/api/heartbeat")
                .host(off.host())
                .json("{\"nonsense\":true}")
                .send()
                .status())
        .isEqualTo(204);
    assertThat(
            http.post("/api/heartbeat")
                .host(on.host())
                .json("{\"event_id\":\"x\"}")
                .send()
                .json()
                .get("errors")
                .has("event_id"))
        .isTrue();
    assertThat(
            http.post("/api/heartbeat")
                .host(on.host())
                .json("{\"event_id\":\"" + pageView + "\",\"active_seconds\":0}")
                .send()
                .status())
        .isEqualTo(422);
    for (int seconds : new int[] {5, 15}) {
      assertThat(
              http.post("/api/heartbeat")
                  .host(on.host())
                  .json("{\"event_id\":\"" + pageView + "\",\"active_seconds\":" + seconds + "}")
                  .send()
                  .status())
          .isEqualTo(204);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/api/platform/heartbeats")
                        .host(on.host())
                        .bearer(on.token())
                        .send()
                        .json()
                        .at("/data/count")
                        .asInt()
                    == 2);
    var beats =
        http.get("/api/platform/heartbeats")
            .host(on.host())
            .bearer(on.token())
            .send()
            .json()
            .at("/data/heartbeats");
    assertThat(new ArrayList<>(beats.get(1).propertyNames()))
        .containsExactly("event_id", "active_seconds", "created_at");
    assertThat(beats.get(1).get("active_seconds").asInt()).isEqualTo(15);
    assertThat(
            http.delete("/api/platform/heartbeats?count=2&last_id=" + pageView)
                .host(on.host())
                .bearer(on.token())
                .send()
                .status())
        .isEqualTo(204);
    assertThat(
            http.get("/api/platform/heartbeats").host(off.host()).bearer(off.token()).send().body())
        .isEqualTo("{\"data\":{\"count\":0,\"heartbeats\":[]}}");
  }
}

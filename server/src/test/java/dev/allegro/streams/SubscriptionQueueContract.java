package dev.allegro.streams;

import static dev.allegro.streams.SubscriptionApps.numbered;
import static dev.allegro.streams.SubscriptionApps.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.tenancy.Tenants;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Subscription queues as an app uses them: queues, subscriptions, routing, pull and ack, seek. Run
 * on one Redis by {@link SubscriptionQueueIT} and on a 3-master Redis Cluster by {@link
 * SubscriptionQueueClusterIT}.
 */
@TestPropertySource(properties = "allegro.streams.queue-limit=3")
abstract class SubscriptionQueueContract {

  private static final Duration ROUTED = Duration.ofSeconds(10);

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Apps apps;
  @Autowired Tenants tenants;

  private SubscriptionApps app;
  private static int next;

  @BeforeEach
  void givenTheApi() {
    app = new SubscriptionApps(http, data, apps);
  }

  private static String unique(String name) {
    return name + "-" + (++next);
  }

  @Test
  void aQueueIsCreatedListedShownAndDeleted() {
    var shop = data.tenant(unique("crud"));
    String token = app.inHouseApp(unique("crud-app"), shop);

    var created = app.post(token, "/api/v1/queues", "{\"name\":\"orders\"}");
    assertThat(created.status()).isEqualTo(201);
    String code = created.json().path("code").asString();
    assertThat(code).matches("[0-9a-f-]{36}");
    assertThat(created.json().path("name").asString()).isEqualTo("orders");
    assertThat(created.json().path("status").asString()).isEqualTo("ACTIVE");

    var list = app.get(token, "/api/v1/queues");
    assertThat(list.json().path("data").toString()).contains(code);

    var shown = app.get(token, "/api/v1/queues/" + code);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().path("depth").asLong()).isZero();
    assertThat(shown.json().path("oldest_age_seconds").isNull()).isTrue();

    assertThat(app.pull(token, code, null, 10).status()).isEqualTo(200);
    // each node keeps which queues an app has for a second: a deletion drops that at once
    assertThat(app.delete(token, "/api/v1/queues/" + code).status()).isEqualTo(204);
    assertThat(app.get(token, "/api/v1/queues/" + code).status()).isEqualTo(404);
    assertThat(app.pull(token, code, null, 10).status()).isEqualTo(404);
  }

  @Test
  void eventsRoutedBeforeTheirTenantWasDeletedAreStillPulledWhole() {
    var gone = data.tenant(unique("deleted-source"));
    var other = data.tenant(unique("other-source"));
    String member = app.member(gone);
    String token = app.publicApp(unique("deleted-source-app"), gone, other);
    String queue = app.queue(token, "routed");
    app.subscribe(token, queue, gone.slug(), "*");
    app.track(gone, member, "page_view", "k", 3);
    await().atMost(ROUTED).until(() -> sessions(app.pull(token, queue, null, 100)).size() == 3);

    tenants.delete(gone);

    // its relay state leaves Redis, the stored events the queue names stay: no loss is seen
    await()
        .during(Duration.ofSeconds(2))
        .atMost(ROUTED)
        .untilAsserted(
            () -> {
              var pulled = app.pull(token, queue, null, 100);
              assertThat(sessions(pulled)).containsExactly("k1", "k2", "k3");
              assertThat(pulled.json().path("expired_skipped").asLong()).isZero();
            });
  }

  @Test
  void anAppHasAtMostItsLimitOfQueuesAndBadInputIsNamed() {
    var shop = data.tenant(unique("limit"));
    String token = app.inHouseApp(unique("limit-app"), shop);
    for (int i = 0; i < 3; i++) {
      app.queue(token, "q" + i);
    }

    var fourth = app.post(token, "/api/v1/queues", "{\"name\":\"q3\"}");
    assertThat(fourth.status()).isEqualTo(422);
    assertThat(fourth.json().path("message").asString()).contains("at most 3 queues");

    var nameless = app.post(token, "/api/v1/queues", "{}");
    assertThat(nameless.status()).isEqualTo(422);
    assertThat(nameless.json().path("errors").has("name")).isTrue();
    var numeric = app.post(token, "/api/v1/queues", "{\"name\":5}");
    assertThat(numeric.json().path("errors").has("name")).isTrue();
  }

  @Test
  void appsAreIsolatedFromEachOther() {
    var shop = data.tenant(unique("iso"));
    String mine = app.inHouseApp(unique("mine"), shop);
    String theirs = app.inHouseApp(unique("theirs"), shop);
    String queue = app.queue(mine, "private");

    assertThat(app.get(theirs, "/api/v1/queues/" + queue).status()).isEqualTo(404);
    assertThat(app.pull(theirs, queue, null, 10).status()).isEqualTo(404);
    assertThat(app.delete(theirs, "/api/v1/queues/" + queue).status()).isEqualTo(404);
    assertThat(app.get(theirs, "/api/v1/queues").json().path("data").toString())
        .doesNotContain(queue);
    assertThat(app.get(mine, "/api/v1/queues/not-a-code").status()).isEqualTo(404);
  }

  @Test
  void aUserTokenOrAMissingAbilityIsRefused() {
    var shop = data.tenant(unique("abl"));
    var owner = apps.create(unique("abl-app"), "in-house", shop.slug());
    String pullOnly =
        apps.token(owner, "pull", dev.allegro.auth.Abilities.parse("queues:pull")).plainText();
    String user = data.token(data.superAdmin(unique("root") + "@abl.test"));

    var create = app.post(pullOnly, "/api/v1/queues", "{\"name\":\"x\"}");
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.json().path("message").asString()).contains("queues:manage");
    var byUser = app.get(user, "/api/v1/queues");
    assertThat(byUser.status()).isEqualTo(403);
    assertThat(byUser.json().path("message").asString()).contains("app's token");
    assertThat(http.get("/api/v1/queues").host(LANDLORD()).send().status()).isEqualTo(401);
    assertThat(
            http.get("/api/v1/queues")
                .host(TestData.host(shop.slug()))
                .bearer(pullOnly)
                .send()
                .status())
        .isEqualTo(404);
  }

  private static String LANDLORD() {
    return SubscriptionApps.LANDLORD;
  }

  @Test
  void anInHouseAppSubscribesOnlyToItsOwnTenant() {
    var own = data.tenant(unique("own"));
    var other = data.tenant(unique("other"));
    String token = app.inHouseApp(unique("house"), own);
    String queue = app.queue(token, "q");

    var mine = app.subscribe(token, queue, own.slug(), "page_view");
    assertThat(mine.status()).isEqualTo(201);
    assertThat(mine.json().path("active").asBoolean()).isTrue();
    assertThat(mine.json().path("event_type").asString()).isEqualTo("page_view");
    assertThat(mine.json().path("tenant").asString()).isEqualTo(own.slug());
    assertThat(mine.json().path("code").asString()).matches("[0-9a-f-]{36}");

    var foreign = app.subscribe(token, queue, other.slug(), "page_view");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.json().path("message").asString())
        .contains("in-house")
        .contains(other.slug());

    var badType = app.subscribe(token, queue, own.slug(), "Page View");
    assertThat(badType.status()).isEqualTo(422);
    assertThat(badType.json().path("errors").has("event_type")).isTrue();
    var noTenant =
        app.post(token, "/api/v1/queues/" + queue + "/subscriptions", "{\"event_type\":\"*\"}");
    assertThat(noTenant.json().path("errors").has("tenant")).isTrue();
  }

  @Test
  void aPublicAppSubscribesOnlyToTenantsThatInstalledIt() {
    var installed = data.tenant(unique("inst"));
    var stranger = data.tenant(unique("stranger"));
    String token = app.publicApp(unique("pub"), installed);
    String queue = app.queue(token, "q");

    assertThat(app.subscribe(token, queue, installed.slug(), "*").status()).isEqualTo(201);
    var refused = app.subscribe(token, queue, stranger.slug(), "*");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().path("message").asString())
        .isEqualTo("Tenant '" + stranger.slug() + "' has not installed this app.");
    var unknown = app.subscribe(token, queue, "no-such-tenant", "*");
    assertThat(unknown.status()).isEqualTo(403);

    var list = app.get(token, "/api/v1/queues/" + queue + "/subscriptions");
    assertThat(list.json().path("data")).hasSize(1);
    String code = list.json().path("data").get(0).path("code").asString();
    assertThat(app.delete(token, "/api/v1/queues/" + queue + "/subscriptions/" + code).status())
        .isEqualTo(204);
    var after = app.get(token, "/api/v1/queues/" + queue + "/subscriptions");
    assertThat(after.json().path("data").get(0).path("active").asBoolean()).isFalse();
    assertThat(app.delete(token, "/api/v1/queues/" + queue + "/subscriptions/" + queue).status())
        .isEqualTo(404);
  }

  @Test
  void oneEventIsRoutedOnceToEveryQueueSubscribedToItAndThroughTheWildcard() {
    var shop = data.tenant(unique("fan"));
    String member = app.member(shop);
    String token = app.inHouseApp(unique("fan-app"), shop);
    String views = app.queue(token, "views");
    String everything = app.queue(token, "everything");
    String clicks = app.queue(token, "clicks");
    app.subscribe(token, views, shop.slug(), "page_view");
    app.subscribe(token, everything, shop.slug(), "*");
    app.subscribe(token, everything, shop.slug(), "page_view"); // twice: still once
    app.subscribe(token, clicks, shop.slug(), "click");

    app.track(shop, member, "page_view", "v", 3);
    app.track(shop, member, "click", "c", 1);

    await()
        .atMost(ROUTED)
        .untilAsserted(
            () -> assertThat(sessions(app.pull(token, everything, null, 100))).hasSize(4));
    assertThat(sessions(app.pull(token, everything, null, 100)))
        .containsExactly("v1", "v2", "v3", "c1");
    assertThat(sessions(app.pull(token, views, null, 100))).containsExactly("v1", "v2", "v3");
    assertThat(sessions(app.pull(token, clicks, null, 100))).containsExactly("c1");

    var event = app.pull(token, views, null, 1).json().path("events").get(0);
    assertThat(event.path("tenant").asString()).isEqualTo(shop.slug());
    assertThat(event.path("type").asString()).isEqualTo("page_view");
    assertThat(event.path("id").asString()).isEqualTo(event.path("payload").path("id").asString());
    assertThat(event.path("type").asString())
        .isEqualTo(event.path("payload").path("type").asString());
    assertThat(event.path("created_at").asString())
        .isNotEmpty()
        .isEqualTo(event.path("payload").path("created_at").asString());
    var shown = app.get(token, "/api/v1/queues/" + views);
    assertThat(shown.json().path("depth").asLong()).isEqualTo(3);
    assertThat(shown.json().path("oldest_age_seconds").isNumber()).isTrue();
  }

  @Test
  void aPublicAppsOneQueueIsFedByTwoTenants() {
    var a = data.tenant(unique("seller-a"));
    var b = data.tenant(unique("seller-b"));
    String token = app.publicApp(unique("market"), a, b);
    String queue = app.queue(token, "orders");
    app.subscribe(token, queue, a.slug(), "order");
    app.subscribe(token, queue, b.slug(), "order");

    app.track(a, app.member(a), "order", "a", 2);
    app.track(b, app.member(b), "order", "b", 2);

    await()
        .atMost(ROUTED)
        .untilAsserted(
            () ->
                assertThat(sessions(app.pull(token, queue, null, 100)))
                    .containsExactlyInAnyOrder("a1", "a2", "b1", "b2"));
    var tenants = new java.util.TreeSet<String>();
    app.pull(token, queue, null, 100)
        .json()
        .path("events")
        .forEach(e -> tenants.add(e.path("tenant").asString()));
    assertThat(tenants).containsExactlyInAnyOrder(a.slug(), b.slug());
  }

  @Test
  void afterAnAcknowledgementAt20TheNextPullStartsAt21() {
    var shop = data.tenant(unique("ack"));
    String token = app.inHouseApp(unique("ack-app"), shop);
    String queue = app.queue(token, "q");
    app.subscribe(token, queue, shop.slug(), "*");
    app.track(shop, app.member(shop), "page_view", "e", 26);
    await()
        .atMost(ROUTED)
        .until(() -> app.get(token, "/api/v1/queues/" + queue).json().path("depth").asLong() == 26);

    var first = app.pull(token, queue, null, 20);
    assertThat(first.status()).isEqualTo(200);
    assertThat(sessions(first)).isEqualTo(numbered("e", 1, 20));
    assertThat(first.json().path("expired_skipped").asLong()).isZero();

    // no acknowledgement: the same batch again
    var again = app.pull(token, queue, null, 20);
    assertThat(sessions(again)).isEqualTo(numbered("e", 1, 20));
    assertThat(again.json().path("ack_id").asString())
        .isEqualTo(first.json().path("ack_id").asString());

    String ackAt20 = first.json().path("ack_id").asString();
    var second = app.pull(token, queue, ackAt20, 20);
    assertThat(sessions(second)).isEqualTo(numbered("e", 21, 26));

    // the answer was lost: re-sending the same ack_id is idempotent
    var retried = app.pull(token, queue, ackAt20, 20);
    assertThat(sessions(retried)).isEqualTo(numbered("e", 21, 26));
    assertThat(app.get(token, "/api/v1/queues/" + queue).json().path("depth").asLong())
        .isEqualTo(6);

    var third = app.pull(token, queue, retried.json().path("ack_id").asString(), 20);
    assertThat(sessions(third)).isEmpty();

    // an ack_id from before the cursor's last move: 409, nothing moved
    var stale = app.pull(token, queue, ackAt20, 20);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(app.get(token, "/api/v1/queues/" + queue).json().path("depth").asLong()).isZero();
  }

  @Test
  void aForgedOrForeignAckIdIsAConflictAndMovesNothing() {
    var shop = data.tenant(unique("forge"));
    String token = app.inHouseApp(unique("forge-app"), shop);
    String queue = app.queue(token, "q");
    String other = app.queue(token, "other");
    app.subscribe(token, queue, shop.slug(), "*");
    app.track(shop, app.member(shop), "page_view", "f", 3);
    await().atMost(ROUTED).until(() -> sessions(app.pull(token, queue, null, 10)).size() == 3);
    String ack = app.pull(token, queue, null, 10).json().path("ack_id").asString();
    String foreign = app.pull(token, other, null, 10).json().path("ack_id").asString();

    String body = ack.substring(0, ack.indexOf('.'));
    String forged =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("9999999999999-0:9999999999999-0:3".getBytes())
            + ack.substring(ack.indexOf('.'));
    for (String bad : List.of(forged, foreign, "nonsense", body + ".AAAA")) {
      var refused = app.pull(token, queue, bad, 10);
      assertThat(refused.status()).as(bad).isEqualTo(409);
      assertThat(refused.json().path("message").asString()).contains("ack_id");
    }
    assertThat(sessions(app.pull(token, queue, null, 10))).containsExactly("f1", "f2", "f3");

    var badLimit = app.post(token, "/api/v1/queues/" + queue + "/events/pull", "{\"limit\":0}");
    assertThat(badLimit.status()).isEqualTo(422);
    assertThat(badLimit.json().path("errors").has("limit")).isTrue();
    var badWait = app.post(token, "/api/v1/queues/" + queue + "/events/pull", "{\"wait\":21}");
    assertThat(badWait.json().path("errors").has("wait")).isTrue();
  }

  @Test
  void uninstallingStopsRoutingAtOnceAndDeactivatesTheSubscriptions() {
    var shop = data.tenant(unique("uninst"));
    String member = app.member(shop);
    String name = unique("leaving");
    String token = app.publicApp(name, shop);
    String queue = app.queue(token, "q");
    app.subscribe(token, queue, shop.slug(), "*");
    app.track(shop, member, "page_view", "before", 2);
    await().atMost(ROUTED).until(() -> sessions(app.pull(token, queue, null, 10)).size() == 2);

    apps.uninstall(apps.require(name), shop);
    app.track(shop, member, "page_view", "after", 2);

    var subscriptions = app.get(token, "/api/v1/queues/" + queue + "/subscriptions");
    assertThat(subscriptions.json().path("data").get(0).path("active").asBoolean()).isFalse();
    // what the relay hands on now is for a queue that no longer takes it
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(sessions(app.pull(token, queue, null, 10)))
                    .containsExactly("before1", "before2"));
    assertThat(app.subscribe(token, queue, shop.slug(), "*").status()).isEqualTo(403);
  }

  @Test
  void seekMovesTheCursorBackToReplayAndForwardToSkip() {
    var shop = data.tenant(unique("seek"));
    String token = app.inHouseApp(unique("seek-app"), shop);
    String queue = app.queue(token, "q");
    app.subscribe(token, queue, shop.slug(), "*");
    Instant start = Instant.now().minusSeconds(60);
    app.track(shop, app.member(shop), "page_view", "s", 4);
    await().atMost(ROUTED).until(() -> sessions(app.pull(token, queue, null, 10)).size() == 4);
    var all = app.pull(token, queue, null, 10);
    app.pull(token, queue, all.json().path("ack_id").asString(), 10);
    assertThat(sessions(app.pull(token, queue, null, 10))).isEmpty();

    var back = app.post(token, "/api/v1/queues/" + queue + "/seek", "{\"to\":\"" + start + "\"}");
    assertThat(back.status()).isEqualTo(200);
    assertThat(sessions(app.pull(token, queue, null, 10))).containsExactly("s1", "s2", "s3", "s4");
    // the acknowledgement issued before the seek no longer fits
    assertThat(app.pull(token, queue, all.json().path("ack_id").asString(), 10).status())
        .isEqualTo(409);

    var forward =
        app.post(
            token,
            "/api/v1/queues/" + queue + "/seek",
            "{\"to\":\"" + Instant.now().plusSeconds(3600) + "\"}");
    assertThat(forward.status()).isEqualTo(200);
    assertThat(sessions(app.pull(token, queue, null, 10))).isEmpty();

    var bad = app.post(token, "/api/v1/queues/" + queue + "/seek", "{\"to\":\"yesterday\"}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().path("errors").has("to")).isTrue();
  }

  @Test
  void aPullWithWaitAnswersWhenAnEventArrives() {
    var shop = data.tenant(unique("wait"));
    String member = app.member(shop);
    String token = app.inHouseApp(unique("wait-app"), shop);
    String queue = app.queue(token, "q");
    app.subscribe(token, queue, shop.slug(), "*");

    var waiting =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> app.post(token, "/api/v1/queues/" + queue + "/events/pull", "{\"wait\":15}"));
    app.track(shop, member, "page_view", "w", 1);

    var answer = waiting.join();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(sessions(answer)).containsExactly("w1");
  }
}

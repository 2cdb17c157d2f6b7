package dev.allegro.streams;

import static dev.allegro.streams.SubscriptionApps.numbered;
import static dev.allegro.streams.SubscriptionApps.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.outbox.Outbox;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.PrivateRedis;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Redis without persistence that is killed while events are tracked and comes back empty: each
 * subscription queue's stream is rebuilt from PostgreSQL, from where its consumer had acknowledged,
 * with every event routed to it once and each tenant's events in order, those tracked while Redis
 * was down included.
 */
@AllegroTest
class SubscriptionRedisLossIT {

  private static final PrivateRedis redis = PrivateRedis.start();

  @DynamicPropertySource
  static void privateRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", redis::port);
    registry.add("allegro.streams.checkpoint-every", () -> "1s");
    // exactly from the acknowledged position, to see that nothing acknowledged comes back
    registry.add("allegro.streams.rebuild-overlap", () -> "0s");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Apps apps;
  @Autowired JdbcClient jdbc;
  @Autowired Outbox outbox;

  @Test
  void aRedisThatComesBackEmptyGetsEveryQueueRebuiltFromTheAcknowledgedPosition() {
    var app = new SubscriptionApps(http, data, apps);
    Tenant shop = data.tenant("loss-sub-shop");
    Tenant other = data.tenant("loss-sub-other");
    String shopMember = app.member(shop);
    String otherMember = app.member(other);
    String token = app.publicApp("loss-sub-app", shop, other);
    String both = app.queue(token, "both");
    String views = app.queue(token, "views");
    app.subscribe(token, both, shop.slug(), "*");
    app.subscribe(token, both, other.slug(), "signup");
    app.subscribe(token, views, shop.slug(), "page_view");

    app.track(shop, shopMember, "page_view", "a", 5);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sessions(app.pull(token, views, null, 100)).size() == 5);
    app.track(shop, shopMember, "page_view", "f", 7);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sessions(app.pull(token, views, null, 100)).size() == 12);
    var read = app.pull(token, both, null, 6);
    assertThat(sessions(read)).containsExactly("a1", "a2", "a3", "a4", "a5", "f1");
    // acknowledges the first commit's entry, and one event of the second's
    var acked = app.pull(token, both, read.json().get("ack_id").asString(), 1);
    assertThat(sessions(acked)).containsExactly("f2");
    String staleAck = acked.json().get("ack_id").asString();
    app.track(other, otherMember, "signup", "b", 3);
    app.track(other, otherMember, "page_view", "x", 2); // taken by no queue
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                app.recordedAppended(jdbc, both) == 15 && app.recordedAppended(jdbc, views) == 12);

    double rebuildsBefore = app.rebuilds();
    redis.stop();
    app.track(shop, shopMember, "page_view", "c", 3);
    redis.restart();
    app.track(shop, shopMember, "page_view", "d", 2);

    // a time cannot split one commit: the second commit's entry comes back whole
    var expectedBoth = new ArrayList<>(numbered("f", 1, 7));
    expectedBoth.addAll(numbered("b", 1, 3));
    expectedBoth.addAll(numbered("c", 1, 3));
    expectedBoth.addAll(numbered("d", 1, 2));
    var expectedViews = new ArrayList<>(numbered("a", 1, 5));
    expectedViews.addAll(numbered("f", 1, 7));
    expectedViews.addAll(numbered("c", 1, 3));
    expectedViews.addAll(numbered("d", 1, 2));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(sessions(app.pull(token, both, null, 100)))
                  .as("from the acknowledged position, once each, each tenant in order")
                  .containsExactlyInAnyOrderElementsOf(expectedBoth);
              assertThat(sessions(app.pull(token, views, null, 100)))
                  .as("a queue nothing of which was acknowledged gets all back")
                  .isEqualTo(expectedViews);
            });
    var rebuilt = sessions(app.pull(token, both, null, 100));
    assertThat(ofPrefix(rebuilt, "f", "c", "d"))
        .containsExactlyElementsOf(ofPrefix(expectedBoth, "f", "c", "d"));
    assertThat(ofPrefix(rebuilt, "b")).containsExactly("b1", "b2", "b3");
    assertThat(app.pull(token, both, staleAck, 1).status())
        .as("an ack_id from before the loss does not fit the rebuilt queue")
        .isEqualTo(409);

    // rebuilt once: neither the checks that follow nor the epoch's finding rebuild them again
    await()
        .during(Duration.ofSeconds(7))
        .atMost(Duration.ofSeconds(15))
        .until(() -> app.rebuilds() - rebuildsBefore == 2);
    app.track(shop, shopMember, "page_view", "e", 1);
    expectedViews.add("e1");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(sessions(app.pull(token, views, null, 100))).isEqualTo(expectedViews));

    // acknowledging the rebuilt queue moves its checkpoint as before
    var first = app.pull(token, both, null, 100);
    var next = app.pull(token, both, first.json().get("ack_id").asString(), 100);
    assertThat(next.status()).isEqualTo(200);
    assertThat(sessions(next)).isEmpty();
  }

  @Test
  void aQueueThatLostItsLastWritesAloneIsFoundAndRebuilt() {
    var app = new SubscriptionApps(http, data, apps);
    Tenant shop = data.tenant("partial-loss-shop");
    String member = app.member(shop);
    String token = app.inHouseApp("partial-loss-app", shop);
    String queue = app.queue(token, "partial");
    String untouched = app.queue(token, "untouched");
    app.subscribe(token, queue, shop.slug(), "*");
    app.subscribe(token, untouched, shop.slug(), "*");
    app.track(shop, member, "page_view", "p", 2);
    app.track(shop, member, "page_view", "q", 3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                app.recordedAppended(jdbc, queue) == 5
                    && app.recordedAppended(jdbc, untouched) == 5);

    // as a replica that missed the last entry would hold it: the rest of Redis is as it was
    String dropped =
        redis.command(
            "EVAL",
            """
            local stream = redis.call('KEYS', ARGV[1] .. ':stream')[1]
            local meta = redis.call('KEYS', ARGV[1] .. ':meta')[1]
            local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)[1]
            redis.call('XDEL', stream, last[1])
            redis.call('HINCRBY', meta, 'n', -3)
            return 3
            """,
            "0",
            "*{s:" + queue + "}");
    assertThat(dropped).isEqualTo("3");

    var all = new ArrayList<>(numbered("p", 1, 2));
    all.addAll(numbered("q", 1, 3));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(sessions(app.pull(token, queue, null, 100))).isEqualTo(all));
    assertThat(sessions(app.pull(token, untouched, null, 100))).isEqualTo(all);
  }

  @Test
  void eventsWhosePayloadsRedisLostAreNotSkippedAsExpiredButRebuilt() {
    var app = new SubscriptionApps(http, data, apps);
    Tenant shop = data.tenant("lost-payload-shop");
    String member = app.member(shop);
    String token = app.inHouseApp("lost-payload-app", shop);
    String queue = app.queue(token, "payloads");
    app.subscribe(token, queue, shop.slug(), "*");
    app.track(shop, member, "page_view", "p", 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> app.recordedAppended(jdbc, queue) == 2);
    app.track(shop, member, "page_view", "q", 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> app.recordedAppended(jdbc, queue) == 5);
    var read = app.pull(token, queue, null, 2);
    assertThat(sessions(read)).containsExactly("p1", "p2");

    // as a failover of the tenant's slot to a replica that missed its last writes would leave it:
    // the stored payloads are gone, the queue's entries (in its own slot) are not
    String dropped =
        redis.command(
            "EVAL",
            """
            local n = 0
            for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
              n = n + redis.call('DEL', key)
            end
            return n
            """,
            "0",
            "*{t:" + shop.id().value() + "}:sub:*");
    assertThat(Integer.parseInt(dropped)).isPositive();

    // a pull stops before them rather than skipping them as lost to retention
    var next = app.pull(token, queue, read.json().get("ack_id").asString(), 100);
    assertThat(next.status()).isEqualTo(200);
    assertThat(sessions(next)).isEmpty();
    assertThat(next.json().get("expired_skipped").asLong()).isZero();

    // and the queue is rebuilt from PostgreSQL
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              var rebuilt = app.pull(token, queue, null, 100);
              assertThat(rebuilt.json().get("expired_skipped").asLong()).isZero();
              assertThat(sessions(rebuilt)).endsWith("q1", "q2", "q3").doesNotHaveDuplicates();
            });
  }

  @Test
  void whileOneQueueIsRebuiltTheTenantsOtherQueuesGoOnAndItGetsWhatWasRelayedMeanwhileOnce() {
    var app = new SubscriptionApps(http, data, apps);
    Tenant shop = data.tenant("parked-shop");
    String member = app.member(shop);
    String token = app.inHouseApp("parked-app", shop);
    String held = app.queue(token, "held");
    String going = app.queue(token, "going");
    app.subscribe(token, held, shop.slug(), "*");
    app.subscribe(token, going, shop.slug(), "*");
    app.track(shop, member, "page_view", "p", 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> app.recordedAppended(jdbc, held) == 2 && app.recordedAppended(jdbc, going) == 2);

    // a rebuild holds the queue, and its node is gone with the rebuild's lock not yet expired
    redis.command(
        "EVAL",
        """
        local meta = redis.call('KEYS', ARGV[1] .. ':meta')[1]
        redis.call('HSET', meta, 'hold', 'a rebuild whose node died', 'parks', '1')
        redis.call('SET', string.sub(meta, 1, -6) .. ':rebuild-lock', 'gone', 'EX', 60)
        return 1
        """,
        "0",
        "*{s:" + held + "}");
    double rebuildsBefore = app.rebuilds();
    app.track(shop, member, "page_view", "q", 3);
    var all = new ArrayList<>(numbered("p", 1, 2));
    all.addAll(numbered("q", 1, 3));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sessions(app.pull(token, going, null, 100))).isEqualTo(all);
              assertThat(outbox.waitingRows(shop.id(), "subscriptions"))
                  .as("the held queue's events are parked, not kept waiting in the outbox")
                  .isEmpty();
            });

    // the lock expires: the next check rebuilds the queue, from PostgreSQL and then the park
    redis.command(
        "EVAL",
        "return redis.call('DEL', redis.call('KEYS', ARGV[1] .. ':rebuild-lock')[1])",
        "0",
        "*{s:" + held + "}");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(sessions(app.pull(token, held, null, 100)))
                    .as("the parked events once, though the events table has them too")
                    .isEqualTo(all));
    assertThat(app.rebuilds() - rebuildsBefore).isEqualTo(1);
    app.track(shop, member, "page_view", "r", 1);
    all.add("r1");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sessions(app.pull(token, held, null, 100))).isEqualTo(all));
  }

  private static List<String> ofPrefix(List<String> sessions, String... prefixes) {
    return sessions.stream().filter(s -> List.of(prefixes).contains(s.substring(0, 1))).toList();
  }
}

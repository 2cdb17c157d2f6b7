package dev.allegro.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.streams.Apps;
import dev.allegro.streams.StreamsProperties;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The router as the outbox relay drives it, including the passes a relay that died repeats: each
 * payload stored once per tenant, each event appended once to every queue in the order it was first
 * relayed, nothing appended to a deleted queue, a payload gone counted as lost.
 */
abstract class SubscriptionRelayContract {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired TestData data;
  @Autowired Apps apps;
  @Autowired SubscriptionQueues queues;
  @Autowired SubscriptionRoutes routes;
  @Autowired SubscriptionTarget target;
  @Autowired QueueStreams streams;
  @Autowired StreamAppends appends;
  @Autowired StreamPulls pulls;
  @Autowired StreamKeys keys;
  @Autowired StringRedisTemplate redis;
  @Autowired StreamsProperties properties;

  private Tenant tenant;
  private long appId;

  private QueueStore.Queue subscribedQueue(String name) {
    if (tenant == null) {
      tenant = data.tenant("relayed" + System.nanoTime() % 100000);
      appId = apps.create("relay" + System.nanoTime(), "in-house", tenant.slug()).id();
    }
    var queue = queues.create(appId, name);
    queues.subscribe(queue, tenant.slug(), "*");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> routes.queuesFor(tenant.id(), "page_view").contains(queue.code()));
    return queue;
  }

  private static OutboxRow row(long seq, String session) {
    return new OutboxRow(
        seq,
        "{\"id\":\""
            + UUID.randomUUID()
            + "\",\"type\":\"page_view\",\"created_at\":\"2026-12-01T10:00:00Z\",\"data\":{\"a\":[1,{\"type\":\"x\"}]},\"session_id\":\""
            + session
            + "\"}");
  }

  private List<String> sessions(QueueStore.Queue queue) throws InterruptedException {
    var pulled = queues.pull(queue, null, 100, Duration.ZERO);
    var sessions = new ArrayList<String>();
    for (StreamEvent e : pulled.events()) {
      var event = JSON.readTree(new String(e.json(), StandardCharsets.UTF_8));
      var payload = event.path("payload");
      assertThat(event.path("id").asString()).isEqualTo(payload.path("id").asString());
      assertThat(event.path("type").asString()).isEqualTo(payload.path("type").asString());
      assertThat(event.path("created_at").asString())
          .isEqualTo(payload.path("created_at").asString());
      assertThat(event.path("tenant").asString()).isEqualTo(tenant.slug());
      sessions.add(payload.path("session_id").asString());
    }
    return sessions;
  }

  @Test
  void aRelayThatDiedAfterAppendingToOneQueueAppendsNothingTwiceAndLosesNothing()
      throws InterruptedException {
    var first = subscribedQueue("first");
    var second = subscribedQueue("second");
    var a = row(10, "a");
    var b = row(11, "b");
    // the first pass stored both payloads and appended them to the first queue, then died
    var refs = appends.store(tenant.id().value(), List.of(stored(a), stored(b)));
    assertThat(refs.get(1).reference()).isGreaterThan(refs.get(0).reference());
    appends.append(
        first.code(), tenant.id().value(), List.of(appended(refs.get(0)), appended(refs.get(1))));
    // the next pass also sees a row committed since, with a lower seq: it reads it first
    var c = row(9, "c");
    assertThat(target.deliver(tenant.id(), List.of(c, a, b))).isEqualTo(3);
    assertThat(sessions(first)).containsExactly("a", "b", "c");
    assertThat(sessions(second)).containsExactly("a", "b", "c");
    // and one more pass that died before deleting the rows changes nothing
    target.deliver(tenant.id(), List.of(c, a, b));
    assertThat(sessions(first)).containsExactly("a", "b", "c");
    assertThat(sessions(second)).containsExactly("a", "b", "c");
    assertThat(redis.opsForZSet().size(keys.tenantRelayed(tenant.id().value()))).isEqualTo(3);
    target.forget(tenant.id(), List.of(9L, 10L, 11L));
    assertThat(redis.opsForZSet().size(keys.tenantRelayed(tenant.id().value()))).isZero();
    assertThat(redis.opsForHash().size(keys.tenantLocations(tenant.id().value()))).isZero();
    // each payload once, in the tenant's slot, for both queues: a blob per pass that stored any
    var blobs = redis.keys(keys.blob(tenant.id().value(), "*"));
    assertThat(blobs).hasSize(2);
    // (the first pass's two rows joined by ',')
    assertThat(blobs.stream().mapToLong(k -> redis.opsForValue().size(k)).sum())
        .isEqualTo(stored(a).text().length + 1 + stored(b).text().length + stored(c).text().length);
  }

  /** The row as the relay stores it. */
  private StreamAppends.Stored stored(OutboxRow row) {
    return target.prepare(tenant.id(), tenant.slug(), row).stored();
  }

  /** The appended event of a one-event row, as the relay makes it. */
  private static StreamAppends.Appended appended(StreamAppends.Placed placed) {
    return new StreamAppends.Appended(placed.reference(), placed.locations().get(0), "");
  }

  @Test
  void aQueueARebuildHoldsParksWhatTheRelayBringsAndTheTenantsOtherQueuesDoNotWait()
      throws InterruptedException {
    var held = subscribedQueue("held");
    var other = subscribedQueue("going");
    var a = row(60, "a");
    var b = row(61, "b");
    var c = row(62, "c");
    var d = row(63, "d");
    target.deliver(tenant.id(), List.of(a));
    rebuildScript("rebuild-hold", held, "first");
    target.deliver(tenant.id(), List.of(b, c));
    target.deliver(tenant.id(), List.of(b, c)); // a pass that died before deleting them
    assertThat(sessions(other)).containsExactly("a", "b", "c");
    assertThat(sessions(held)).isEmpty();
    var parked = new ParkedIds(redis, keys.park(held.code()));
    assertThat(parked.of(tenant.id().value())).containsExactlyInAnyOrder(id(b), id(c));

    // the rebuild's node died: the one that takes over keeps what was parked
    rebuildScript("rebuild-hold", held, "second");
    target.deliver(tenant.id(), List.of(b, c, d));
    assertThat(parked.of(tenant.id().value())).containsExactlyInAnyOrder(id(b), id(c), id(d));
    assertThat(redis.opsForStream().size(keys.park(held.code()))).isEqualTo(2);
    assertThat(rebuildScript("rebuild-unpark", held, "first", "10"))
        .as("the rebuild that died no longer holds the queue")
        .isEqualTo(-1);
    // it restores what it read from PostgreSQL (here, a as the relay stored it), then the park
    var at = appends.store(tenant.id().value(), List.of(stored(a))).getFirst().locations().get(0);
    String els = at.blob() + ":" + at.offset() + ":" + at.length();
    assertThat(
            redis.execute(
                StreamRedis.script("rebuild-append", Long.class),
                List.of(
                    keys.stream(held.code()), keys.meta(held.code()), keys.tombstone(held.code())),
                "second",
                Long.toString(tenant.id().value()),
                "1",
                els))
        .isEqualTo(1);
    assertThat(rebuildScript("rebuild-unpark", held, "second", "1"))
        .as("one entry moved, one kept")
        .isEqualTo(1);
    assertThat(rebuildScript("rebuild-release", held, "second", "generation")).isEqualTo(4);
    assertThat(sessions(held)).containsExactly("a", "b", "c", "d");
    assertThat(redis.hasKey(keys.park(held.code()))).isFalse();

    // released, the relay appends again, nothing it parked twice
    target.deliver(tenant.id(), List.of(b, c, d, row(64, "e")));
    assertThat(sessions(held)).containsExactly("a", "b", "c", "d", "e");
    assertThat(sessions(other)).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void aQueueARebuildOfAnEarlierVersionHoldsKeepsTheTenantsRowsWaitingInTheOutbox()
      throws InterruptedException {
    var held = subscribedQueue("held-before-parks");
    target.deliver(tenant.id(), List.of(row(70, "a")));
    // as rebuild-hold.lua held a queue before parks came: no 'parks'
    redis.opsForHash().put(keys.meta(held.code()), "hold", "earlier");
    assertThatThrownBy(() -> target.deliver(tenant.id(), List.of(row(71, "b"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wait in the outbox");
    assertThat(redis.hasKey(keys.park(held.code()))).isFalse();
    redis.opsForHash().delete(keys.meta(held.code()), "hold");
    target.deliver(tenant.id(), List.of(row(71, "b")));
    assertThat(sessions(held)).containsExactly("a", "b");
  }

  /** Runs one of {@link StreamRebuild}'s scripts on the queue, with the keys it takes. */
  private Long rebuildScript(String name, QueueStore.Queue queue, String... args) {
    UUID code = queue.code();
    var scriptKeys =
        switch (name) {
          case "rebuild-hold" ->
              List.of(
                  keys.stream(code),
                  keys.meta(code),
                  keys.cursor(code),
                  keys.tombstone(code),
                  keys.park(code));
          case "rebuild-unpark" ->
              List.of(keys.stream(code), keys.meta(code), keys.park(code), keys.tombstone(code));
          default -> List.of(keys.stream(code), keys.meta(code), keys.park(code));
        };
    return redis.execute(StreamRedis.script(name, Long.class), scriptKeys, (Object[]) args);
  }

  private static String id(OutboxRow row) {
    return SubscriptionTarget.fields(row.json())[0];
  }

  @Test
  void aDeletedQueueTakesNothingFromARelayStillRoutingToItAndLeavesNoKey() {
    var queue = subscribedQueue("deleted");
    target.deliver(tenant.id(), List.of(row(20, "before")));
    assertThat(redis.hasKey(keys.stream(queue.code()))).isTrue();
    // a relay that read its routes before the deletion appends after it
    var late = stored(row(21, "late"));
    queues.delete(queue);
    // and a node that had not heard of the deletion pulls: nothing is written
    assertThat(pulls.pull(queue.code(), null, 10)).isInstanceOf(StreamPulls.Read.Gone.class);
    var refs = appends.store(tenant.id().value(), List.of(late));
    assertThat(appends.append(queue.code(), tenant.id().value(), List.of(appended(refs.get(0)))))
        .isZero();
    assertThat(redis.keys(keys.stream(queue.code()).replace(":stream", ":*")))
        .containsExactly(keys.tombstone(queue.code()));
  }

  @Test
  void anEventWhosePayloadIsGoneIsNeverSilentlyDropped() {
    var queue = subscribedQueue("lost");
    target.deliver(tenant.id(), List.of(row(30, "gone")));
    var blobs = redis.keys(keys.blob(tenant.id().value(), "*"));
    target.deliver(tenant.id(), List.of(row(31, "kept")));
    redis.delete(blobs);

    // appended a moment ago, it was lost by Redis: the read stops before it, for a rebuild
    var young = (StreamPulls.Read.Events) pulls.pull(queue.code(), null, 10);
    assertThat(young.lost()).isTrue();
    assertThat(young.entries()).isEmpty();
    assertThat(young.expiredSkipped()).isZero();

    // read more than a day later, it was lost to retention: counted, and acknowledged past
    var later =
        new StreamPulls(
            redis, keys, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)), properties);
    var old = (StreamPulls.Read.Events) later.pull(queue.code(), null, 10);
    assertThat(old.lost()).isFalse();
    assertThat(old.expiredSkipped()).isEqualTo(1);
    assertThat(old.entries()).hasSize(1);
    var ack = new AckIds.Ack(old.version(), old.last().id(), old.last().n());
    var next = (StreamPulls.Read.Events) later.pull(queue.code(), ack, 10);
    assertThat(next.entries()).isEmpty();
    assertThat(next.expiredSkipped()).isZero();
  }

  @Test
  void aPullTakesPartOfAnEntryAndCrossesIntoTheNextInOrder() throws InterruptedException {
    var queue = subscribedQueue("entries");
    target.deliver(tenant.id(), List.of(row(40, "a"), row(41, "b"), row(42, "c")));
    target.deliver(tenant.id(), List.of(row(43, "d"), row(44, "e")));
    assertThat(redis.opsForStream().size(keys.stream(queue.code()))).isEqualTo(2);
    var first = queues.pull(queue, null, 2, Duration.ZERO);
    assertThat(payloadSessions(first)).containsExactly("a", "b");
    var second = queues.pull(queue, first.ackId(), 2, Duration.ZERO);
    assertThat(payloadSessions(second)).containsExactly("c", "d");
    assertThat(streams.depth(queue.code()).unacknowledged()).isEqualTo(3);
    var third = queues.pull(queue, second.ackId(), 10, Duration.ZERO);
    assertThat(payloadSessions(third)).containsExactly("e");
    // the first ack_id is from before the last move
    assertThat(pulls.pull(queue.code(), ack(queue, first), 10))
        .isInstanceOf(StreamPulls.Read.Conflict.class);
    queues.pull(queue, third.ackId(), 10, Duration.ZERO);
    assertThat(streams.depth(queue.code()).unacknowledged()).isZero();
  }

  @Autowired AckIds ackIds;

  private AckIds.Ack ack(QueueStore.Queue queue, SubscriptionQueues.Pulled pulled) {
    return ackIds.verify(queue.code(), pulled.ackId()).orElseThrow();
  }

  private static List<String> payloadSessions(SubscriptionQueues.Pulled pulled) {
    return pulled.events().stream()
        .map(e -> JSON.readTree(new String(e.json(), StandardCharsets.UTF_8)))
        .map(p -> p.path("payload").path("session_id").asString())
        .toList();
  }

  /** A row of several events, one per line, as the outbox writes one commit's for this target. */
  private OutboxRow grouped(long seq, String type, String... sessions) {
    var lines = new ArrayList<String>();
    for (String session : sessions) {
      String json =
          row(seq, session).json().replace("\"type\":\"page_view\"", "\"type\":\"" + type + "\"");
      var fields = SubscriptionTarget.fields(json);
      lines.add(
          target.line(
              new Committed.Event(
                  tenant.id(), UUID.fromString(fields[0]), type, null, fields[2], json)));
    }
    return new OutboxRow(seq, String.join("\n", lines), lines.size());
  }

  @Test
  void aRowOfManyEventsIsStoredOnceAndEachOfItsEventsAppendedOnceInOrder()
      throws InterruptedException {
    var all = subscribedQueue("all");
    var views = queues.create(appId, "views");
    queues.subscribe(views, tenant.slug(), "page_view");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> routes.queuesFor(tenant.id(), "page_view").contains(views.code()));
    // payloads with characters of several bytes: locations count bytes, not characters
    var first = grouped(50, "page_view", "é1", "日本2", "3");
    var clicks = grouped(51, "click", "c1", "c2");
    // the first pass stored the first row and appended it to one queue, then died
    var firstStored = stored(first);
    var refs = appends.store(tenant.id().value(), List.of(firstStored));
    var events = new ArrayList<StreamAppends.Appended>();
    for (int i = 0; i < 3; i++) {
      events.add(
          new StreamAppends.Appended(
              refs.getFirst().reference() + i, refs.getFirst().locations().get(i), ""));
    }
    appends.append(all.code(), tenant.id().value(), events);
    // the next pass: both rows
    assertThat(target.deliver(tenant.id(), List.of(first, clicks))).isEqualTo(2);
    assertThat(sessions(all)).containsExactly("é1", "日本2", "3", "c1", "c2");
    assertThat(sessions(views)).containsExactly("é1", "日本2", "3");
    // and a pass that died before deleting them changes nothing
    target.deliver(tenant.id(), List.of(first, clicks));
    assertThat(sessions(all)).containsExactly("é1", "日本2", "3", "c1", "c2");
    assertThat(sessions(views)).containsExactly("é1", "日本2", "3");
    // each event once, as pulls answer it, and one member per row
    var blobs = redis.keys(keys.blob(tenant.id().value(), "*"));
    assertThat(blobs.stream().mapToLong(k -> redis.opsForValue().size(k)).sum())
        .isEqualTo(firstStored.text().length + stored(clicks).text().length);
    assertThat(redis.opsForZSet().size(keys.tenantRelayed(tenant.id().value()))).isEqualTo(2);
  }

  @Test
  void aQueueTakingSomeOfARowsEventsReadsThemAcrossTheGapsInOrder() throws InterruptedException {
    var all = subscribedQueue("mixed-all");
    var views = queues.create(appId, "mixed-views");
    queues.subscribe(views, tenant.slug(), "page_view");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> routes.queuesFor(tenant.id(), "page_view").contains(views.code()));
    var lines = new ArrayList<String>();
    for (String type : new String[] {"page_view", "click", "page_view", "click", "page_view"}) {
      lines.add(
          row(70, "m" + lines.size())
              .json()
              .replace("\"type\":\"page_view\"", "\"type\":\"" + type + "\""));
    }
    target.deliver(tenant.id(), List.of(new OutboxRow(70, String.join("\n", lines), 5)));
    assertThat(sessions(all)).containsExactly("m0", "m1", "m2", "m3", "m4");
    // three runs in one blob for this queue; a pull may end and start within them
    var first = queues.pull(views, null, 2, Duration.ZERO);
    assertThat(payloadSessions(first)).containsExactly("m0", "m2");
    var rest = queues.pull(views, first.ackId(), 10, Duration.ZERO);
    assertThat(payloadSessions(rest)).containsExactly("m4");
  }

  /**
   * Appends an entry as the version that stored payloads only did: the payloads one after the other
   * in one blob of the tenant, the entry naming each (its id, type, time and location).
   */
  private void payloadsOnlyEntry(QueueStore.Queue queue, String blob, String... payloads) {
    long t = tenant.id().value();
    redis.opsForValue().set(keys.blob(t, blob), String.join("", payloads));
    var ids = new ArrayList<String>();
    var types = new ArrayList<String>();
    var times = new ArrayList<String>();
    var locations = new ArrayList<String>();
    int offset = 0;
    for (String payload : payloads) {
      ids.add(SubscriptionTarget.fields(payload)[0]);
      types.add("page_view");
      times.add("2026-12-01T10:00:00Z");
      locations.add(blob + ":" + offset + ":" + payload.length());
      offset += payload.length();
    }
    Object before = redis.opsForHash().get(keys.meta(queue.code()), "n");
    long n = (before == null ? 0 : Long.parseLong(before.toString())) + payloads.length;
    redis
        .opsForStream()
        .add(
            keys.stream(queue.code()),
            Map.of(
                "n", Long.toString(n),
                "c", Integer.toString(payloads.length),
                "t", Long.toString(t),
                "tenant", tenant.slug(),
                "ids", String.join(",", ids),
                "types", String.join(",", types),
                "times", String.join(",", times),
                "locs", String.join(",", locations)));
    redis.opsForHash().put(keys.meta(queue.code()), "n", Long.toString(n));
  }

  @Test
  void aRowTheVersionBeforeStoredAndAppendedIsNotAppendedAgain() throws InterruptedException {
    var queue = subscribedQueue("upgraded");
    var before = row(80, "before");
    long t = tenant.id().value();
    String json = before.json();
    // what a relay of the version that stored payloads only left when it died before deleting
    // the row: its reference, its payload's location, and the entry it appended
    long reference = System.currentTimeMillis() * 1000;
    redis.opsForZSet().add(keys.tenantRelayed(t), "80", reference);
    redis.opsForHash().put(keys.tenantLocations(t), "80", "old.2:0:" + json.length());
    redis.opsForValue().set(keys.tenantReference(t), Long.toString(reference));
    payloadsOnlyEntry(queue, "old.2", json);
    redis.opsForHash().put(keys.meta(queue.code()), "r:" + t, Long.toString(reference));
    // this version's relay passes the row again, with one committed since
    target.deliver(tenant.id(), List.of(before, row(81, "after")));
    assertThat(sessions(queue)).containsExactly("before", "after");
  }

  @Test
  void entriesAppendedInTheFormatsBeforeEventsWereStoredAsAnsweredAreStillPulled()
      throws InterruptedException {
    var queue = subscribedQueue("older");
    var inline = row(60, "inline").json();
    var b = row(61, "b").json();
    var c = row(62, "c").json();
    // the first format: one event in its entry
    redis
        .opsForStream()
        .add(
            keys.stream(queue.code()),
            Map.of(
                "n",
                "1",
                "id",
                SubscriptionTarget.fields(inline)[0],
                "tenant",
                tenant.slug(),
                "type",
                "page_view",
                "created_at",
                "2026-12-01T10:00:00Z",
                "payload",
                inline));
    // the second: payloads only in a blob, the entry naming them
    redis.opsForHash().put(keys.meta(queue.code()), "n", "1");
    payloadsOnlyEntry(queue, "old.1", b, c);
    target.deliver(tenant.id(), List.of(row(63, "new")));
    assertThat(sessions(queue)).containsExactly("inline", "b", "c", "new");
  }

  @Test
  void theFieldsAreReadFromTheTopLevelOnly() {
    assertThat(
            SubscriptionTarget.fields(
                "{\"data\":{\"type\":\"inner\",\"id\":\"no\"},\"type\":\"click\",\"id\":\"e1\",\"created_at\":\"t\"}"))
        .containsExactly("e1", "click", "t");
    assertThat(SubscriptionTarget.fields("{\"id\":\"e2\"}")).containsExactly("e2", "", "");
  }
}

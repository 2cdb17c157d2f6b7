package dev.allegro.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.outbox.OutboxRow;
import dev.allegro.streams.Apps;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  @Autowired StreamKeys keys;
  @Autowired StringRedisTemplate redis;

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
      var payload = JSON.readTree(new String(e.payload(), StandardCharsets.UTF_8));
      assertThat(e.id()).isEqualTo(payload.path("id").asString());
      assertThat(e.type()).isEqualTo(payload.path("type").asString());
      assertThat(e.createdAt()).isEqualTo(payload.path("created_at").asString());
      assertThat(e.tenant()).isEqualTo(tenant.slug());
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
    var refs = streams.store(tenant.id().value(), List.of(stored(a), stored(b)));
    assertThat(refs.get(1).reference()).isGreaterThan(refs.get(0).reference());
    streams.append(
        first.code(),
        tenant.id().value(),
        tenant.slug(),
        List.of(appended(refs.get(0), a), appended(refs.get(1), b)));
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
    assertThat(blobs.stream().mapToLong(k -> redis.opsForValue().size(k)).sum())
        .isEqualTo(a.json().length() + b.json().length() + c.json().length());
  }

  private static QueueStreams.Stored stored(OutboxRow row) {
    return new QueueStreams.Stored(
        row.seq(), row.items(), row.json().getBytes(StandardCharsets.UTF_8));
  }

  /** The appended event of a one-event row, as the relay makes it. */
  private QueueStreams.Appended appended(QueueStreams.Placed placed, OutboxRow row) {
    String[] f = SubscriptionTarget.fields(row.json());
    return new QueueStreams.Appended(
        placed.reference(),
        f[0],
        f[1],
        f[2],
        placed.location(0, row.json().getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void aDeletedQueueTakesNothingFromARelayStillRoutingToItAndLeavesNoKey() {
    var queue = subscribedQueue("deleted");
    target.deliver(tenant.id(), List.of(row(20, "before")));
    assertThat(redis.hasKey(keys.stream(queue.code()))).isTrue();
    queues.delete(queue);
    // a relay that read its routes before the deletion appends now
    var late = row(21, "late");
    var refs = streams.store(tenant.id().value(), List.of(stored(late)));
    assertThat(
            streams.append(
                queue.code(),
                tenant.id().value(),
                tenant.slug(),
                List.of(appended(refs.get(0), late))))
        .isZero();
    assertThat(redis.keys(keys.stream(queue.code()).replace(":stream", ":*")))
        .containsExactly(keys.tombstone(queue.code()));
  }

  @Test
  void anEventWhosePayloadIsGoneIsCountedAsLostNeverSilentlyDropped() throws InterruptedException {
    var queue = subscribedQueue("lost");
    target.deliver(tenant.id(), List.of(row(30, "gone")));
    var blobs = redis.keys(keys.blob(tenant.id().value(), "*"));
    target.deliver(tenant.id(), List.of(row(31, "kept")));
    redis.delete(blobs);
    var pulled = queues.pull(queue, null, 10, Duration.ZERO);
    assertThat(pulled.expiredSkipped()).isEqualTo(1);
    assertThat(pulled.events()).hasSize(1);
    // acknowledging moves past both
    var next = queues.pull(queue, pulled.ackId(), 10, Duration.ZERO);
    assertThat(next.events()).isEmpty();
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
    assertThat(streams.pull(queue.code(), ack(queue, first), 10))
        .isInstanceOf(QueueStreams.Read.Conflict.class);
    queues.pull(queue, third.ackId(), 10, Duration.ZERO);
    assertThat(streams.depth(queue.code()).unacknowledged()).isZero();
  }

  @Autowired AckIds ackIds;

  private AckIds.Ack ack(QueueStore.Queue queue, SubscriptionQueues.Pulled pulled) {
    return ackIds.verify(queue.code(), pulled.ackId()).orElseThrow();
  }

  private static List<String> payloadSessions(SubscriptionQueues.Pulled pulled) {
    return pulled.events().stream()
        .map(e -> JSON.readTree(new String(e.payload(), StandardCharsets.UTF_8)))
        .map(p -> p.path("session_id").asString())
        .toList();
  }

  /** A row of several events, one per line, as the outbox groups one commit's for a tenant. */
  private static OutboxRow grouped(long seq, String type, String... sessions) {
    var lines = new ArrayList<String>();
    for (String session : sessions) {
      lines.add(
          row(seq, session).json().replace("\"type\":\"page_view\"", "\"type\":\"" + type + "\""));
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
    var refs = streams.store(tenant.id().value(), List.of(stored(first)));
    var text = first.json().getBytes(StandardCharsets.UTF_8);
    var events = new ArrayList<QueueStreams.Appended>();
    int start = 0;
    for (int i = 0; i < 3; i++) {
      String line = first.each().get(i);
      int length = line.getBytes(StandardCharsets.UTF_8).length;
      String[] f = SubscriptionTarget.fields(line);
      events.add(
          new QueueStreams.Appended(
              refs.getFirst().reference() + i,
              f[0],
              f[1],
              f[2],
              refs.getFirst().location(start, length)));
      start += length + 1;
    }
    streams.append(all.code(), tenant.id().value(), tenant.slug(), events);
    // the next pass: both rows
    assertThat(target.deliver(tenant.id(), List.of(first, clicks))).isEqualTo(2);
    assertThat(sessions(all)).containsExactly("é1", "日本2", "3", "c1", "c2");
    assertThat(sessions(views)).containsExactly("é1", "日本2", "3");
    // and a pass that died before deleting them changes nothing
    target.deliver(tenant.id(), List.of(first, clicks));
    assertThat(sessions(all)).containsExactly("é1", "日本2", "3", "c1", "c2");
    // the payloads once, as sent, and one member per row
    var blobs = redis.keys(keys.blob(tenant.id().value(), "*"));
    assertThat(blobs.stream().mapToLong(k -> redis.opsForValue().size(k)).sum())
        .isEqualTo(text.length + clicks.json().getBytes(StandardCharsets.UTF_8).length);
    assertThat(redis.opsForZSet().size(keys.tenantRelayed(tenant.id().value()))).isEqualTo(2);
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

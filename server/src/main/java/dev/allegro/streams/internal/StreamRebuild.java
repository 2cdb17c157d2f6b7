package dev.allegro.streams.internal;

import dev.allegro.outbox.Outbox;
import dev.allegro.outbox.OutboxMetrics;
import dev.allegro.streams.StreamsProperties;
import dev.allegro.streams.internal.CheckpointStore.Checkpoint;
import dev.allegro.streams.internal.QueueStore.TenantRoute;
import dev.allegro.system.scheduling.ClusterLock;
import dev.allegro.tracking.StoredEvents;
import dev.allegro.tracking.StoredEvents.Stored;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a subscription queue's stream that Redis lost, from the {@code events} table: the events
 * of its routes received since its consumer's acknowledged position (less the overlap, {@code
 * SUBSCRIPTION_REBUILD_OVERLAP}, and no further back than the retention), in interaction time order
 * across its tenants, without those the relay brings, which follow them.
 *
 * <p>While it runs the queue is held: the relay parks what it brings for it (park.lua) rather than
 * appending it, so the tenants' other queues go on, and a relay pass that began before is waited
 * for. Every event is then in the outbox, parked, or in the {@code events} table with its row gone:
 * the rebuild reads the last kind, and appends what was parked after it. A rebuild whose node died
 * is done again from the start by the next check, what was parked kept.
 */
@Component
class StreamRebuild {

  private static final Logger log = LoggerFactory.getLogger(StreamRebuild.class);

  /** Events read at a time, per tenant. */
  static final int PAGE = 1000;

  /** Events in one entry at most. */
  static final int ENTRY = 1000;

  /** Parked entries moved to the stream at a time. */
  private static final int UNPARK_STEP = 1000;

  private static final Duration LOCK_TTL = Duration.ofSeconds(60);

  /** How far past now a rebuild reads: an event stamped by a node whose clock runs ahead. */
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

  private static final Comparator<Stored> ORDER =
      Comparator.comparing(Stored::createdAt).thenComparing(Stored::id);

  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final ClusterLock locks;
  private final QueueStore queues;
  private final CheckpointStore checkpoints;
  private final QueueStreams streams;
  private final StoredEvents events;
  private final Outbox outbox;
  private final OutboxMetrics metrics;
  private final Clock clock;
  private final Duration retention;
  private final Duration overlap;
  private final RebuiltEntries entries;
  private final RedisScript<Long> hold = StreamRedis.script("rebuild-hold", Long.class);
  private final RedisScript<Long> unpark = StreamRedis.script("rebuild-unpark", Long.class);
  private final RedisScript<Long> release = StreamRedis.script("rebuild-release", Long.class);

  StreamRebuild(
      StringRedisTemplate redis,
      StreamKeys keys,
      RebuiltEntries entries,
      ClusterLock locks,
      QueueStore queues,
      CheckpointStore checkpoints,
      QueueStreams streams,
      StoredEvents events,
      Outbox outbox,
      OutboxMetrics metrics,
      Clock clock,
      StreamsProperties properties) {
    this.redis = redis;
    this.keys = keys;
    this.entries = entries;
    this.locks = locks;
    this.queues = queues;
    this.checkpoints = checkpoints;
    this.streams = streams;
    this.events = events;
    this.outbox = outbox;
    this.metrics = metrics;
    this.clock = clock;
    this.retention = properties.retention();
    this.overlap = properties.rebuildOverlap();
  }

  /**
   * Rebuilds the queue when its stream is lost or held by a rebuild that died; does nothing when
   * another node rebuilds it or it is as recorded (it was rebuilt meanwhile).
   *
   * @return the events it holds again, or -1 when nothing was done
   */
  long rebuild(UUID queue) {
    var held = locks.acquire(redis, keys.rebuildLock(queue), LOCK_TTL);
    if (held.isEmpty()) {
      return -1;
    }
    try {
      var checkpoint = checkpoints.find(queue).orElse(null);
      if (checkpoint == null) {
        return -1; // deleted
      }
      var state =
          streams.state(
              queue, checkpoint.generation(), checkpoint.appended(), UUID.randomUUID().toString());
      if (state.kind() == QueueStreams.State.Kind.OK) {
        return -1;
      }
      return refill(checkpoint, state, () -> held.get().extend(LOCK_TTL));
    } finally {
      held.get().close();
    }
  }

  private interface Lease {
    boolean extend();
  }

  private long refill(Checkpoint checkpoint, QueueStreams.State state, Lease lease) {
    UUID queue = checkpoint.queue();
    String token = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Instant from = later(checkpoint.position().minus(overlap), now.minus(retention));
    Instant until = now.plus(CLOCK_MARGIN);
    Long holding =
        redis.execute(
            hold,
            List.of(
                keys.stream(queue),
                keys.meta(queue),
                keys.cursor(queue),
                keys.tombstone(queue),
                keys.park(queue)),
            token,
            // Redis lost data of the tenants' slots: what was parked may name stored events gone
            CheckpointStore.LOST.equals(checkpoint.generation()) ? "fresh" : "");
    if (holding == null || holding == 0) {
      return -1; // deleted
    }
    var routes = queues.routesOf(queue);
    var heads = new PriorityQueue<RebuildSource>(Comparator.comparing(RebuildSource::head, ORDER));
    for (TenantRoute route : routes) {
      // a pass that began before the hold may still append, not park, and delete its rows
      outbox.awaitRelay(route.tenant(), SubscriptionTarget.NAME);
      if (!lease.extend()) {
        return stopped(queue);
      }
    }
    var parked = new ParkedIds(redis, keys.park(queue));
    for (TenantRoute route : routes) {
      var source =
          new RebuildSource(events, outbox, parked, route, later(from, route.since()), until);
      if (source.head() != null) {
        heads.add(source);
      }
      if (!lease.extend()) {
        return stopped(queue);
      }
    }
    long appended = 0;
    while (!heads.isEmpty()) {
      RebuildSource source = heads.poll();
      Stored bound = heads.isEmpty() ? null : heads.peek().head();
      var entry = new ArrayList<Stored>();
      while (source.head() != null
          && entry.size() < ENTRY
          && (bound == null || ORDER.compare(source.head(), bound) <= 0)) {
        entry.add(source.next());
      }
      long holds = entries.append(queue, token, source.route, entry);
      if (holds != appended + entry.size()) {
        // -1: no longer held; fewer: Redis lost the rebuild's writes (the next check redoes it)
        return stopped(queue);
      }
      appended = holds;
      if (!lease.extend()) {
        return stopped(queue);
      }
      if (source.head() != null) {
        heads.add(source);
      }
    }
    Object holds = redis.opsForHash().get(keys.meta(queue), "n");
    if (holds == null || Long.parseLong(holds.toString()) != appended) {
      return stopped(queue); // Redis lost the rebuild's last writes (or the queue)
    }
    var moving =
        List.of(keys.stream(queue), keys.meta(queue), keys.park(queue), keys.tombstone(queue));
    long left;
    do {
      Long kept = redis.execute(unpark, moving, token, Integer.toString(UNPARK_STEP));
      left = kept == null ? -1 : kept;
      if (left < 0 || !lease.extend()) {
        return stopped(queue);
      }
    } while (left > UNPARK_STEP);
    String generation = UUID.randomUUID().toString();
    Long total = redis.execute(release, moving.subList(0, 3), token, generation);
    if (total == null || total < 0) {
      return -1;
    }
    // released: the relay appends to the queue again, what waited for it too
    routes.forEach(route -> outbox.wake(route.tenant(), SubscriptionTarget.NAME));
    if (!checkpoints.rebuilt(queue, generation, total, from, checkpoint)) {
      log.warn(
          "Subscription queue {}: Redis lost data again while it was rebuilt; the next check"
              + " rebuilds it again",
          queue);
      return total;
    }
    metrics.rebuilt(SubscriptionTarget.NAME, appended);
    log.warn(
        "Subscription queue {}: Redis lost data of its stream or of its tenants' slots (it held"
            + " {} of the {} events recorded); rebuilt {} events of {} tenants from PostgreSQL,"
            + " received since {}, followed by the {} relayed meanwhile; its consumer pulls again"
            + " without an ack_id",
        queue,
        state.appended(),
        checkpoint.appended(),
        appended,
        routes.size(),
        from,
        total - appended);
    return total;
  }

  private static long stopped(UUID queue) {
    log.warn(
        "Rebuilding subscription queue {} stopped (deleted, taken over by another node, or Redis"
            + " lost its writes); the next check does it again if it is still lost",
        queue);
    return -1;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

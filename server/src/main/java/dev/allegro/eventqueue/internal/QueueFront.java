package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.QueueKind;
import dev.allegro.features.FeatureFlags;
import dev.allegro.outbox.Outbox;
import dev.allegro.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.stereotype.Component;

/** The front of a tenant's queue, as the seed's API reads and trims it: exact counts. */
@Component
class QueueFront {

  private static final long RECHECK_MILLIS = 100;
  private static final Logger log = LoggerFactory.getLogger(QueueFront.class);

  private final QueueRedis redis;
  private final QueueKeys keys;
  private final QueueScripts scripts;
  private final QueueSignals signals;
  private final Outbox outbox;
  private final FeatureFlags flags;
  private final Clock clock;

  QueueFront(
      QueueRedis redis,
      QueueKeys keys,
      QueueScripts scripts,
      QueueSignals signals,
      Outbox outbox,
      FeatureFlags flags,
      Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.scripts = scripts;
    this.signals = signals;
    this.outbox = outbox;
    this.flags = flags;
    this.clock = clock;
  }

  /**
   * Up to {@code limit} items from the front, removing nothing; with a wait, blocks until at least
   * one is there or the wait is over. Empty while the queue's feature is off.
   */
  List<byte[]> read(TenantId tenant, QueueKind kind, int limit, Duration wait)
      throws InterruptedException {
    if (!flags.isActive(kind.flag(), tenant)) {
      return List.of();
    }
    byte[] queue = keys.queue(tenant, kind).getBytes(StandardCharsets.UTF_8);
    long deadline = clock.millis() + wait.toMillis();
    while (true) {
      // Raw bytes: the stored JSON goes into the response as it is, never decoded.
      List<byte[]> items =
          redis
              .template()
              .execute(
                  (RedisCallback<List<byte[]>>)
                      connection -> connection.listCommands().lRange(queue, 0, limit - 1));
      long left = deadline - clock.millis();
      if ((items != null && !items.isEmpty()) || left <= 0) {
        return items == null ? List.of() : items;
      }
      // Another node's push is seen at the next re-check; this node's wakes us at once.
      signals.await(tenant, kind, Math.min(left, RECHECK_MILLIS));
    }
  }

  /**
   * Removes {@code count} items (all, when fewer) from the front; with {@code lastId}, only if the
   * count-th item carries it. The outbox is told, so that it stops keeping their rows.
   *
   * @return false when {@code lastId} did not match and nothing was removed
   */
  boolean removeFirst(TenantId tenant, QueueKind kind, long count, String lastId) {
    if (!flags.isActive(kind.flag(), tenant)) {
      return true;
    }
    long removed =
        scripts.removeFirst(redis, keys.queue(tenant, kind), count, lastId, kind.idField());
    if (removed < 0) {
      return false;
    }
    try {
      outbox.consumed(tenant, kind.key(), removed);
    } catch (RuntimeException e) {
      // The items are gone from the queue, and a retried DELETE would remove more: the removal
      // stands. Their rows stay in the outbox, and a rebuild of this queue would bring them back.
      log.warn(
          "Could not record that {} items left tenant {}'s {} queue",
          removed,
          tenant.value(),
          kind.key(),
          e);
    }
    outbox.wake(tenant, kind.key()); // items held back by the cap may fit now
    return true;
  }
}

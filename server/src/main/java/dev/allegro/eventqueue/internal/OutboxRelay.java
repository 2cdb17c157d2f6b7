package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.OutboxMetrics;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.BackgroundThread;
import dev.allegro.system.scheduling.ClusterLock;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves committed outbox items onto their Redis queues, in commit order, each exactly once.
 *
 * <p>Ingestion wakes it after each commit; a sweep every second catches what a wake-up missed:
 * items left while Redis was down, items of another node that died, items held back by a full
 * queue. One relay at a time pushes a given queue, across all nodes (a Redis lock); the push script
 * remembers which outbox rows it pushed until their deletion is confirmed, so a relay that dies
 * between the push and the delete never pushes them twice.
 *
 * <p>It stops after the event writer, which wakes it after its last commit; what it has not pushed
 * by then waits in the outbox for the next node, so stopping interrupts it.
 */
@Component
public class OutboxRelay extends BackgroundThread {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration LOCK_TTL = Duration.ofSeconds(30);

  private record Work(TenantId tenant, QueueKind queue) {}

  private final OutboxStore store;
  private final OutboxDrain drain;
  private final OutboxMetrics metrics;
  private final QueueRedis redis;
  private final ClusterLock locks;
  private final QueueKeys keys;
  private final boolean enabled;
  private final LinkedBlockingQueue<Work> work = new LinkedBlockingQueue<>();
  private volatile boolean failing;

  OutboxRelay(
      OutboxStore store,
      OutboxDrain drain,
      OutboxMetrics metrics,
      QueueRedis redis,
      ClusterLock locks,
      QueueKeys keys,
      AllegroProperties properties) {
    super("outbox-relay", -1, Duration.ofSeconds(10), OnStop.INTERRUPT);
    this.store = store;
    this.drain = drain;
    this.metrics = metrics;
    this.redis = redis;
    this.locks = locks;
    this.keys = keys;
    this.enabled = !properties.roles().isEmpty();
  }

  public void wake(TenantId tenant, QueueKind queue) {
    offer(new Work(tenant, queue));
  }

  private void offer(Work item) {
    if (!work.contains(item)) {
      work.offer(item);
    }
  }

  /** Queues every queue with items in the outbox for relaying ({@link OutboxSweep} calls it). */
  void sweep() {
    if (!isRunning()) {
      return;
    }
    try {
      store.pending().forEach(p -> offer(new Work(p.tenant(), p.queue())));
    } catch (RuntimeException e) {
      log.warn("Outbox sweep failed; retrying", e);
    }
  }

  @Override
  protected boolean enabled() {
    return enabled;
  }

  @Override
  protected void loop() {
    while (!stopRequested()) {
      try {
        Work next = work.poll(1, TimeUnit.SECONDS);
        if (next != null) {
          relaySafely(next);
        }
      } catch (InterruptedException e) {
        // stop() interrupts; the loop's condition ends it
      }
    }
  }

  /** One queue's failure never stops the others; the sweep retries it. */
  private void relaySafely(Work item) {
    try {
      relay(item);
    } catch (RuntimeException e) {
      metrics.failed(item.queue());
      if (!failing) {
        log.warn("Relaying to the queues failed; items wait in the outbox and are retried", e);
      }
      failing = true;
    }
  }

  private void relay(Work item) {
    String lock = keys.relayLock(item.tenant(), item.queue());
    var held = locks.acquire(redis.template(), lock, LOCK_TTL);
    if (held.isEmpty()) {
      return; // another node is relaying this queue; the sweep looks again
    }
    try {
      drain.drain(item.tenant(), item.queue());
      if (failing) {
        log.info("Relaying to the queues works again");
        failing = false;
      }
    } finally {
      held.get().close();
    }
  }
}

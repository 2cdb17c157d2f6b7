package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.EventQueueProperties;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.scheduling.ClusterLock;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Moves committed outbox items onto their Redis queues, in commit order, each exactly once.
 *
 * <p>Ingestion wakes it after each commit; a sweep every second catches what a wake-up missed:
 * items left while Redis was down, items of another node that died, items held back by a full
 * queue. One relay at a time pushes a given queue, across all nodes (a Redis lock); the push script
 * remembers which outbox rows it pushed until their deletion is confirmed, so a relay that dies
 * between the push and the delete never pushes them twice.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 1000;
  private static final Duration LOCK_TTL = Duration.ofSeconds(30);

  private record Work(TenantId tenant, QueueKind queue) {}

  private final OutboxStore store;
  private final QueueRedis redis;
  private final QueueScripts scripts;
  private final QueueKeys keys;
  private final QueueSignals signals;
  private final ClusterLock locks;
  private final long cap;
  private final boolean enabled;
  private final LinkedBlockingQueue<Work> work = new LinkedBlockingQueue<>();
  private volatile Thread thread;
  private volatile boolean failing;

  OutboxRelay(
      OutboxStore store,
      QueueRedis redis,
      QueueScripts scripts,
      QueueKeys keys,
      QueueSignals signals,
      ClusterLock locks,
      EventQueueProperties queueProperties,
      AllegroProperties properties) {
    this.store = store;
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.signals = signals;
    this.locks = locks;
    this.cap = queueProperties.cap();
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

  /** Queues every queue with items in the outbox for relaying (OutboxSweep calls it). */
  void sweep() {
    if (thread == null) {
      return;
    }
    try {
      store.pending().forEach(p -> offer(new Work(p.tenant(), p.queue())));
    } catch (RuntimeException e) {
      log.warn("Outbox sweep failed; retrying", e);
    }
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Work next = work.poll(1, TimeUnit.SECONDS);
        if (next != null) {
          relay(next);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // One queue's failure never stops the others; the sweep retries it.
        if (!failing) {
          log.warn("Relaying to the queues failed; items wait in the outbox and are retried", e);
        }
        failing = true;
      }
    }
  }

  private void relay(Work item) {
    String lock = keys.relayLock(item.tenant(), item.queue());
    var held = locks.acquire(redis.template(), lock, LOCK_TTL);
    if (held.isEmpty()) {
      return; // another node is relaying this queue; the sweep looks again
    }
    try {
      String queue = keys.queue(item.tenant(), item.queue());
      String relayed = keys.relayed(item.tenant(), item.queue());
      while (true) {
        List<OutboxStore.Row> rows = store.next(item.tenant(), item.queue(), BATCH);
        if (rows.isEmpty()) {
          break;
        }
        int handled = scripts.push(redis, queue, relayed, cap, rows);
        if (handled > 0) {
          List<Long> done = rows.subList(0, handled).stream().map(OutboxStore.Row::seq).toList();
          store.delete(done);
          redis
              .template()
              .opsForSet()
              .remove(relayed, done.stream().map(String::valueOf).toArray());
          signals.pushed(item.tenant(), item.queue());
        }
        if (handled < rows.size()) {
          break; // the queue is at its cap: the rest waits for the consumer to drain
        }
      }
      if (failing) {
        log.info("Relaying to the queues works again");
        failing = false;
      }
    } finally {
      held.get().close();
    }
  }

  @Override
  public void start() {
    if (enabled && thread == null) {
      thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }
  }

  @Override
  public void stop() {
    Thread running = thread;
    thread = null;
    if (running != null) {
      running.interrupt();
      try {
        running.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops after the event writer, which wakes it after its last commit. */
  @Override
  public int getPhase() {
    return -1;
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}

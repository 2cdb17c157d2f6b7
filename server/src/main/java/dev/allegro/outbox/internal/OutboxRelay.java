package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxMetrics;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.BackgroundThread;
import dev.allegro.system.scheduling.ClusterLock;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands committed outbox rows to their targets, in commit order, each exactly once.
 *
 * <p>Ingestion wakes it after each commit; a sweep every second ({@link OutboxSweep}) catches what
 * a wake-up missed: rows left while a target was down, rows of another node that died, rows held
 * back by a full target. One relay at a time drains a given tenant and target, across all nodes
 * (the {@link ClusterLock}, renewed before each batch); a target remembers which rows it took until
 * the outbox confirms them (deleted, or kept as delivered), so a relay that dies between the two
 * never delivers them twice. A store that lost writes is rebuilt under the same lock ({@link
 * RetainedDrain}).
 *
 * <p>It stops after the event writer, which wakes it after its last commit; what it has not relayed
 * by then waits in the outbox for the next node, so stopping interrupts it.
 */
@Component
public class OutboxRelay extends BackgroundThread {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration LOCK_TTL = Duration.ofSeconds(30);

  /**
   * @param verify whether to check first that the target's store still holds what it took
   */
  private record Work(TenantId tenant, String target, boolean verify) {}

  private final OutboxStore store;
  private final OutboxTargets targets;
  private final OutboxDrain drain;
  private final OutboxMetrics metrics;
  private final ClusterLock locks;
  private final StringRedisTemplate redis;
  private final String lockPrefix;
  private final boolean enabled;
  private final LinkedBlockingQueue<Work> work = new LinkedBlockingQueue<>();
  private volatile boolean failing;

  OutboxRelay(
      OutboxStore store,
      OutboxTargets targets,
      OutboxDrain drain,
      OutboxMetrics metrics,
      ClusterLock locks,
      StringRedisTemplate redis,
      AllegroProperties properties) {
    super("outbox-relay", -1, Duration.ofSeconds(10), OnStop.INTERRUPT);
    this.store = store;
    this.targets = targets;
    this.drain = drain;
    this.metrics = metrics;
    this.locks = locks;
    this.redis = redis;
    this.lockPrefix = properties.redisPrefix() + "outbox:";
    this.enabled = !properties.roles().isEmpty();
  }

  public void wake(TenantId tenant, String target) {
    offer(new Work(tenant, target, false));
  }

  /** Checks that the target's store holds what it took (rebuilding it if not), then relays. */
  void verify(TenantId tenant, String target) {
    offer(new Work(tenant, target, true));
  }

  private void offer(Work item) {
    if (!work.contains(item)) {
      work.offer(item);
    }
  }

  /** Queues every tenant and target with rows in the outbox for relaying. */
  void sweep() {
    if (!isRunning()) {
      return;
    }
    try {
      store.pending().forEach(p -> wake(p.tenant(), p.target()));
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

  /** One target's failure never stops the others; the sweep retries it. */
  private void relaySafely(Work item) {
    try {
      relay(item);
    } catch (RuntimeException e) {
      metrics.failed(item.target());
      if (!failing) {
        log.warn("Relaying the outbox failed; rows wait in the outbox and are retried", e);
      }
      failing = true;
    }
  }

  /**
   * Returns once the relay pass of the tenant's target that runs now, on any node, has ended (at
   * once when none runs): one that starts later sees what the caller changed before. A pass is
   * known by its lock's token, so a busy tenant whose passes follow each other without a gap does
   * not hold the caller up beyond the one running.
   *
   * @throws IllegalStateException when that pass still runs after {@code max}
   */
  public void awaitPass(TenantId tenant, String target, Duration max) {
    String key = lockKey(tenant, target);
    String running = redis.opsForValue().get(key);
    long deadline = System.nanoTime() + max.toNanos();
    while (running != null && running.equals(redis.opsForValue().get(key))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "A relay pass of tenant " + tenant + " to " + target + " still runs after " + max);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted waiting for a relay pass", e);
      }
    }
  }

  String lockKey(TenantId tenant, String target) {
    // each tenant and target in its own slot: a Redis Cluster spreads the locks
    return lockPrefix + "{t:" + tenant.value() + "}:" + target + ":lock";
  }

  private void relay(Work item) {
    var target = targets.named(item.target());
    if (target.isEmpty()) {
      return; // rows of a target this node does not have (another version): left for others
    }
    String lock = lockKey(item.tenant(), item.target());
    var held = locks.acquire(redis, lock, LOCK_TTL);
    if (held.isEmpty()) {
      return; // another node is relaying these rows; the sweep looks again
    }
    OutboxDrain.Lease lease =
        () -> {
          if (!held.get().extend(LOCK_TTL)) {
            throw new IllegalStateException(
                "The relay lock " + lock + " expired and may have passed to another node");
          }
        };
    try {
      if (item.verify()) {
        drain.verify(item.tenant(), target.get(), lease);
      }
      drain.drain(item.tenant(), target.get(), lease);
      if (failing) {
        log.info("Relaying the outbox works again");
        failing = false;
      }
    } finally {
      held.get().close();
    }
  }
}

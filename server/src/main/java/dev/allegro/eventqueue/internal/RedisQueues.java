package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.EventQueueProperties;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The tenants' Redis lists as the outbox relay fills them: {@code push.lua} pushes each outbox row
 * at most once, up to the cap, and long-polling readers on this node are woken.
 */
@Component
class RedisQueues {

  private final QueueRedis redis;
  private final QueueScripts scripts;
  private final QueueKeys keys;
  private final QueueSignals signals;
  private final long cap;

  RedisQueues(
      QueueRedis redis,
      QueueScripts scripts,
      QueueKeys keys,
      QueueSignals signals,
      EventQueueProperties properties) {
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.signals = signals;
    this.cap = properties.cap();
  }

  /**
   * Pushes rows not pushed before, in order, up to the queue's cap.
   *
   * @return how many leading rows are on the queue now (pushed now or by an earlier pass)
   */
  int push(TenantId tenant, QueueKind queue, List<OutboxRow> rows) {
    int handled =
        scripts.push(redis, keys.queue(tenant, queue), keys.relayed(tenant, queue), cap, rows);
    if (handled > 0) {
      signals.pushed(tenant, queue);
    }
    return handled;
  }

  /** The rows were deleted from the outbox: the queue may forget that it received them. */
  void forget(TenantId tenant, QueueKind queue, List<Long> seqs) {
    redis
        .template()
        .opsForSet()
        .remove(keys.relayed(tenant, queue), seqs.stream().map(String::valueOf).toArray());
  }
}

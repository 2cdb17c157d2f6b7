package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.EventQueueProperties;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The tenants' Redis lists as the relay fills them: {@code push.lua} pushes each outbox row at most
 * once, up to the cap, and long-polling readers on this node are woken.
 */
@Component
class RedisQueues implements OutboxDrain.Queues {

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

  @Override
  public int push(TenantId tenant, QueueKind queue, List<OutboxStore.Row> rows) {
    int handled =
        scripts.push(redis, keys.queue(tenant, queue), keys.relayed(tenant, queue), cap, rows);
    if (handled > 0) {
      signals.pushed(tenant, queue);
    }
    return handled;
  }

  @Override
  public void confirm(TenantId tenant, QueueKind queue, List<Long> seqs) {
    redis
        .template()
        .opsForSet()
        .remove(keys.relayed(tenant, queue), seqs.stream().map(String::valueOf).toArray());
  }
}

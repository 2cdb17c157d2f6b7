package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.EventQueueProperties;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.RetainingTarget;
import dev.allegro.outbox.RetainingTarget.Marks;
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
   * Pushes rows not pushed before, in order, up to the queue's cap, and keeps the pass's mark.
   *
   * @return how many leading rows are on the queue now (pushed now or by an earlier pass)
   * @throws RetainingTarget.Lost when the queue's mark is below {@code marks.expected()}
   */
  int push(TenantId tenant, QueueKind queue, List<OutboxRow> rows, Marks marks) {
    var queueKeys =
        List.of(keys.queue(tenant, queue), keys.relayed(tenant, queue), keys.mark(tenant, queue));
    int handled = scripts.push(redis, queueKeys, cap, marks, rows);
    if (handled < 0) {
      throw new RetainingTarget.Lost("its mark in Redis is below " + marks.expected() + " or gone");
    }
    if (handled > 0) {
      signals.pushed(tenant, queue);
    }
    return handled;
  }

  /** The number of the last relay pass the queue holds; 0 when it has none. */
  long mark(TenantId tenant, QueueKind queue) {
    String mark = redis.template().opsForValue().get(keys.mark(tenant, queue));
    return mark == null ? 0 : Long.parseLong(mark);
  }

  /** Empties the queue before a rebuild and keeps {@code mark}; one slot, one transaction. */
  void reset(TenantId tenant, QueueKind queue, long mark) {
    scripts.reset(
        redis,
        List.of(keys.queue(tenant, queue), keys.relayed(tenant, queue), keys.mark(tenant, queue)),
        mark);
  }

  /** The rows are marked delivered in the outbox: the queue may forget that it received them. */
  void forget(TenantId tenant, QueueKind queue, List<Long> seqs) {
    redis
        .template()
        .opsForSet()
        .remove(keys.relayed(tenant, queue), seqs.stream().map(String::valueOf).toArray());
  }
}

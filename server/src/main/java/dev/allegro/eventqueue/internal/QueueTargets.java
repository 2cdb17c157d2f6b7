package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.QueueKind;
import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.outbox.RetainingTarget;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Event Queue and the Heartbeat Queue as outbox targets: a tenant's events while its {@code
 * UseRedisEvents} is on, and every heartbeat (ingestion takes them only while {@code SdkHeartbeat}
 * is on), pushed onto the tenant's Redis list in commit order. Both retain: the outbox keeps what
 * they took until the consumer removed it, and rebuilds a queue Redis lost.
 */
@Configuration(proxyBeanMethods = false)
class QueueTargets {

  @Bean
  OutboxTarget eventQueue(RedisQueues queues, FeatureFlags flags) {
    return new QueueTarget(
        QueueKind.EVENTS,
        queues,
        item ->
            item instanceof Committed.Event event
                && flags.isActive(FeatureFlag.USE_REDIS_EVENTS, event.tenant()));
  }

  @Bean
  OutboxTarget heartbeatQueue(RedisQueues queues) {
    return new QueueTarget(
        QueueKind.HEARTBEATS, queues, item -> item instanceof Committed.Heartbeat);
  }

  /** What a queue takes. */
  interface Accepts {
    boolean accepts(Committed item);
  }

  private record QueueTarget(QueueKind kind, RedisQueues queues, Accepts rule)
      implements RetainingTarget {

    @Override
    public String name() {
      return kind.key();
    }

    @Override
    public boolean accepts(Committed item) {
      return rule.accepts(item);
    }

    @Override
    public int deliver(TenantId tenant, List<OutboxRow> rows, Marks marks) {
      return queues.push(tenant, kind, rows, marks);
    }

    @Override
    public long mark(TenantId tenant) {
      return queues.mark(tenant, kind);
    }

    @Override
    public void reset(TenantId tenant, long mark) {
      queues.reset(tenant, kind, mark);
    }

    @Override
    public void forget(TenantId tenant, List<Long> seqs) {
      queues.forget(tenant, kind, seqs);
    }
  }
}

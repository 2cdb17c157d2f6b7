package dev.allegro.eventqueue;

import dev.allegro.eventqueue.internal.OutboxRelay;
import dev.allegro.eventqueue.internal.OutboxStore;
import dev.allegro.tenancy.TenantId;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox in front of the Redis queues. Ingestion appends items in the same
 * transaction that stores what they describe, then calls {@link #committed}; the relay pushes them
 * in commit order, once each, and retries while Redis is down, so no committed item is ever missing
 * from its queue.
 */
@Service
public class QueueOutbox {

  private final OutboxStore store;
  private final OutboxRelay relay;

  QueueOutbox(OutboxStore store, OutboxRelay relay) {
    this.store = store;
    this.relay = relay;
  }

  /** Appends within the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(List<OutboxItem> items) {
    store.append(items);
  }

  /** After the caller's commit: relay these tenants' items now. */
  public void committed(Collection<TenantId> tenants) {
    relay.wake(tenants);
  }
}

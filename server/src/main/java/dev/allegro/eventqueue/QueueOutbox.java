package dev.allegro.eventqueue;

import dev.allegro.eventqueue.internal.OutboxRelay;
import dev.allegro.eventqueue.internal.OutboxStore;
import dev.allegro.tenancy.TenantId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /** A tenant's queue that has items waiting in the outbox. */
  public record Target(TenantId tenant, QueueKind queue) {}

  /**
   * Appends within the caller's transaction.
   *
   * @return the queues the items are bound for, to hand to {@link #committed} after the commit
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Set<Target> append(List<OutboxItem> items) {
    store.append(items);
    var targets = new HashSet<Target>();
    items.forEach(item -> targets.add(new Target(item.tenant(), item.queue())));
    return targets;
  }

  /** After the caller's commit: relay these queues' items now. */
  public void committed(Collection<Target> targets) {
    targets.forEach(t -> relay.wake(t.tenant(), t.queue()));
  }
}

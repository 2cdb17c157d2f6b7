package dev.allegro.webhooks.internal;

import dev.allegro.system.RedisDataLost;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When Redis lost everything, the jobs of pending webhook deliveries went with it, but the
 * deliveries are rows in PostgreSQL: each pending one whose job was queued before Redis came back
 * empty gets a new job. A delivery whose job had in fact survived may be attempted twice (webhooks
 * are at least once; receivers dedupe by {@code webhook-id}).
 */
@Component
class LostDeliveries {

  private static final Logger log = LoggerFactory.getLogger(LostDeliveries.class);

  private final DispatchStore dispatches;
  private final DeliveryDispatcher dispatcher;

  LostDeliveries(DispatchStore dispatches, DeliveryDispatcher dispatcher) {
    this.dispatches = dispatches;
    this.dispatcher = dispatcher;
  }

  @EventListener
  void redispatch(RedisDataLost lost) {
    List<TenantId> tenants;
    try {
      tenants = dispatches.undispatchPending(lost.since());
    } catch (RuntimeException e) {
      log.error("Could not find the pending webhook deliveries Redis lost the jobs of", e);
      return;
    }
    for (TenantId tenant : tenants) {
      try {
        dispatcher.dispatchWaiting(tenant);
      } catch (RuntimeException e) {
        // they stay undispatched: the tenant's next delivery, or a replay, dispatches them
        log.warn(
            "Could not dispatch tenant {}'s pending webhook deliveries again", tenant.value(), e);
      }
    }
    log.info("Dispatched the pending webhook deliveries of {} tenants again", tenants.size());
  }
}

package dev.allegro.webhooks.internal;

import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.Jobs;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Queues a job for each of a tenant's deliveries that has none yet. A delivery is marked once its
 * job is queued; a node that dies in between queues it again, and the job skips a delivery that has
 * already succeeded.
 */
@Component
class DeliveryDispatcher {

  private final DispatchStore dispatches;
  private final Jobs jobs;

  DeliveryDispatcher(DispatchStore dispatches, Jobs jobs) {
    this.dispatches = dispatches;
    this.jobs = jobs;
  }

  /**
   * @throws RuntimeException when the job queue cannot take them (Redis down): they stay waiting
   */
  void dispatchWaiting(TenantId tenant) {
    List<UUID> waiting = dispatches.undispatched(tenant);
    if (waiting.isEmpty()) {
      return;
    }
    jobs.dispatchAll(waiting.stream().map(DeliverWebhook::new).toList(), Dispatch.defaults());
    dispatches.dispatched(waiting);
  }
}

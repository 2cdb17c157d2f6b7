package dev.allegro.webhooks.internal;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import dev.allegro.webhooks.WebhooksProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Forgets settled webhook deliveries (and their attempts) older than {@code
 * WEBHOOKS_DELIVERY_RETENTION}, every hour, once across the scheduler nodes, in batches so that no
 * statement holds many rows at once. A pending delivery stays until it is settled.
 */
@Component
class DeliveryRetention implements PeriodicTask {

  static final int BATCH = 10_000;

  private final DeliveryStore deliveries;
  private final Clock clock;
  private final Duration retention;

  DeliveryRetention(DeliveryStore deliveries, Clock clock, WebhooksProperties properties) {
    this.deliveries = deliveries;
    this.clock = clock;
    this.retention = properties.deliveryRetention();
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes(
        "webhooks:delivery-retention", Duration.ofHours(1), Role.SCHEDULER);
  }

  @Override
  public void run() {
    Instant cutoff = clock.instant().minus(retention);
    while (deliveries.deleteSettledBefore(cutoff, BATCH) == BATCH) {
      // another batch
    }
  }
}

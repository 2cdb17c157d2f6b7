package dev.allegro.outbox.internal;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import dev.allegro.tenancy.TenantDeleted;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A deleted tenant's outbox rows and marks go in the deleting transaction: a retaining target keeps
 * its rows until the consumer removes them, which a deleted tenant's consumer no longer can, and
 * the queues' verification would otherwise rebuild the queues from them. Every hour, once across
 * the web nodes, a tenant a relay pass that was running at the deletion marked since is deleted
 * again, with what that pass wrote to Redis ({@link TenantDeleted} published again).
 */
@Component
class OutboxPurge implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(OutboxPurge.class);

  private final RetainedRows rows;
  private final Tenants tenants;
  private final ApplicationEventPublisher events;

  OutboxPurge(RetainedRows rows, Tenants tenants, ApplicationEventPublisher events) {
    this.rows = rows;
    this.tenants = tenants;
    this.events = events;
  }

  @EventListener
  void tenantDeleted(TenantDeleted deleted) {
    long purged = rows.purge(deleted.tenant());
    if (purged > 0) {
      log.info("Deleted the {} outbox rows of deleted tenant {}", purged, deleted.tenant().value());
    }
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("outbox:purge", Duration.ofHours(1), Role.WEB);
  }

  @Override
  public void run() {
    for (TenantId tenant : rows.markedTenants()) {
      if (tenants.find(tenant.toString()).isEmpty()) {
        events.publishEvent(new TenantDeleted(tenant));
      }
    }
  }
}

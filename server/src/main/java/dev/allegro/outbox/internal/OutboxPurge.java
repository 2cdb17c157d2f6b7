package dev.allegro.outbox.internal;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every hour, once across the web nodes, deletes the outbox rows and marks of deleted tenants: a
 * retaining target keeps its rows until the consumer removes them, which a deleted tenant's
 * consumer no longer can. Rows committed just before the deletion that the relay then delivered are
 * found by a later pass.
 */
@Component
class OutboxPurge implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(OutboxPurge.class);

  private final RetainedRows rows;
  private final Tenants tenants;

  OutboxPurge(RetainedRows rows, Tenants tenants) {
    this.rows = rows;
    this.tenants = tenants;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("outbox:purge", Duration.ofHours(1), Role.WEB);
  }

  @Override
  public void run() {
    for (TenantId tenant : rows.markedTenants()) {
      if (tenants.find(tenant.toString()).isEmpty()) {
        long deleted = rows.purge(tenant);
        log.info("Deleted the {} outbox rows of deleted tenant {}", deleted, tenant.value());
      }
    }
  }
}

package dev.allegro.outbox.internal;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.TenantRedisKeys;
import dev.allegro.tenancy.Tenants;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every hour, once across the web nodes, deletes the outbox rows and marks of deleted tenants: a
 * retaining target keeps its rows until the consumer removes them, which a deleted tenant's
 * consumer no longer can. Rows committed just before the deletion that the relay then delivered are
 * found by a later pass, and the Redis keys that relay wrote again with them are deleted too.
 */
@Component
class OutboxPurge implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(OutboxPurge.class);

  private final RetainedRows rows;
  private final Tenants tenants;
  private final TenantRedisKeys keys;

  OutboxPurge(RetainedRows rows, Tenants tenants, TenantRedisKeys keys) {
    this.rows = rows;
    this.tenants = tenants;
    this.keys = keys;
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
        // a pass that relayed rows after the deletion wrote the tenant's keys again
        long written = keys.purge(tenant);
        log.info(
            "Deleted the {} outbox rows and {} Redis keys of deleted tenant {}",
            deleted,
            written,
            tenant.value());
      }
    }
  }
}

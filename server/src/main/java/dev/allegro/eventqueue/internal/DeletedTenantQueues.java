package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.QueueKind;
import dev.allegro.tenancy.TenantDeleted;
import dev.allegro.tenancy.TenantId;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A deleted tenant's Event and Heartbeat Queues, with their marks, leave Redis (the queues' own
 * connection) once the deletion commits; its outbox rows went with it, so nothing rebuilds them.
 */
@Component
class DeletedTenantQueues {

  private static final Logger log = LoggerFactory.getLogger(DeletedTenantQueues.class);

  private final QueueRedis redis;
  private final QueueKeys keys;

  DeletedTenantQueues(QueueRedis redis, QueueKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @TransactionalEventListener(fallbackExecution = true)
  void tenantDeleted(TenantDeleted deleted) {
    TenantId tenant = deleted.tenant();
    var all = new ArrayList<String>();
    for (QueueKind kind : QueueKind.values()) {
      all.add(keys.queue(tenant, kind));
      all.add(keys.relayed(tenant, kind));
      all.add(keys.mark(tenant, kind));
    }
    try {
      Long unlinked = redis.template().unlink(all);
      log.info("Deleted the {} queue keys of deleted tenant {}", unlinked, tenant.value());
    } catch (RuntimeException e) {
      // the tenant's keys stay until the hourly outbox:purge finds it again, or for ever when no
      // relay pass marked it: they are orphans no request can reach
      log.warn("Could not delete the queues of deleted tenant {}", tenant.value(), e);
    }
  }
}

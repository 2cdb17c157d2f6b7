package dev.allegro.streams.internal;

import dev.allegro.tenancy.TenantDeleted;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A deleted tenant's relay state for the subscription queues (where its stored events are, which
 * seqs were stored, its last reference) leaves Redis once the deletion commits. The stored events
 * themselves stay until they expire: queues' entries name them, and a consumer still reads what was
 * routed to it before the deletion.
 */
@Component
class DeletedTenantStreams {

  private static final Logger log = LoggerFactory.getLogger(DeletedTenantStreams.class);

  private final StringRedisTemplate redis;
  private final StreamKeys keys;

  DeletedTenantStreams(StringRedisTemplate redis, StreamKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @TransactionalEventListener(fallbackExecution = true)
  void tenantDeleted(TenantDeleted deleted) {
    long tenant = deleted.tenant().value();
    try {
      redis.unlink(
          List.of(
              keys.tenantLocations(tenant),
              keys.tenantRelayed(tenant),
              keys.tenantReference(tenant)));
    } catch (RuntimeException e) {
      log.warn("Could not delete the subscription relay state of deleted tenant {}", tenant, e);
    }
  }
}

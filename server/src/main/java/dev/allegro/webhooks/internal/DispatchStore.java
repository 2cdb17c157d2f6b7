package dev.allegro.webhooks.internal;

import dev.allegro.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which webhook deliveries have their job queued ({@code webhook_deliveries.dispatched}): one made
 * is undispatched until its job is, and one whose job Redis lost is undispatched again.
 */
@Repository
class DispatchStore {

  private final JdbcClient jdbc;

  DispatchStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The tenant's deliveries whose job is yet to be dispatched, oldest first. */
  List<UUID> undispatched(TenantId tenant) {
    return jdbc.sql(
            "SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id"
                + " WHERE e.tenant_id = :tenant AND NOT d.dispatched ORDER BY d.created_at, d.id")
        .param("tenant", tenant.value())
        .query(UUID.class)
        .list();
  }

  /**
   * Marks the pending deliveries whose job was queued before {@code before} undispatched again,
   * their job having been lost with Redis.
   *
   * @return the tenants that have such deliveries
   */
  List<TenantId> undispatchPending(Instant before) {
    return jdbc.sql(
            """
            WITH again AS (
              UPDATE webhook_deliveries SET dispatched = false
              WHERE status = 'pending' AND dispatched
                AND (dispatched_at IS NULL OR dispatched_at < :before)
              RETURNING endpoint_id
            )
            SELECT DISTINCT e.tenant_id FROM again JOIN webhook_endpoints e ON e.id = again.endpoint_id
            """)
        .param("before", Timestamp.from(before))
        .query((rs, n) -> new TenantId(rs.getLong(1)))
        .list();
  }

  void dispatched(List<UUID> ids) {
    if (ids.isEmpty()) {
      return;
    }
    jdbc.sql(
            "UPDATE webhook_deliveries SET dispatched = true, dispatched_at = now() WHERE id = ANY(:ids)")
        .param("ids", ids.toArray(UUID[]::new))
        .update();
  }
}

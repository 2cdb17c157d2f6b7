package dev.allegro.streams.internal;

import dev.allegro.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code subscription_queues} and {@code queue_subscriptions} tables. */
@Repository
public class QueueStore {

  /** A queue of an app. */
  public record Queue(UUID code, long app, String name, Instant createdAt) {}

  /**
   * A queue's subscription to one tenant's events of one type, or of every type ({@code *}).
   *
   * @param tenantSlug the tenant's slug, as the API names it
   */
  public record Subscription(
      UUID code, UUID queue, TenantId tenant, String tenantSlug, String eventType, boolean active) {

    public boolean matches(String type) {
      return eventType.equals("*") || eventType.equals(type);
    }
  }

  /** An active subscription whose app may read the tenant's events: what routing follows. */
  public record Route(UUID queue, String eventType) {

    public boolean matches(String type) {
      return eventType.equals("*") || eventType.equals(type);
    }
  }

  private final JdbcClient jdbc;

  QueueStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Queue insert(long app, String name) {
    return jdbc.sql(
            "INSERT INTO subscription_queues (code, app_id, name) VALUES (:code, :app, :name)"
                + " RETURNING code, app_id, name, created_at")
        .param("code", UUID.randomUUID())
        .param("app", app)
        .param("name", name)
        .query(QueueStore::queue)
        .single();
  }

  public int count(long app) {
    return jdbc.sql("SELECT count(*) FROM subscription_queues WHERE app_id = :app")
        .param("app", app)
        .query(Integer.class)
        .single();
  }

  public List<Queue> ofApp(long app) {
    return jdbc.sql(
            "SELECT code, app_id, name, created_at FROM subscription_queues WHERE app_id = :app"
                + " ORDER BY created_at, code")
        .param("app", app)
        .query(QueueStore::queue)
        .list();
  }

  public List<UUID> allCodes() {
    return jdbc.sql("SELECT code FROM subscription_queues").query(UUID.class).list();
  }

  /** The app's queue with that code; another app's is as absent as a missing one. */
  public Optional<Queue> find(long app, UUID code) {
    return jdbc.sql(
            "SELECT code, app_id, name, created_at FROM subscription_queues"
                + " WHERE code = :code AND app_id = :app")
        .param("code", code)
        .param("app", app)
        .query(QueueStore::queue)
        .optional();
  }

  public boolean delete(UUID code) {
    return jdbc.sql("DELETE FROM subscription_queues WHERE code = :code")
            .param("code", code)
            .update()
        > 0;
  }

  public Subscription subscribe(UUID queue, TenantId tenant, String eventType) {
    return jdbc.sql(
            """
            WITH s AS (
              INSERT INTO queue_subscriptions (code, queue_code, tenant_id, event_type)
              VALUES (:code, :queue, :tenant, :type)
              RETURNING code, queue_code, tenant_id, event_type, active)
            SELECT s.*, t.slug FROM s JOIN tenants t ON t.id = s.tenant_id
            """)
        .param("code", UUID.randomUUID())
        .param("queue", queue)
        .param("tenant", tenant.value())
        .param("type", eventType)
        .query(QueueStore::subscription)
        .single();
  }

  public List<Subscription> subscriptions(UUID queue) {
    return jdbc.sql(
            """
            SELECT s.code, s.queue_code, s.tenant_id, s.event_type, s.active, t.slug
            FROM queue_subscriptions s JOIN tenants t ON t.id = s.tenant_id
            WHERE s.queue_code = :queue ORDER BY s.created_at, s.code
            """)
        .param("queue", queue)
        .query(QueueStore::subscription)
        .list();
  }

  /** Whether the queue has that subscription (now inactive). */
  public boolean deactivate(UUID queue, UUID subscription) {
    return jdbc.sql(
                "UPDATE queue_subscriptions SET active = false"
                    + " WHERE code = :code AND queue_code = :queue")
            .param("code", subscription)
            .param("queue", queue)
            .update()
        > 0;
  }

  /** Deactivates every subscription of the app's queues to the tenant's events. */
  public int deactivateAll(long app, TenantId tenant) {
    return jdbc.sql(
            """
            UPDATE queue_subscriptions SET active = false
            WHERE active AND tenant_id = :tenant
              AND queue_code IN (SELECT code FROM subscription_queues WHERE app_id = :app)
            """)
        .param("app", app)
        .param("tenant", tenant.value())
        .update();
  }

  /**
   * Where a tenant's events go: the active subscriptions to its events of queues whose app belongs
   * to it (in-house) or is installed for it (public).
   */
  public List<Route> routes(TenantId tenant) {
    return jdbc.sql(
            """
            SELECT s.queue_code, s.event_type
            FROM queue_subscriptions s
            JOIN subscription_queues q ON q.code = s.queue_code
            JOIN apps a ON a.id = q.app_id
            WHERE s.active AND s.tenant_id = :tenant
              AND (a.tenant_id = :tenant OR EXISTS (
                SELECT 1 FROM app_installs i WHERE i.app_id = a.id AND i.tenant_id = :tenant))
            """)
        .param("tenant", tenant.value())
        .query((rs, row) -> new Route(rs.getObject(1, UUID.class), rs.getString(2)))
        .list();
  }

  /**
   * A queue's route from one tenant: its event types ({@code *} for all) and when the oldest of
   * those subscriptions was made.
   */
  public record TenantRoute(
      TenantId tenant, String tenantSlug, Set<String> eventTypes, Instant since) {}

  /** Where a queue's events come from: its active routes, per tenant, as {@link #routes} reads. */
  public List<TenantRoute> routesOf(UUID queue) {
    return jdbc.sql(
            """
            SELECT s.tenant_id, t.slug, array_agg(DISTINCT s.event_type), min(s.created_at)
            FROM queue_subscriptions s
            JOIN subscription_queues q ON q.code = s.queue_code
            JOIN apps a ON a.id = q.app_id
            JOIN tenants t ON t.id = s.tenant_id
            WHERE s.active AND s.queue_code = :queue
              AND (a.tenant_id = s.tenant_id OR EXISTS (
                SELECT 1 FROM app_installs i WHERE i.app_id = a.id AND i.tenant_id = s.tenant_id))
            GROUP BY s.tenant_id, t.slug
            ORDER BY s.tenant_id
            """)
        .param("queue", queue)
        .query(
            (rs, row) ->
                new TenantRoute(
                    new TenantId(rs.getLong(1)),
                    rs.getString(2),
                    Set.of((String[]) rs.getArray(3).getArray()),
                    rs.getObject(4, OffsetDateTime.class).toInstant()))
        .list();
  }

  private static Queue queue(ResultSet rs, int row) throws SQLException {
    return new Queue(
        rs.getObject("code", UUID.class),
        rs.getLong("app_id"),
        rs.getString("name"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private static Subscription subscription(ResultSet rs, int row) throws SQLException {
    return new Subscription(
        rs.getObject("code", UUID.class),
        rs.getObject("queue_code", UUID.class),
        new TenantId(rs.getLong("tenant_id")),
        rs.getString("slug"),
        rs.getString("event_type"),
        rs.getBoolean("active"));
  }
}

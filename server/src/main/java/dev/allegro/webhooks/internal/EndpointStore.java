package dev.allegro.webhooks.internal;

import dev.allegro.tenancy.TenantId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_endpoints} table. */
@Repository
class EndpointStore {

  private static final String COLUMNS =
      "id, tenant_id, url, event_types, description, active, secret, previous_secret,"
          + " previous_secret_until, failing_since, failure_count, disabled_reason, created_at";

  private final JdbcClient jdbc;

  EndpointStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Endpoint insert(
      TenantId tenant, String url, List<String> eventTypes, String description, String secret) {
    return jdbc.sql(
            "INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, description, secret)"
                + " VALUES (:id, :tenant, :url, :types, :description, :secret) RETURNING "
                + COLUMNS)
        .param("id", UUID.randomUUID())
        .param("tenant", tenant.value())
        .param("url", url)
        .param("types", eventTypes.toArray(String[]::new))
        .param("description", description)
        .param("secret", secret)
        .query(EndpointStore::endpoint)
        .single();
  }

  List<Endpoint> list(TenantId tenant) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM webhook_endpoints WHERE tenant_id = :tenant"
                + " ORDER BY created_at, id")
        .param("tenant", tenant.value())
        .query(EndpointStore::endpoint)
        .list();
  }

  int count(TenantId tenant) {
    return jdbc.sql("SELECT count(*) FROM webhook_endpoints WHERE tenant_id = :tenant")
        .param("tenant", tenant.value())
        .query(Integer.class)
        .single();
  }

  Optional<Endpoint> find(TenantId tenant, UUID id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .query(EndpointStore::endpoint)
        .optional();
  }

  Optional<Endpoint> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = :id")
        .param("id", id)
        .query(EndpointStore::endpoint)
        .optional();
  }

  /** Writes the endpoint's editable fields; turning it on clears why it was off. */
  Endpoint update(Endpoint endpoint) {
    return jdbc.sql(
            "UPDATE webhook_endpoints SET url = :url, event_types = :types,"
                + " description = :description, active = :active,"
                + " disabled_reason = CASE WHEN :active THEN NULL ELSE disabled_reason END,"
                + " failing_since = CASE WHEN :active THEN NULL ELSE failing_since END"
                + " WHERE id = :id RETURNING "
                + COLUMNS)
        .param("id", endpoint.id())
        .param("url", endpoint.url())
        .param("types", endpoint.eventTypes().toArray(String[]::new))
        .param("description", endpoint.description())
        .param("active", endpoint.active())
        .query(EndpointStore::endpoint)
        .single();
  }

  Endpoint rotate(UUID id, String secret, Instant oldUntil) {
    return jdbc.sql(
            "UPDATE webhook_endpoints SET previous_secret = secret, secret = :secret,"
                + " previous_secret_until = :until WHERE id = :id RETURNING "
                + COLUMNS)
        .param("id", id)
        .param("secret", secret)
        .param("until", Timestamp.from(oldUntil))
        .query(EndpointStore::endpoint)
        .single();
  }

  boolean delete(TenantId tenant, UUID id) {
    return jdbc.sql("DELETE FROM webhook_endpoints WHERE tenant_id = :tenant AND id = :id")
            .param("tenant", tenant.value())
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * An attempt succeeded. Writes only when the endpoint was failing: every delivery to an endpoint
   * ends here, and an update of its one row each time would queue all of them on that row's lock
   * (the benchmark's 5 workers delivered ~500/s that way).
   */
  void answered(UUID id) {
    jdbc.sql(
            "UPDATE webhook_endpoints SET failing_since = NULL"
                + " WHERE id = :id AND failing_since IS NOT NULL")
        .param("id", id)
        .update();
  }

  /**
   * Records a failed attempt.
   *
   * @return since when the endpoint has been failing
   */
  Instant failed(UUID id, Instant now) {
    // Written once when the failures begin, read after: no lock on the row while it keeps failing.
    var since =
        jdbc.sql("SELECT failing_since FROM webhook_endpoints WHERE id = :id")
            .param("id", id)
            .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
            .optional()
            .flatMap(found -> found);
    if (since.isPresent()) {
      return since.get();
    }
    return jdbc.sql(
            "UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, :now)"
                + " WHERE id = :id RETURNING failing_since")
        .param("id", id)
        .param("now", Timestamp.from(now))
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional()
        .orElse(now);
  }

  void countFailure(UUID id) {
    jdbc.sql("UPDATE webhook_endpoints SET failure_count = failure_count + 1 WHERE id = :id")
        .param("id", id)
        .update();
  }

  /**
   * Turns the endpoint off.
   *
   * @return whether it was on
   */
  boolean disable(UUID id, String reason) {
    return jdbc.sql(
                "UPDATE webhook_endpoints SET active = false, disabled_reason = :reason"
                    + " WHERE id = :id AND active")
            .param("id", id)
            .param("reason", reason)
            .update()
        == 1;
  }

  private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
    return new Endpoint(
        rs.getObject("id", UUID.class),
        new TenantId(rs.getLong("tenant_id")),
        rs.getString("url"),
        strings(rs.getArray("event_types")),
        rs.getString("description"),
        rs.getBoolean("active"),
        rs.getString("secret"),
        rs.getString("previous_secret"),
        instant(rs.getTimestamp("previous_secret_until")),
        instant(rs.getTimestamp("failing_since")),
        rs.getInt("failure_count"),
        rs.getString("disabled_reason"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static List<String> strings(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

package dev.allegro.audience.internal.sync;

import dev.allegro.tenancy.TenantId;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code audience_sync_http_providers}: one generic HTTP provider per tenant at most. */
@Repository
class HttpProviderStore {

  private final JdbcClient jdbc;

  HttpProviderStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<HttpProviderConfig> find(TenantId tenant) {
    return jdbc.sql(
            """
            SELECT url, auth_header_name, auth_header_sealed, batch_size, enabled, updated_at
            FROM audience_sync_http_providers WHERE tenant_id = :tenant
            """)
        .param("tenant", tenant.value())
        .query(
            (rs, n) ->
                new HttpProviderConfig(
                    tenant,
                    rs.getString("url"),
                    rs.getString("auth_header_name"),
                    rs.getString("auth_header_sealed"),
                    rs.getInt("batch_size"),
                    rs.getBoolean("enabled"),
                    rs.getTimestamp("updated_at").toInstant()))
        .optional();
  }

  List<TenantId> enabledTenants() {
    return jdbc.sql(
            "SELECT tenant_id FROM audience_sync_http_providers WHERE enabled ORDER BY tenant_id")
        .query((rs, n) -> new TenantId(rs.getLong(1)))
        .list();
  }

  void save(HttpProviderConfig config) {
    jdbc.sql(
            """
            INSERT INTO audience_sync_http_providers
                (tenant_id, url, auth_header_name, auth_header_sealed, batch_size, enabled, updated_at)
            VALUES (:tenant, :url, :name, :sealed, :batch, :enabled, :at)
            ON CONFLICT (tenant_id) DO UPDATE SET url = excluded.url,
                auth_header_name = excluded.auth_header_name,
                auth_header_sealed = excluded.auth_header_sealed,
                batch_size = excluded.batch_size, enabled = excluded.enabled,
                updated_at = excluded.updated_at
            """)
        .param("tenant", config.tenant().value())
        .param("url", config.url())
        .param("name", config.authHeaderName())
        .param("sealed", config.authHeaderSealed())
        .param("batch", config.batchSize())
        .param("enabled", config.enabled())
        .param("at", Timestamp.from(config.updatedAt()))
        .update();
  }

  boolean delete(TenantId tenant) {
    return jdbc.sql("DELETE FROM audience_sync_http_providers WHERE tenant_id = :tenant")
            .param("tenant", tenant.value())
            .update()
        > 0;
  }
}

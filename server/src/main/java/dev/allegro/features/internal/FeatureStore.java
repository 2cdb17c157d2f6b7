package dev.allegro.features.internal;

import dev.allegro.tenancy.TenantId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code features} table: one row per (feature, tenant) that differs from nothing stored. */
@Repository
public class FeatureStore {

  private final JdbcClient jdbc;

  FeatureStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Map<String, Boolean> valuesFor(long tenantId) {
    var values = new HashMap<String, Boolean>();
    jdbc.sql("SELECT name, active FROM features WHERE tenant_id = :tenant")
        .param("tenant", tenantId)
        .query(
            rs -> {
              values.put(rs.getString("name"), rs.getBoolean("active"));
            });
    return values;
  }

  public void upsert(String name, long tenantId, boolean active) {
    jdbc.sql(
            """
            INSERT INTO features (name, tenant_id, active) VALUES (:name, :tenant, :active)
            ON CONFLICT (name, tenant_id)
            DO UPDATE SET active = excluded.active, updated_at = now()
            """)
        .param("name", name)
        .param("tenant", tenantId)
        .param("active", active)
        .update();
  }

  /** Sets the feature for each of these tenants in one statement. */
  public int upsertForAll(String name, List<TenantId> tenants, boolean active) {
    if (tenants.isEmpty()) {
      return 0;
    }
    return jdbc.sql(
            """
            INSERT INTO features (name, tenant_id, active)
            SELECT :name, t, :active FROM unnest(:tenants::bigint[]) AS t
            ON CONFLICT (name, tenant_id)
            DO UPDATE SET active = excluded.active, updated_at = now()
            """)
        .param("name", name)
        .param("tenants", tenants.stream().map(TenantId::value).toArray(Long[]::new))
        .param("active", active)
        .update();
  }
}

package dev.allegro.streams.internal;

import dev.allegro.streams.App;
import dev.allegro.streams.AppType;
import dev.allegro.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code apps} and {@code app_installs} tables. */
@Repository
public class AppStore {

  private static final String COLUMNS = "id, name, type, tenant_id, created_at";

  private final JdbcClient jdbc;

  AppStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public App insert(String name, AppType type, TenantId tenant) {
    return jdbc.sql(
            "INSERT INTO apps (name, type, tenant_id) VALUES (:name, :type, :tenant) RETURNING "
                + COLUMNS)
        .param("name", name)
        .param("type", type.value())
        .param("tenant", tenant == null ? null : tenant.value())
        .query(AppStore::map)
        .single();
  }

  public List<App> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM apps ORDER BY id").query(AppStore::map).list();
  }

  public Optional<App> findById(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM apps WHERE id = :id")
        .param("id", id)
        .query(AppStore::map)
        .optional();
  }

  public Optional<App> findByName(String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM apps WHERE name = :name")
        .param("name", name)
        .query(AppStore::map)
        .optional();
  }

  public boolean delete(long id) {
    return jdbc.sql("DELETE FROM apps WHERE id = :id").param("id", id).update() > 0;
  }

  /** Whether it was not installed before. */
  public boolean install(long app, TenantId tenant) {
    return jdbc.sql(
                "INSERT INTO app_installs (app_id, tenant_id) VALUES (:app, :tenant)"
                    + " ON CONFLICT DO NOTHING")
            .param("app", app)
            .param("tenant", tenant.value())
            .update()
        > 0;
  }

  /** Whether it was installed. */
  public boolean uninstall(long app, TenantId tenant) {
    return jdbc.sql("DELETE FROM app_installs WHERE app_id = :app AND tenant_id = :tenant")
            .param("app", app)
            .param("tenant", tenant.value())
            .update()
        > 0;
  }

  public boolean isInstalled(long app, TenantId tenant) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM app_installs WHERE app_id = :app AND tenant_id = :tenant)")
        .param("app", app)
        .param("tenant", tenant.value())
        .query(Boolean.class)
        .single();
  }

  public List<TenantId> installs(long app) {
    return jdbc.sql("SELECT tenant_id FROM app_installs WHERE app_id = :app ORDER BY tenant_id")
        .param("app", app)
        .query((rs, row) -> new TenantId(rs.getLong(1)))
        .list();
  }

  private static App map(ResultSet rs, int row) throws SQLException {
    long tenant = rs.getLong("tenant_id");
    TenantId owner = rs.wasNull() ? null : new TenantId(tenant);
    return new App(
        rs.getLong("id"),
        rs.getString("name"),
        AppType.parse(rs.getString("type")).orElseThrow(),
        owner,
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}

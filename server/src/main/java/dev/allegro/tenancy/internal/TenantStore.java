package dev.allegro.tenancy.internal;

import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The landlord's {@code tenants} and {@code domains} tables. */
@Repository
public class TenantStore {

  private static final String SELECT =
      """
      SELECT t.id, t.slug, t.name, t.created_at, t.allowed_origins, t.sdk_cookie_domain,
             coalesce(array_agg(d.domain ORDER BY d.id) FILTER (WHERE d.domain IS NOT NULL),
                      '{}') AS domains
      FROM tenants t LEFT JOIN domains d ON d.tenant_id = t.id
      """;

  private final JdbcClient jdbc;

  TenantStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Tenant> findById(TenantId id) {
    return jdbc.sql(SELECT + " WHERE t.id = :id GROUP BY t.id")
        .param("id", id.value())
        .query(TenantStore::map)
        .optional();
  }

  public Optional<Tenant> findBySlug(String slug) {
    return jdbc.sql(SELECT + " WHERE t.slug = :slug GROUP BY t.id")
        .param("slug", slug)
        .query(TenantStore::map)
        .optional();
  }

  public Optional<Tenant> findByDomain(String domain) {
    return jdbc.sql(
            SELECT
                + " WHERE t.id = (SELECT tenant_id FROM domains WHERE domain = :domain)"
                + " GROUP BY t.id")
        .param("domain", domain)
        .query(TenantStore::map)
        .optional();
  }

  public List<Tenant> page(long offset, int limit) {
    return jdbc.sql(SELECT + " GROUP BY t.id ORDER BY t.id LIMIT :limit OFFSET :offset")
        .param("limit", limit)
        .param("offset", offset)
        .query(TenantStore::map)
        .list();
  }

  public List<TenantId> ids() {
    return jdbc.sql("SELECT id FROM tenants ORDER BY id")
        .query((rs, row) -> new TenantId(rs.getLong(1)))
        .list();
  }

  public long count() {
    return jdbc.sql("SELECT count(*) FROM tenants").query(Long.class).single();
  }

  public boolean slugTaken(String slug) {
    return jdbc.sql("SELECT exists(SELECT 1 FROM tenants WHERE slug = :slug)")
        .param("slug", slug)
        .query(Boolean.class)
        .single();
  }

  public boolean domainTaken(String domain) {
    return jdbc.sql("SELECT exists(SELECT 1 FROM domains WHERE domain = :domain)")
        .param("domain", domain)
        .query(Boolean.class)
        .single();
  }

  public Tenant insert(String slug, String name, List<String> domains) {
    long id =
        jdbc.sql("INSERT INTO tenants (slug, name) VALUES (:slug, :name) RETURNING id")
            .param("slug", slug)
            .param("name", name)
            .query(Long.class)
            .single();
    for (String domain : domains) {
      insertDomain(new TenantId(id), domain);
    }
    return findById(new TenantId(id)).orElseThrow();
  }

  public void update(
      TenantId id, String slug, String name, List<String> allowedOrigins, String sdkCookieDomain) {
    jdbc.sql(
            "UPDATE tenants SET slug = :slug, name = :name, allowed_origins = :origins,"
                + " sdk_cookie_domain = :cookieDomain, updated_at = now() WHERE id = :id")
        .param("slug", slug)
        .param("name", name)
        .param("origins", allowedOrigins == null ? null : allowedOrigins.toArray(String[]::new))
        .param("cookieDomain", sdkCookieDomain)
        .param("id", id.value())
        .update();
  }

  public void delete(TenantId id) {
    jdbc.sql("DELETE FROM tenants WHERE id = :id").param("id", id.value()).update();
  }

  public void insertDomain(TenantId id, String domain) {
    jdbc.sql("INSERT INTO domains (tenant_id, domain) VALUES (:id, :domain)")
        .param("id", id.value())
        .param("domain", domain)
        .update();
  }

  public boolean deleteDomain(TenantId id, String domain) {
    return jdbc.sql("DELETE FROM domains WHERE tenant_id = :id AND domain = :domain")
            .param("id", id.value())
            .param("domain", domain)
            .update()
        > 0;
  }

  private static Tenant map(ResultSet rs, int row) throws SQLException {
    Array domains = rs.getArray("domains");
    Array origins = rs.getArray("allowed_origins");
    return new Tenant(
        new TenantId(rs.getLong("id")),
        rs.getString("slug"),
        rs.getString("name"),
        Arrays.asList((String[]) domains.getArray()),
        origins == null ? null : Arrays.asList((String[]) origins.getArray()),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("sdk_cookie_domain"));
  }
}

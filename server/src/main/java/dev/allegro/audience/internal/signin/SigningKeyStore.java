package dev.allegro.audience.internal.signin;

import dev.allegro.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audience_signing_keys} table. */
@Repository
class SigningKeyStore {

  private static final String COLUMNS =
      "kid, tenant_id, public_jwk, private_key, private_key_sealed, created_at, retire_after,"
          + " retired_at, publish_until";

  private final JdbcClient jdbc;

  SigningKeyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored key; {@code privateKey} sealed when {@code sealed}. */
  record StoredKey(
      String kid,
      TenantId tenant,
      String publicJwk,
      String privateKey,
      boolean sealed,
      Instant createdAt,
      Instant retireAfter,
      Instant retiredAt,
      Instant publishUntil) {}

  Optional<StoredKey> current(TenantId tenant) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM audience_signing_keys WHERE tenant_id = :tenant AND retired_at IS NULL")
        .param("tenant", tenant.value())
        .query(SigningKeyStore::key)
        .optional();
  }

  Optional<StoredKey> find(TenantId tenant, String kid) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM audience_signing_keys WHERE tenant_id = :tenant AND kid = :kid")
        .param("tenant", tenant.value())
        .param("kid", kid)
        .query(SigningKeyStore::key)
        .optional();
  }

  /** The current key and the retired ones still published at {@code now}, newest first. */
  List<StoredKey> published(TenantId tenant, Instant now) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM audience_signing_keys WHERE tenant_id = :tenant"
                + " AND (retired_at IS NULL OR publish_until > :now) ORDER BY created_at DESC")
        .param("tenant", tenant.value())
        .param("now", Timestamp.from(now))
        .query(SigningKeyStore::key)
        .list();
  }

  /**
   * Inserts {@code key} as the tenant's current key unless it has one (two nodes making the first
   * key at once keep one).
   */
  boolean insertIfNoCurrent(StoredKey key) {
    return jdbc.sql(
                "INSERT INTO audience_signing_keys ("
                    + COLUMNS
                    + ") VALUES (:kid, :tenant, :public, :private, :sealed, :created, :retire,"
                    + " NULL, NULL) ON CONFLICT (tenant_id) WHERE retired_at IS NULL DO NOTHING")
            .param("kid", key.kid())
            .param("tenant", key.tenant().value())
            .param("public", key.publicJwk())
            .param("private", key.privateKey())
            .param("sealed", key.sealed())
            .param("created", Timestamp.from(key.createdAt()))
            .param("retire", Timestamp.from(key.retireAfter()))
            .update()
        == 1;
  }

  /** Retires the tenant's current key, published until {@code publishUntil}. */
  void retireCurrent(TenantId tenant, Instant now, Instant publishUntil) {
    jdbc.sql(
            "UPDATE audience_signing_keys SET retired_at = :now, publish_until = :until"
                + " WHERE tenant_id = :tenant AND retired_at IS NULL")
        .param("tenant", tenant.value())
        .param("now", Timestamp.from(now))
        .param("until", Timestamp.from(publishUntil))
        .update();
  }

  /** The tenants whose current key is due for replacement at {@code now}. */
  List<TenantId> due(Instant now) {
    return jdbc.sql(
            "SELECT tenant_id FROM audience_signing_keys"
                + " WHERE retired_at IS NULL AND retire_after <= :now ORDER BY tenant_id")
        .param("now", Timestamp.from(now))
        .query((rs, n) -> new TenantId(rs.getLong(1)))
        .list();
  }

  /** Deletes retired keys no longer published at {@code now}. */
  int deleteUnpublished(Instant now) {
    return jdbc.sql(
            "DELETE FROM audience_signing_keys WHERE retired_at IS NOT NULL"
                + " AND publish_until <= :now")
        .param("now", Timestamp.from(now))
        .update();
  }

  /** Serializes key changes of one tenant until the transaction ends. */
  void lock(TenantId tenant) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('audience_signing_keys'), :tenant)")
        .param("tenant", (int) tenant.value())
        .query((rs, n) -> 1)
        .list();
  }

  private static StoredKey key(ResultSet rs, int n) throws SQLException {
    Timestamp retired = rs.getTimestamp("retired_at");
    Timestamp until = rs.getTimestamp("publish_until");
    return new StoredKey(
        rs.getString("kid"),
        new TenantId(rs.getLong("tenant_id")),
        rs.getString("public_jwk"),
        rs.getString("private_key"),
        rs.getBoolean("private_key_sealed"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("retire_after").toInstant(),
        retired == null ? null : retired.toInstant(),
        until == null ? null : until.toInstant());
  }
}

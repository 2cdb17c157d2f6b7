package dev.allegro.audience.internal.signin;

import dev.allegro.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audience_magic_links} table: one-time links by the SHA-256 of their token. */
@Repository
class MagicLinkStore {

  private final JdbcClient jdbc;

  MagicLinkStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A link just used: whose it was, where it leads and the data the request attached. */
  record Used(UUID member, String returnUrl, String data) {}

  /** Why a token did not work. */
  enum Refusal {
    UNKNOWN,
    USED,
    EXPIRED
  }

  void insert(
      TenantId tenant,
      UUID member,
      String tokenHash,
      String returnUrl,
      String data,
      Instant now,
      Instant expiresAt) {
    jdbc.sql(
            "INSERT INTO audience_magic_links"
                + " (tenant_id, member_id, token_hash, return_url, data, created_at, expires_at)"
                + " VALUES (:tenant, :member, :hash, :url, CAST(:data AS jsonb), :now, :expires)")
        .param("tenant", tenant.value())
        .param("member", member)
        .param("hash", tokenHash)
        .param("url", returnUrl)
        .param("data", data)
        .param("now", Timestamp.from(now))
        .param("expires", Timestamp.from(expiresAt))
        .update();
  }

  /**
   * Uses the link: marks it used if it is the tenant's, unused and unexpired at {@code now}, in one
   * statement, so two uses at once cannot both succeed.
   */
  Optional<Used> use(TenantId tenant, String tokenHash, Instant now) {
    return jdbc.sql(
            """
            UPDATE audience_magic_links SET used_at = :now
            WHERE tenant_id = :tenant AND token_hash = :hash AND used_at IS NULL
              AND expires_at > :now
            RETURNING member_id, return_url, data::text
            """)
        .param("tenant", tenant.value())
        .param("hash", tokenHash)
        .param("now", Timestamp.from(now))
        .query((rs, n) -> new Used(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
        .optional();
  }

  /** Why the tenant's link with that hash cannot be used at {@code now}. */
  Refusal refusal(TenantId tenant, String tokenHash, Instant now) {
    return jdbc.sql(
            "SELECT used_at IS NOT NULL, expires_at <= :now FROM audience_magic_links"
                + " WHERE tenant_id = :tenant AND token_hash = :hash")
        .param("tenant", tenant.value())
        .param("hash", tokenHash)
        .param("now", Timestamp.from(now))
        .query(
            (rs, n) ->
                rs.getBoolean(1)
                    ? Refusal.USED
                    : rs.getBoolean(2) ? Refusal.EXPIRED : Refusal.UNKNOWN)
        .optional()
        .orElse(Refusal.UNKNOWN);
  }

  /** Forgets links that expired before {@code cutoff}. */
  int deleteExpiredBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM audience_magic_links WHERE expires_at < :cutoff")
        .param("cutoff", Timestamp.from(cutoff))
        .update();
  }
}

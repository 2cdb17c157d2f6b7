package dev.allegro.audience.internal.members;

import dev.allegro.audience.AudienceMember;
import dev.allegro.audience.AudienceMember.ForeignKey;
import dev.allegro.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code audience_members} and {@code audience_member_foreign_keys} tables. Every query names
 * the tenant, so one tenant's id never reaches another's member.
 */
@Repository
public class MemberStore {

  private static final String COLUMNS =
      "id, tenant_id, email, name, email_verified_at, created_at, last_seen_at, deleted_at";

  private final JdbcClient jdbc;

  MemberStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What a list asks for; a {@code null} filter matches every member. */
  public record Filter(String email, ForeignKey foreignKey, boolean includeDeleted) {}

  /** A member as a row, before its foreign keys are attached. */
  private record Row(
      UUID id,
      TenantId tenant,
      String email,
      String name,
      Instant emailVerifiedAt,
      Instant createdAt,
      Instant lastSeenAt,
      Instant deletedAt) {

    AudienceMember with(List<ForeignKey> keys) {
      return new AudienceMember(
          id, tenant, email, name, emailVerifiedAt, createdAt, lastSeenAt, deletedAt, keys);
    }
  }

  /** The member, deleted or not. */
  public Optional<AudienceMember> find(TenantId tenant, UUID id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM audience_members WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .query(MemberStore::row)
        .optional()
        .map(r -> withKeys(List.of(r)).getFirst());
  }

  /** The member with that email in any letter case, deleted or not. */
  public Optional<AudienceMember> findByEmail(TenantId tenant, String email) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM audience_members WHERE tenant_id = :tenant AND lower(email) = lower(:email)")
        .param("tenant", tenant.value())
        .param("email", email)
        .query(MemberStore::row)
        .optional()
        .map(r -> withKeys(List.of(r)).getFirst());
  }

  /**
   * Inserts a member unless one has that email already (in one statement, so two requests at once
   * cannot both insert).
   *
   * @return the new member's id, or empty when the email was taken
   */
  public Optional<UUID> insertIfAbsent(TenantId tenant, String email, String name, Instant now) {
    return jdbc.sql(
            "INSERT INTO audience_members (id, tenant_id, email, name, created_at)"
                + " VALUES (:id, :tenant, :email, :name, :now)"
                + " ON CONFLICT (tenant_id, lower(email)) DO NOTHING RETURNING id")
        .param("id", UUID.randomUUID())
        .param("tenant", tenant.value())
        .param("email", email)
        .param("name", name)
        .param("now", Timestamp.from(now))
        .query((rs, n) -> rs.getObject(1, UUID.class))
        .optional();
  }

  /** A softly deleted member comes back (asked for again by its email). */
  public void restore(TenantId tenant, UUID id) {
    jdbc.sql(
            "UPDATE audience_members SET deleted_at = NULL"
                + " WHERE tenant_id = :tenant AND id = :id AND deleted_at IS NOT NULL")
        .param("tenant", tenant.value())
        .param("id", id)
        .update();
  }

  public void update(TenantId tenant, UUID id, String email, String name) {
    jdbc.sql(
            "UPDATE audience_members SET email = :email, name = :name"
                + " WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .param("email", email)
        .param("name", name)
        .update();
  }

  /**
   * @return whether a member that was not deleted is now
   */
  public boolean softDelete(TenantId tenant, UUID id, Instant now) {
    return jdbc.sql(
                "UPDATE audience_members SET deleted_at = :now"
                    + " WHERE tenant_id = :tenant AND id = :id AND deleted_at IS NULL")
            .param("tenant", tenant.value())
            .param("id", id)
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  /** The member followed a magic link: the address is proven and the member was seen now. */
  public void signedIn(TenantId tenant, UUID id, Instant now) {
    jdbc.sql(
            "UPDATE audience_members SET last_seen_at = :now,"
                + " email_verified_at = coalesce(email_verified_at, :now)"
                + " WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .param("now", Timestamp.from(now))
        .update();
  }

  /**
   * The member whose foreign key {@code key} has {@code value}, other than {@code except}, if any.
   */
  public Optional<UUID> holderOf(TenantId tenant, ForeignKey key, UUID except) {
    return jdbc.sql(
            "SELECT member_id FROM audience_member_foreign_keys"
                + " WHERE tenant_id = :tenant AND key = :key AND value = :value"
                + " AND member_id <> :except")
        .param("tenant", tenant.value())
        .param("key", key.key())
        .param("value", key.value())
        .param("except", except)
        .query((rs, n) -> rs.getObject(1, UUID.class))
        .optional();
  }

  /** Sets each of {@code keys} on the member, replacing the value it had for that key. */
  public void putForeignKeys(TenantId tenant, UUID member, List<ForeignKey> keys) {
    for (ForeignKey key : keys) {
      jdbc.sql(
              "INSERT INTO audience_member_foreign_keys (member_id, tenant_id, key, value)"
                  + " VALUES (:member, :tenant, :key, :value)"
                  + " ON CONFLICT (member_id, key) DO UPDATE SET value = excluded.value")
          .param("member", member)
          .param("tenant", tenant.value())
          .param("key", key.key())
          .param("value", key.value())
          .update();
    }
  }

  /** Removes the member's foreign keys other than those named in {@code kept}. */
  public void removeForeignKeysExcept(TenantId tenant, UUID member, List<String> kept) {
    jdbc.sql(
            "DELETE FROM audience_member_foreign_keys WHERE tenant_id = :tenant"
                + " AND member_id = :member AND NOT (key = ANY (:kept))")
        .param("tenant", tenant.value())
        .param("member", member)
        .param("kept", kept.toArray(String[]::new))
        .update();
  }

  /** One page of the tenant's members, newest first. */
  public List<AudienceMember> page(TenantId tenant, Filter filter, long offset, int limit) {
    var sql = new StringBuilder("SELECT " + COLUMNS + " FROM audience_members m");
    var params = where(tenant, filter, sql);
    sql.append(" ORDER BY created_at DESC, id DESC OFFSET :offset LIMIT :limit");
    params.put("offset", offset);
    params.put("limit", limit);
    return withKeys(jdbc.sql(sql.toString()).params(params).query(MemberStore::row).list());
  }

  public long count(TenantId tenant, Filter filter) {
    var sql = new StringBuilder("SELECT count(*) FROM audience_members m");
    var params = where(tenant, filter, sql);
    return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
  }

  private static Map<String, Object> where(TenantId tenant, Filter filter, StringBuilder sql) {
    var params = new HashMap<String, Object>();
    sql.append(" WHERE tenant_id = :tenant");
    params.put("tenant", tenant.value());
    if (!filter.includeDeleted()) {
      sql.append(" AND deleted_at IS NULL");
    }
    if (filter.email() != null) {
      sql.append(" AND lower(email) = lower(:email)");
      params.put("email", filter.email());
    }
    if (filter.foreignKey() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM audience_member_foreign_keys f WHERE f.member_id = m.id"
              + " AND f.tenant_id = :tenant AND f.key = :key AND f.value = :value)");
      params.put("key", filter.foreignKey().key());
      params.put("value", filter.foreignKey().value());
    }
    return params;
  }

  private List<AudienceMember> withKeys(List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    var keys = new HashMap<UUID, List<ForeignKey>>();
    jdbc.sql(
            "SELECT member_id, key, value FROM audience_member_foreign_keys"
                + " WHERE member_id IN (:ids) ORDER BY key")
        .param("ids", rows.stream().map(Row::id).toList())
        .query(
            (ResultSet rs) -> {
              keys.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                  .add(new ForeignKey(rs.getString(2), rs.getString(3)));
            });
    return rows.stream().map(r -> r.with(keys.getOrDefault(r.id(), List.of()))).toList();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getObject("id", UUID.class),
        new TenantId(rs.getLong("tenant_id")),
        rs.getString("email"),
        rs.getString("name"),
        instant(rs.getTimestamp("email_verified_at")),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("last_seen_at")),
        instant(rs.getTimestamp("deleted_at")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

package dev.allegro.audience.internal.sync;

import dev.allegro.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Members as providers see them, and the external profiles providers answered. */
@Repository
class SyncMemberStore {

  private final JdbcClient jdbc;

  SyncMemberStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Members changed since {@code since} or whose profile of {@code provider} is older. */
  List<UUID> due(TenantId tenant, String provider, Instant since, Instant staleBefore) {
    return jdbc.sql(
            """
            SELECT m.id FROM audience_members m
            LEFT JOIN audience_external_profiles p ON p.member_id = m.id AND p.provider = :provider
            WHERE m.tenant_id = :tenant AND m.deleted_at IS NULL
              AND (p.synced_at IS NULL OR p.synced_at < :stale
                   OR greatest(m.created_at, m.last_seen_at, m.email_verified_at) > :since)
            ORDER BY m.id
            """)
        .param("provider", provider)
        .param("tenant", tenant.value())
        .param("stale", Timestamp.from(staleBefore))
        .param("since", Timestamp.from(since))
        .query(UUID.class)
        .list();
  }

  /** The members of {@code tenant} among {@code ids} (deleted ones left out), in that order. */
  List<SyncMemberData> members(TenantId tenant, List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    var keys = new HashMap<UUID, Map<String, String>>();
    jdbc.sql(
            """
            SELECT member_id, key, value FROM audience_member_foreign_keys
            WHERE tenant_id = :tenant AND member_id IN (:ids) ORDER BY key
            """)
        .param("tenant", tenant.value())
        .param("ids", ids)
        .query(
            (RowCallbackHandler)
                rs -> {
                  keys.computeIfAbsent(
                          rs.getObject("member_id", UUID.class), k -> new LinkedHashMap<>())
                      .put(rs.getString("key"), rs.getString("value"));
                });
    var found = new HashMap<UUID, SyncMemberData>();
    jdbc.sql(
            """
            SELECT id, email, name, email_verified_at, created_at, last_seen_at
            FROM audience_members
            WHERE tenant_id = :tenant AND id IN (:ids) AND deleted_at IS NULL
            """)
        .param("tenant", tenant.value())
        .param("ids", ids)
        .query(
            (RowCallbackHandler)
                rs -> {
                  UUID id = rs.getObject("id", UUID.class);
                  found.put(
                      id,
                      new SyncMemberData(
                          id,
                          rs.getString("email"),
                          rs.getString("name"),
                          instant(rs.getTimestamp("email_verified_at")),
                          instant(rs.getTimestamp("created_at")),
                          instant(rs.getTimestamp("last_seen_at")),
                          keys.getOrDefault(id, Map.of())));
                });
    var ordered = new ArrayList<SyncMemberData>();
    ids.forEach(
        id -> {
          if (found.containsKey(id)) {
            ordered.add(found.get(id));
          }
        });
    return ordered;
  }

  /** When {@code provider} last synced the member, if ever. */
  Optional<Instant> syncedAt(UUID member, String provider) {
    return jdbc.sql(
            "SELECT synced_at FROM audience_external_profiles"
                + " WHERE member_id = :member AND provider = :provider")
        .param("member", member)
        .param("provider", provider)
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  void saveProfiles(TenantId tenant, String provider, Map<UUID, String> profiles, Instant at) {
    for (var entry : profiles.entrySet()) {
      jdbc.sql(
              """
              INSERT INTO audience_external_profiles (member_id, provider, tenant_id, profile, synced_at)
              VALUES (:member, :provider, :tenant, CAST(:profile AS jsonb), :at)
              ON CONFLICT (member_id, provider)
              DO UPDATE SET profile = excluded.profile, synced_at = excluded.synced_at
              """)
          .param("member", entry.getKey())
          .param("provider", provider)
          .param("tenant", tenant.value())
          .param("profile", entry.getValue())
          .param("at", Timestamp.from(at))
          .update();
    }
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}

package dev.allegro.auth.internal;

import dev.allegro.auth.Abilities;
import dev.allegro.auth.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code personal_access_tokens} table. */
@Repository
public class TokenStore {

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  TokenStore(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  public long insert(
      UserId user, String name, String hash, Abilities abilities, Instant expiresAt) {
    return jdbc.sql(
            """
            INSERT INTO personal_access_tokens (tokenable_id, name, token, abilities, expires_at)
            VALUES (:user, :name, :token, :abilities, :expires) RETURNING id
            """)
        .param("user", user.value())
        .param("name", name)
        .param("token", hash)
        .param("abilities", abilities.values().toArray(String[]::new))
        .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
        .query(Long.class)
        .single();
  }

  /** The token with its user, or empty when no token has that id. */
  public Optional<StoredToken> find(long id) {
    return jdbc.sql(
            """
            SELECT t.id AS token_id, t.name AS token_name, t.token, t.abilities, t.expires_at,
                   u.id, u.email, u.name, u.email_verified_at, u.is_super_admin
            FROM personal_access_tokens t JOIN users u ON u.id = t.tokenable_id
            WHERE t.id = :id AND t.tokenable_type = 'user'
            """)
        .param("id", id)
        .query(
            (rs, row) ->
                new StoredToken(
                    rs.getLong("token_id"),
                    rs.getString("token_name"),
                    rs.getString("token"),
                    new Abilities(Arrays.asList((String[]) rs.getArray("abilities").getArray())),
                    UserStore.instant(rs.getObject("expires_at", OffsetDateTime.class)),
                    UserStore.map(rs, row)))
        .optional();
  }

  /** An app's token: its owner is the app, not a user. */
  public long insertForApp(long app, String name, String hash, Abilities abilities) {
    return jdbc.sql(
            """
            INSERT INTO personal_access_tokens (tokenable_type, tokenable_id, name, token, abilities)
            VALUES ('app', :app, :name, :token, :abilities) RETURNING id
            """)
        .param("app", app)
        .param("name", name)
        .param("token", hash)
        .param("abilities", abilities.values().toArray(String[]::new))
        .query(Long.class)
        .single();
  }

  /** The app token with that id, or empty when no app token has it. */
  public Optional<StoredAppToken> findApp(long id) {
    return jdbc.sql(
            """
            SELECT id, name, token, abilities, expires_at, tokenable_id FROM personal_access_tokens
            WHERE id = :id AND tokenable_type = 'app'
            """)
        .param("id", id)
        .query(
            (rs, row) ->
                new StoredAppToken(
                    rs.getLong("id"),
                    rs.getString("name"),
                    rs.getString("token"),
                    new Abilities(Arrays.asList((String[]) rs.getArray("abilities").getArray())),
                    UserStore.instant(rs.getObject("expires_at", OffsetDateTime.class)),
                    rs.getLong("tokenable_id")))
        .optional();
  }

  /** Deletes every token of an app; returns their ids. */
  public List<Long> deleteOfApp(long app) {
    return jdbc.sql(
            "DELETE FROM personal_access_tokens WHERE tokenable_type = 'app' AND tokenable_id = :app"
                + " RETURNING id")
        .param("app", app)
        .query(Long.class)
        .list();
  }

  public boolean delete(long id) {
    return jdbc.sql("DELETE FROM personal_access_tokens WHERE id = :id").param("id", id).update()
        > 0;
  }

  /** Writes many tokens' last use in one batch. */
  public void recordUse(Map<Long, Instant> lastUse) {
    List<Object[]> rows =
        lastUse.entrySet().stream()
            .map(e -> new Object[] {Timestamp.from(e.getValue()), e.getKey()})
            .toList();
    template.batchUpdate(
        "UPDATE personal_access_tokens SET last_used_at = greatest(last_used_at, ?) WHERE id = ?",
        rows);
  }
}

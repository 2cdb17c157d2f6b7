package dev.allegro.auth.internal;

import dev.allegro.auth.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code sign_in_links} table: one-time links by the SHA-256 of their secret. */
@Repository
public class SignInLinkStore {

  private final JdbcClient jdbc;

  SignInLinkStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(UserId user, String tokenHash, Instant expiresAt) {
    jdbc.sql(
            "INSERT INTO sign_in_links (user_id, token_hash, expires_at) VALUES (:user, :hash, :at)")
        .param("user", user.value())
        .param("hash", tokenHash)
        .param("at", Timestamp.from(expiresAt))
        .update();
  }

  /**
   * Uses the link: marks it used if it is unused and unexpired at {@code now}, in one statement, so
   * two uses at once cannot both succeed.
   *
   * @return its user, or empty when no usable link has that hash
   */
  public Optional<UserId> use(String tokenHash, Instant now) {
    return jdbc.sql(
            """
            UPDATE sign_in_links SET used_at = :now
            WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
            RETURNING user_id
            """)
        .param("hash", tokenHash)
        .param("now", Timestamp.from(now))
        .query((rs, n) -> new UserId(rs.getLong(1)))
        .optional();
  }

  /** Forgets links that expired before {@code cutoff}. */
  public int deleteExpiredBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM sign_in_links WHERE expires_at < :cutoff")
        .param("cutoff", Timestamp.from(cutoff))
        .update();
  }
}

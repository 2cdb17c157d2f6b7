package dev.allegro.auth.internal;

import dev.allegro.auth.User;
import dev.allegro.auth.UserId;
import dev.allegro.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} and {@code tenant_user} tables. */
@Repository
public class UserStore {

  private final JdbcClient jdbc;

  UserStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public User insert(String email, String name, boolean superAdmin) {
    return jdbc.sql(
            """
            INSERT INTO users (email, name, is_super_admin) VALUES (:email, :name, :admin)
            RETURNING id, email, name, email_verified_at, is_super_admin
            """)
        .param("email", email)
        .param("name", name)
        .param("admin", superAdmin)
        .query(UserStore::map)
        .single();
  }

  public java.util.List<String> memberEmails(TenantId tenant) {
    return jdbc.sql(
            "SELECT u.email FROM users u JOIN tenant_user m ON m.user_id = u.id"
                + " WHERE m.tenant_id = :tenant ORDER BY u.email")
        .param("tenant", tenant.value())
        .query(String.class)
        .list();
  }

  public Optional<User> findByEmail(String email) {
    return jdbc.sql(
            "SELECT id, email, name, email_verified_at, is_super_admin FROM users"
                + " WHERE email = :email")
        .param("email", email)
        .query(UserStore::map)
        .optional();
  }

  public Optional<User> findById(UserId id) {
    return jdbc.sql(
            "SELECT id, email, name, email_verified_at, is_super_admin FROM users WHERE id = :id")
        .param("id", id.value())
        .query(UserStore::map)
        .optional();
  }

  /** Records that the user proved the email is theirs, unless that was recorded before. */
  public void markEmailVerified(UserId id, java.time.Instant at) {
    jdbc.sql(
            "UPDATE users SET email_verified_at = :at, updated_at = now()"
                + " WHERE id = :id AND email_verified_at IS NULL")
        .param("id", id.value())
        .param("at", java.sql.Timestamp.from(at))
        .update();
  }

  public boolean anySuperAdmin() {
    return jdbc.sql("SELECT exists(SELECT 1 FROM users WHERE is_super_admin)")
        .query(Boolean.class)
        .single();
  }

  public void upsertMembership(UserId user, TenantId tenant, String role) {
    jdbc.sql(
            """
            INSERT INTO tenant_user (tenant_id, user_id, role) VALUES (:tenant, :user, :role)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = excluded.role
            """)
        .param("tenant", tenant.value())
        .param("user", user.value())
        .param("role", role)
        .update();
  }

  public boolean isMember(UserId user, TenantId tenant) {
    return jdbc.sql(
            "SELECT exists(SELECT 1 FROM tenant_user WHERE tenant_id = :tenant AND user_id = :user)")
        .param("tenant", tenant.value())
        .param("user", user.value())
        .query(Boolean.class)
        .single();
  }

  static User map(ResultSet rs, int row) throws SQLException {
    return new User(
        new UserId(rs.getLong("id")),
        rs.getString("email"),
        rs.getString("name"),
        instant(rs.getObject("email_verified_at", OffsetDateTime.class)),
        rs.getBoolean("is_super_admin"));
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}

package dev.allegro.audience.internal.profile;

import dev.allegro.tenancy.TenantId;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Whether a member exists for a tenant (not deleted). */
@Repository
class ProfileMembers {

  private final JdbcClient jdbc;

  ProfileMembers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean exists(TenantId tenant, UUID member) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM audience_members
                           WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL)
            """)
        .param("id", member)
        .param("tenant", tenant.value())
        .query(Boolean.class)
        .single();
  }
}

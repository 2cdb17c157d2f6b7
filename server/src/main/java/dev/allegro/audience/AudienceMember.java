package dev.allegro.audience;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person a tenant's sites know: the events' {@code audience_member_id}. One per tenant and email
 * (whatever its letter case).
 *
 * @param emailVerifiedAt when the member proved the address (a magic link followed), or {@code
 *     null}
 * @param lastSeenAt when the member last signed in, or {@code null}
 * @param deletedAt when the member was (softly) deleted, or {@code null}
 * @param foreignKeys the member's ids in the tenant's other systems, by key
 */
public record AudienceMember(
    UUID id,
    TenantId tenantId,
    String email,
    String name,
    Instant emailVerifiedAt,
    Instant createdAt,
    Instant lastSeenAt,
    Instant deletedAt,
    List<ForeignKey> foreignKeys) {

  public AudienceMember {
    foreignKeys = List.copyOf(foreignKeys);
  }

  /** The member's id in another system of the tenant: unique per tenant and key. */
  public record ForeignKey(String key, String value) {}

  public boolean deleted() {
    return deletedAt != null;
  }
}

package dev.allegro.audience;

import dev.allegro.audience.internal.members.MemberStore;
import dev.allegro.tenancy.TenantId;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's audience members, as the rest of the platform asks about them. A softly deleted member
 * is not found here; asking for its email again ({@link #findOrCreate}) brings it back.
 */
@Service
public class AudienceMembers {

  private final MemberStore store;
  private final Clock clock;

  AudienceMembers(MemberStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A member and whether this call created it. */
  public record Found(AudienceMember member, boolean created) {}

  /** The member, unless it does not exist, belongs to another tenant or was deleted. */
  public Optional<AudienceMember> find(TenantId tenant, UUID memberId) {
    return store.find(tenant, memberId).filter(m -> !m.deleted());
  }

  /** The member with that email (in any letter case), unless deleted. */
  public Optional<AudienceMember> findByEmail(TenantId tenant, String email) {
    return store.findByEmail(tenant, email).filter(m -> !m.deleted());
  }

  /**
   * The member with {@code email}, created when there is none (with {@code name}, which may be
   * {@code null}) and restored when it was deleted. Two calls at once for one email make one
   * member.
   *
   * @param email a valid address; its letter case is kept, but matching ignores it
   */
  @Transactional
  public Found findOrCreate(TenantId tenant, String email, String name) {
    String address = email.trim();
    var inserted = store.insertIfAbsent(tenant, address, name, clock.instant());
    if (inserted.isPresent()) {
      return new Found(store.find(tenant, inserted.get()).orElseThrow(), true);
    }
    var existing = store.findByEmail(tenant, address.toLowerCase(Locale.ROOT)).orElseThrow();
    if (existing.deleted()) {
      store.restore(tenant, existing.id());
      existing = store.find(tenant, existing.id()).orElseThrow();
    }
    return new Found(existing, false);
  }
}

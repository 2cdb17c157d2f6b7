package dev.allegro.audience.internal.profile;

import dev.allegro.tenancy.TenantId;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A member signing in has the profile pre-warmed (at most one job per window, as for events). */
@Component
class ProfileOnSignIn {

  private final Prewarming prewarming;

  ProfileOnSignIn(Prewarming prewarming) {
    this.prewarming = prewarming;
  }

  public void beforeTokenIssued(TenantId tenant, UUID memberId) {
    prewarming.request(tenant, memberId);
  }
}

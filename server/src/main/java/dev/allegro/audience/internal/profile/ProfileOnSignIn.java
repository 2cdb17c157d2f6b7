package dev.allegro.audience.internal.profile;

import dev.allegro.audience.SignInHook;
import dev.allegro.tenancy.TenantId;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A member signing in has the profile pre-warmed (at most one job per window, as for events). */
@Component
class ProfileOnSignIn implements SignInHook {

  private final Prewarming prewarming;

  ProfileOnSignIn(Prewarming prewarming) {
    this.prewarming = prewarming;
  }

  @Override
  public void beforeTokenIssued(TenantId tenant, UUID memberId) {
    prewarming.request(tenant, memberId);
  }
}

package dev.allegro.audience.internal.profile;

import dev.allegro.system.AllegroProperties;
import dev.allegro.tenancy.TenantId;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The profile feature's Redis keys, each in its tenant's slot: {@code allegro:{t:42}:...}. */
@Component
class ProfileKeys {

  private final String prefix;

  ProfileKeys(AllegroProperties properties) {
    this.prefix = properties.redisPrefix();
  }

  /** The member's cached profile (a JSON string with an expiry). */
  String profile(TenantId tenant, UUID member) {
    return prefix + "{t:" + tenant.value() + "}:audience:profile:" + member;
  }

  /** Set while a pre-warming job of the member waits: later events make no second one. */
  String prewarm(TenantId tenant, UUID member) {
    return prefix + "{t:" + tenant.value() + "}:audience:prewarm:" + member;
  }
}

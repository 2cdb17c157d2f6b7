package dev.allegro.audience;

import dev.allegro.tenancy.TenantId;
import java.util.UUID;

/**
 * Work that runs when a member signs in, after the magic link's token proved the address and before
 * the member's JWT is issued (so its claims can reflect it). Every bean of this type is called, in
 * order; one that throws is logged and the sign-in goes on. An implementation bounds its own time:
 * the member waits for it.
 */
public interface SignInHook {

  void beforeTokenIssued(TenantId tenant, UUID memberId);
}

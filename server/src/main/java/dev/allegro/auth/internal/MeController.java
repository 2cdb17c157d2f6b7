package dev.allegro.auth.internal;

import dev.allegro.auth.Access;
import dev.allegro.tenancy.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: the first call a consumer makes to check its set-up. */
@RestController
class MeController {

  record UserView(
      long id, String name, String email, Instant emailVerifiedAt, boolean isSuperAdmin) {}

  record TenantView(long id, String slug, String name) {}

  record TokenView(long id, String name) {}

  record Me(UserView user, TenantView tenant, TokenView token, List<String> abilities) {}

  @GetMapping("/api/v1/me")
  Map<String, Me> me(Access access, Tenant tenant) {
    var user = access.user();
    return Map.of(
        "data",
        new Me(
            new UserView(
                user.id().value(),
                user.name(),
                user.email(),
                user.emailVerifiedAt(),
                user.superAdmin()),
            new TenantView(tenant.id().value(), tenant.slug(), tenant.name()),
            new TokenView(access.tokenId(), access.tokenName()),
            access.abilities().values()));
  }
}

package dev.allegro.test;

import dev.allegro.auth.Abilities;
import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.User;
import dev.allegro.auth.Users;
import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.tenancy.NewTenant;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.test.context.TestComponent;

/** Builders for the landlord data tests need: tenants on {@code <slug>.test}, users, tokens. */
@TestComponent
public class TestData {

  private final Tenants tenants;
  private final Users users;
  private final AccessTokens tokens;
  private final FeatureFlags flags;

  TestData(Tenants tenants, Users users, AccessTokens tokens, FeatureFlags flags) {
    this.tenants = tenants;
    this.users = users;
    this.tokens = tokens;
    this.flags = flags;
  }

  public Tenant tenant(String slug, FeatureFlag... active) {
    var tenant = tenants.create(new NewTenant(slug, slug + " inc.", List.of(host(slug))));
    for (FeatureFlag flag : active) {
      flags.activate(flag, tenant.id());
    }
    return tenant;
  }

  public static String host(String slug) {
    return slug + ".test";
  }

  public User member(String email, Tenant... of) {
    var user = users.create(email, null, false);
    for (Tenant tenant : of) {
      users.addMember(user.id(), tenant.id(), "member");
    }
    return user;
  }

  public User superAdmin(String email) {
    return users.create(email, null, true);
  }

  public String token(User user, String... abilities) {
    var granted = abilities.length == 0 ? Abilities.ALL : new Abilities(List.of(abilities));
    return tokens.create(user.id(), "test", granted, null).plainText();
  }

  public String tokenExpiringAt(User user, Instant expiresAt) {
    return tokens.create(user.id(), "test", Abilities.ALL, expiresAt).plainText();
  }
}

package dev.allegro.auth;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Environment;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Who may use the {@code /horizon} dashboard, as the seed's {@code viewHorizon} gate says: super
 * admins whose email is verified and whose domain is one of {@code HORIZON_ALLOWED_DOMAINS}. In
 * {@code APP_ENV=local} the dashboard is open without signing in, as Horizon's default is.
 */
@Service
public class HorizonGate {

  private final List<String> allowedDomains;
  private final boolean local;

  HorizonGate(AuthProperties properties, AllegroProperties allegro) {
    this.allowedDomains =
        properties.horizonAllowedDomains().stream()
            .map(d -> d.trim().toLowerCase(Locale.ROOT))
            .filter(d -> !d.isEmpty())
            .toList();
    this.local = allegro.env() == Environment.LOCAL;
  }

  /** Whether the dashboard is open to anyone ({@code APP_ENV=local}). */
  public boolean open() {
    return local;
  }

  /** Whether {@code user}, signed in through a mailed link, may use the dashboard. */
  public boolean allows(User user) {
    return allowsToken(user) && user.emailVerifiedAt() != null;
  }

  /**
   * Whether a bearer token of {@code user} may call the dashboard's JSON API: a super admin of an
   * allowed domain (an operator made the token for them).
   */
  public boolean allowsToken(User user) {
    return user.superAdmin() && allowedDomains.contains(domain(user.email()));
  }

  /** Whether a sign-in link is worth sending to {@code user}. */
  boolean maySignIn(User user) {
    return allowsToken(user);
  }

  private static String domain(String email) {
    return email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
  }
}

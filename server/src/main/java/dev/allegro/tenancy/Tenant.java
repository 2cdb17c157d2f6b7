package dev.allegro.tenancy;

import java.time.Instant;
import java.util.List;

/**
 * A customer of the platform, with the hosts its sites and API are served on.
 *
 * @param allowedOrigins browser origins allowed to call its SDK endpoints; {@code null} for any
 * @param sdkCookieDomain the {@code Domain} of the browser SDK's cookies on its sites; {@code null}
 *     for the page's own host
 */
public record Tenant(
    TenantId id,
    String slug,
    String name,
    List<String> domains,
    List<String> allowedOrigins,
    Instant createdAt,
    String sdkCookieDomain) {

  public Tenant(
      TenantId id,
      String slug,
      String name,
      List<String> domains,
      List<String> allowedOrigins,
      Instant createdAt) {
    this(id, slug, name, domains, allowedOrigins, createdAt, null);
  }

  public boolean allowsOrigin(String origin) {
    return allowedOrigins == null || allowedOrigins.contains(origin);
  }
}

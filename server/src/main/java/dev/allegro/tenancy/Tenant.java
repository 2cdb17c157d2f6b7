package dev.allegro.tenancy;

import java.time.Instant;
import java.util.List;

/**
 * A customer of the platform, with the hosts its sites and API are served on.
 *
 * @param allowedOrigins browser origins allowed to call its SDK endpoints; {@code null} for any
 */
public record Tenant(
    TenantId id,
    String slug,
    String name,
    List<String> domains,
    List<String> allowedOrigins,
    Instant createdAt) {

  public boolean allowsOrigin(String origin) {
    return allowedOrigins == null || allowedOrigins.contains(origin);
  }
}

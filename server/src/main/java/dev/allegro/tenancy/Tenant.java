package dev.allegro.tenancy;

import java.time.Instant;
import java.util.List;

/** A customer of the platform, with the hosts its sites and API are served on. */
public record Tenant(
    TenantId id, String slug, String name, List<String> domains, Instant createdAt) {}

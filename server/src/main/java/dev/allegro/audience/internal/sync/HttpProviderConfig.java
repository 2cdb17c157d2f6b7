package dev.allegro.audience.internal.sync;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;

/**
 * A tenant's generic HTTP provider.
 *
 * @param authHeaderName the header that authenticates requests (e.g. {@code Authorization}), or
 *     null for none
 * @param authHeaderSealed its value, sealed by the webhooks' cipher; never shown
 */
record HttpProviderConfig(
    TenantId tenant,
    String url,
    String authHeaderName,
    String authHeaderSealed,
    int batchSize,
    boolean enabled,
    Instant updatedAt) {

  static final int MAX_BATCH = 500;
  static final int DEFAULT_BATCH = 100;
}

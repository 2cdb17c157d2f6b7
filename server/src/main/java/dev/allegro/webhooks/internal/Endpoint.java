package dev.allegro.webhooks.internal;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's webhook endpoint.
 *
 * @param previousSecret the secret before the last rotation, signing until {@code
 *     previousSecretUntil}; null when none
 * @param failingSince when it began failing every attempt; null while it answers
 * @param disabledReason why the platform turned it off (410, days of failures); null otherwise
 */
record Endpoint(
    UUID id,
    TenantId tenant,
    String url,
    List<String> eventTypes,
    String description,
    boolean active,
    String secret,
    String previousSecret,
    Instant previousSecretUntil,
    Instant failingSince,
    int failureCount,
    String disabledReason,
    Instant createdAt) {

  static final String ANY = "*";

  boolean wants(String eventType) {
    return eventTypes.contains(ANY) || eventTypes.contains(eventType);
  }

  /** The secrets that sign a request sent at {@code now}: the current one first. */
  List<String> signingSecrets(Instant now) {
    var secrets = new ArrayList<String>();
    secrets.add(secret);
    if (previousSecret != null
        && previousSecretUntil != null
        && now.isBefore(previousSecretUntil)) {
      secrets.add(previousSecret);
    }
    return secrets;
  }
}

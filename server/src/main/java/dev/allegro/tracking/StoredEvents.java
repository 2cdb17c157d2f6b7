package dev.allegro.tracking;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a tenant's stored events back, for features that send them again (a webhook replay). Each
 * comes as the Event Queue serves it, built from the stored row; only {@code data}'s key order may
 * differ from the original, as PostgreSQL's {@code jsonb} keeps its own.
 */
public interface StoredEvents {

  /**
   * One stored event.
   *
   * @param createdAt the interaction time
   * @param queueCreatedAt the interaction time as the Event Queue writes it (its JSON's {@code
   *     created_at})
   * @param json the event as the Event Queue serves it
   * @param receivedAt when it was received
   */
  record Stored(
      UUID id,
      String type,
      Instant createdAt,
      String queueCreatedAt,
      String json,
      Instant receivedAt) {}

  /**
   * The tenant's events of interaction time in {@code [from, to)}, oldest first.
   *
   * @param types the event types to read; empty for every type
   * @param limit at most this many
   */
  List<Stored> between(TenantId tenant, Instant from, Instant to, Set<String> types, int limit);

  /**
   * The tenant's events received in {@code [from, to)}, in interaction-time order, after {@code
   * after}: one page of a walk through them that reads each once.
   *
   * @param types the event types to read; empty for every type
   * @param after the last event of the page before, or null for the first page
   * @param limit at most this many
   */
  List<Stored> receivedBetween(
      TenantId tenant, Instant from, Instant to, Set<String> types, Stored after, int limit);
}

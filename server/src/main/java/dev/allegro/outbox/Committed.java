package dev.allegro.outbox;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * What an ingestion commit hands to the outbox: a tracked event or an SDK heartbeat, with the JSON
 * its consumers receive (an event exactly as the Event Queue serves it). Each {@link OutboxTarget}
 * says which it takes.
 */
public sealed interface Committed {

  TenantId tenant();

  /** The item as its consumers receive it. */
  String json();

  /**
   * A tracked event.
   *
   * @param audienceMemberId the member it belongs to, or null
   * @param createdAt the interaction time, as the Event Queue serves it (its JSON's {@code
   *     created_at})
   */
  record Event(
      TenantId tenant, UUID id, String type, String audienceMemberId, String createdAt, String json)
      implements Committed {}

  /** A page view's cumulative active time, as the SDK reported it. */
  record Heartbeat(TenantId tenant, UUID eventId, Instant receivedAt, String json)
      implements Committed {}
}

package dev.allegro.webhooks.internal;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's forwarder: each event of its types is sent to an external tracking service as the body
 * its mapping builds (seed: event-tracking-with-queues).
 *
 * @param headers request headers, stored encrypted
 * @param mapping body field to the event path it takes its value from
 * @param successStatus the one status that counts as sent
 * @param queue the job queue its sends wait on
 */
record Forwarder(
    UUID id,
    TenantId tenant,
    String url,
    String method,
    List<String> eventTypes,
    Map<String, String> headers,
    Map<String, String> mapping,
    int successStatus,
    String queue,
    Instant createdAt) {

  boolean wants(String eventType) {
    return eventTypes.contains(Endpoint.ANY) || eventTypes.contains(eventType);
  }
}

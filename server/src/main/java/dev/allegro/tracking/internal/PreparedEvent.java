package dev.allegro.tracking.internal;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * A validated, enriched event ready to store, with the JSON its tenant's queue will carry.
 *
 * @param clientSuppliedId whether {@code id} came from the client (and so is checked for repeats)
 * @param payload the event's JSON on the queue (computed on the request's thread)
 */
record PreparedEvent(
    UUID id,
    TenantId tenant,
    String type,
    String sessionId,
    String deviceId,
    String audienceMemberId,
    String url,
    String pageHostname,
    String pagePath,
    String referer,
    String pageTitle,
    String contentType,
    String contentId,
    String publisher,
    String objectType,
    String objectId,
    String context,
    String data,
    Integer eventSequence,
    String userAgent,
    String ipAddress,
    Instant createdAt,
    Instant clientCreatedAt,
    Instant receivedAt,
    boolean clientSuppliedId,
    String payload) {}

package dev.allegro.tracking.internal;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;

/** A page view's cumulative active time as the SDK reported it, with its queue JSON. */
record PageHeartbeat(
    TenantId tenant, UUID eventId, int activeSeconds, Instant at, String payload) {}

package dev.allegro.eventqueue;

import dev.allegro.tenancy.TenantId;

/** One item bound for a tenant's queue: its JSON exactly as consumers will read it. */
public record OutboxItem(TenantId tenant, QueueKind queue, String payload) {}

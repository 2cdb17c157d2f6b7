package dev.allegro.streams;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;

/**
 * A program outside Allegro that reads tenants' events through subscription queues.
 *
 * @param tenant the tenant an in-house app belongs to; {@code null} for a public app
 */
public record App(long id, String name, AppType type, TenantId tenant, Instant createdAt) {}

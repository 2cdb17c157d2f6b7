package dev.allegro.tenancy;

/**
 * A tenant was deleted: published by {@link Tenants#delete} in its transaction, for each module to
 * delete what it keeps of the tenant outside PostgreSQL's cascades (its outbox rows, its Redis
 * keys). Published again, outside a transaction, by the hourly {@code outbox:purge} for a deleted
 * tenant a late relay pass wrote for. Listeners are idempotent.
 */
public record TenantDeleted(TenantId tenant) {}

package dev.allegro.eventqueue;

/**
 * How far a tenant's queue is from drained.
 *
 * @param depth items waiting: on the Redis list, and committed to the outbox but not yet pushed
 *     (normally none; many while Redis was down, or while the list sits at {@code EVENTQUEUE_CAP})
 * @param oldestAgeSeconds how long the oldest waiting item has waited, by its {@code created_at};
 *     null when none waits
 */
public record QueueState(long depth, Long oldestAgeSeconds) {}

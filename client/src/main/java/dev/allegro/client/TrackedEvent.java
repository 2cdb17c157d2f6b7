package dev.allegro.client;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as the {@link Tracker} sends it: with the id and interaction time fixed at {@code track}
 * time, so that every retry sends the same id and the server counts it once.
 *
 * @param id the event's id, sent as {@code id}
 * @param createdAt the interaction time, sent as {@code created_at}
 * @param event the event
 */
public record TrackedEvent(UUID id, Instant createdAt, Event event) {}

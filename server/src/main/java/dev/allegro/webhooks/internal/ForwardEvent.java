package dev.allegro.webhooks.internal;

import dev.allegro.jobs.Job;
import java.util.UUID;

/**
 * Sends one event to one forwarder's service.
 *
 * @param body built when the event was committed, so every try sends the interaction's own time
 */
record ForwardEvent(UUID forwarder, UUID eventId, String body) implements Job {}

package dev.allegro.streams.internal;

/**
 * An event as a pull answers it.
 *
 * @param payload the event as the Event Queue serves it, a JSON object in UTF-8, as stored: the
 *     answer carries it as it is ({@link PullAnswer})
 */
record StreamEvent(String id, String tenant, String type, String createdAt, byte[] payload) {}

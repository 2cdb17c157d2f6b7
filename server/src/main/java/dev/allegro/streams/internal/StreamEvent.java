package dev.allegro.streams.internal;

/**
 * An event as a pull answers it.
 *
 * @param json {@code {"id", "tenant", "type", "created_at", "payload"}} in UTF-8, as stored for the
 *     queues, where {@code payload} is the event as the Event Queue serves it: the answer carries
 *     it as it is ({@link PullAnswer})
 */
record StreamEvent(byte[] json) {}

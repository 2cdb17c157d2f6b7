package dev.allegro.streams.internal;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * An event as a pull answers it.
 *
 * @param payload the event as the Event Queue serves it, a JSON object
 */
record StreamEvent(
    String id, String tenant, String type, String createdAt, @JsonRawValue String payload) {}

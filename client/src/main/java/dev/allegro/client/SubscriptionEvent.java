package dev.allegro.client;

import tools.jackson.databind.JsonNode;

/**
 * An event pulled from a subscription queue.
 *
 * @param tenant the slug of the tenant it was tracked for
 * @param payload the event as the Event Queue serves it
 */
public record SubscriptionEvent(
    String id, String tenant, String type, String createdAt, JsonNode payload) {}

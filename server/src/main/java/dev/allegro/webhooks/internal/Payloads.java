package dev.allegro.webhooks.internal;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of a webhook request: {@code {"id", "event", "created_at", "data"}}, where {@code data}
 * is the event as the Event Queue serves it and {@code created_at} its interaction time.
 */
final class Payloads {

  static final String PING = "ping";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Payloads() {}

  /** An event read from its outbox row. */
  record Event(UUID id, String type, String createdAt, JsonNode json) {

    static Event parse(String json) {
      JsonNode node = JSON.readTree(json);
      return new Event(
          UUID.fromString(node.path("id").asString()),
          node.path("type").asString(),
          node.path("created_at").asString(),
          node);
    }

    String payload() {
      return body(id, type, createdAt, json);
    }
  }

  static String ping(UUID id, UUID endpoint, Instant now) {
    ObjectNode data = JSON.createObjectNode();
    data.put("endpoint_id", endpoint.toString());
    data.put("message", "Allegro webhooks are set up for this endpoint.");
    return body(id, PING, now.toString(), data);
  }

  private static String body(UUID id, String event, String createdAt, JsonNode data) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id.toString());
    body.put("event", event);
    body.put("created_at", createdAt);
    body.set("data", data);
    return JSON.writeValueAsString(body);
  }
}

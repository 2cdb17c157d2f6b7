package dev.allegro.client;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * One beat read from the tenant's heartbeat queue: the cumulative active time of a page view.
 *
 * @param eventId the page view's event id (UUID)
 * @param activeSeconds the page view's cumulative active seconds
 * @param createdAt when the server received the beat
 * @param json the whole item as the server sent it
 */
public record Heartbeat(
    String eventId, long activeSeconds, OffsetDateTime createdAt, JsonNode json) {

  static Heartbeat from(JsonNode item) {
    JsonNode seconds = item.get("active_seconds");
    return new Heartbeat(
        Json.text(item, "event_id"),
        seconds == null ? 0 : seconds.asLong(),
        Json.time(item, "created_at"),
        item);
  }
}

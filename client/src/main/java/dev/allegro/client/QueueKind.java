package dev.allegro.client;

import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What tells the two queues apart: the path, the body's list key, the item field matched by {@code
 * last_id} and the item decoder.
 */
record QueueKind<T>(
    String path, String itemsKey, String idField, String name, Function<JsonNode, T> decoder) {

  static final QueueKind<QueuedEvent> EVENTS =
      new QueueKind<>("/api/platform/events", "events", "id", "events", QueuedEvent::from);

  static final QueueKind<Heartbeat> HEARTBEATS =
      new QueueKind<>(
          "/api/platform/heartbeats", "heartbeats", "event_id", "heartbeats", Heartbeat::from);
}

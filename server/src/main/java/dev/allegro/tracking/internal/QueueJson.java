package dev.allegro.tracking.internal;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event's JSON as the Event Queue serves it: exactly the seed's fields, in the seed's order, and
 * {@code data} when present. Built once at ingestion and again from the stored row for a replay, so
 * both read the same.
 */
final class QueueJson {

  private QueueJson() {}

  static String of(
      JsonMapper json,
      UUID id,
      String type,
      String sessionId,
      String audienceMemberId,
      String url,
      String hostname,
      String path,
      String userAgent,
      String ip,
      Integer sequence,
      Instant createdAt,
      JsonNode dataNode) {
    ObjectNode item = json.createObjectNode();
    item.put("id", id.toString());
    item.put("type", type);
    item.put("session_id", sessionId);
    item.put("audience_member_id", audienceMemberId);
    item.put("url", url);
    item.put("page_hostname", hostname);
    item.put("page_path", path);
    item.put("user_agent", userAgent);
    item.put("ip_address", ip);
    item.put("event_sequence", sequence);
    item.put("created_at", EventParser.QUEUE_TIME.format(createdAt));
    if (dataNode != null) {
      item.set("data", dataNode);
    }
    return json.writeValueAsString(item);
  }
}

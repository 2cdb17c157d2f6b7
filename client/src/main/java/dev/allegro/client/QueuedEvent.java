package dev.allegro.client;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * One event read from the tenant's event queue, with the fields the queue carries. {@link #json()}
 * is the whole item as the server sent it, for fields this class does not name.
 *
 * @param id the event's id (UUID)
 * @param type the event type, e.g. {@code page_view}
 * @param sessionId the session id
 * @param audienceMemberId the audience member, or {@code null}
 * @param url the page URL, or {@code null}
 * @param pageHostname the URL's host name, or {@code null}
 * @param pagePath the URL's path, or {@code null}
 * @param userAgent the user agent, or {@code null}
 * @param ipAddress the client IP address, or {@code null}
 * @param eventSequence the client's sequence number, or {@code null}
 * @param createdAt when the interaction happened, or {@code null} if the item had none
 * @param data the free-form data, or {@code null} when the event has none
 * @param json the whole item
 */
public record QueuedEvent(
    String id,
    String type,
    String sessionId,
    String audienceMemberId,
    String url,
    String pageHostname,
    String pagePath,
    String userAgent,
    String ipAddress,
    Long eventSequence,
    OffsetDateTime createdAt,
    JsonNode data,
    JsonNode json) {

  static QueuedEvent from(JsonNode item) {
    JsonNode data = item.get("data");
    JsonNode sequence = item.get("event_sequence");
    return new QueuedEvent(
        Json.text(item, "id"),
        Json.text(item, "type"),
        Json.text(item, "session_id"),
        Json.text(item, "audience_member_id"),
        Json.text(item, "url"),
        Json.text(item, "page_hostname"),
        Json.text(item, "page_path"),
        Json.text(item, "user_agent"),
        Json.text(item, "ip_address"),
        sequence == null || sequence.isNull() ? null : sequence.asLong(),
        Json.time(item, "created_at"),
        data == null || data.isNull() ? null : data,
        item);
  }
}

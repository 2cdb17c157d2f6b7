package dev.allegro.tracking.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.tenancy.TenantId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates one input event and enriches it: id, client address and agent, host and path from the
 * url, and an interaction time the client may state within sane bounds.
 */
final class EventParser {

  static final int MAX_EVENT_BYTES = 32 * 1024;
  static final int MAX_DATA_BYTES = 8 * 1024;
  static final Duration MAX_AHEAD = Duration.ofMinutes(5);
  static final Duration MAX_BEHIND = Duration.ofHours(72);
  static final DateTimeFormatter QUEUE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private static final Pattern TYPE = Pattern.compile("[a-z0-9_.:-]{1,64}");

  /**
   * Version 7 ids, increasing also within a millisecond: ordered by interaction time and id, the
   * events of one request without a time of their own read back in their order (a subscription
   * queue rebuilt from the events table relies on it). The generator's lock is held for a few
   * nanoseconds per id.
   */
  private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

  private final JsonMapper json;

  EventParser(JsonMapper json) {
    this.json = json;
  }

  /** Where the event came from, as the request tells it. */
  record Origin(TenantId tenant, String ipAddress, String userAgent, boolean fromSdk) {}

  /**
   * @param field the error prefix: {@code events.3} in a batch, empty for a single event
   * @return the event, or {@code null} when {@code errors} received why not
   */
  PreparedEvent parse(
      JsonNode node,
      String field,
      Origin origin,
      Instant now,
      FieldErrors errors,
      boolean bodyWithinEventLimit) {
    String at = field.isEmpty() ? "" : field + ".";
    if (node == null || !node.isObject()) {
      errors.add(field.isEmpty() ? "event" : field, "The event must be a JSON object.");
      return null;
    }
    if (!bodyWithinEventLimit
        && node.toString().getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
      errors.add(field.isEmpty() ? "event" : field, "The event must not be larger than 32 KB.");
      return null;
    }
    var f = new EventFields(node, at, errors);
    String type = f.text("type", 64, true);
    if (type != null && !TYPE.matcher(type).matches()) {
      errors.add(at + "type", "The " + at + "type field format is invalid.");
    }
    String sessionId = f.text("session_id", 255, true);
    String url = f.text("url", 2048, origin.fromSdk());
    String hostname = null;
    String path = null;
    if (url != null) {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
          throw new URISyntaxException(url, "not http(s)");
        }
        hostname = uri.getHost().toLowerCase(Locale.ROOT);
        path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      } catch (URISyntaxException e) {
        errors.add(at + "url", "The " + at + "url field must be a valid http or https URL.");
      }
    }
    String context = f.json("context", MAX_DATA_BYTES, false);
    String data = f.json("data", MAX_DATA_BYTES, true);
    Integer sequence = f.integer("event_sequence", 0, false);
    Instant stated = f.time("created_at");
    UUID clientId = f.uuid("id", false);
    String ip =
        origin.fromSdk()
            ? withoutNul(origin.ipAddress())
            : orElse(f.text("ip_address", 45, false), withoutNul(origin.ipAddress()));
    String agent =
        origin.fromSdk()
            ? withoutNul(origin.userAgent())
            : orElse(f.text("user_agent", 1024, false), withoutNul(origin.userAgent()));
    String deviceId = f.text("device_id", 255, false);
    String audienceMemberId = f.text("audience_member_id", 255, false);
    String referer = f.text("referer", 2048, false);
    String pageTitle = f.text("page_title", 1024, false);
    String contentType = f.text("content_type", 255, false);
    String contentId = f.text("content_id", 255, false);
    String publisher = f.text("publisher", 255, false);
    String objectType = f.text("object_type", 255, false);
    String objectId = f.text("object_id", 255, false);
    if (!f.valid()) {
      return null;
    }
    UUID id = clientId != null ? clientId : UUID_V7.generate();
    Instant createdAt = interactionTime(stated, now);
    String userAgent = truncate(agent, 1024);
    String payload =
        QueueJson.of(
            json,
            id,
            type,
            sessionId,
            audienceMemberId,
            url,
            hostname,
            path,
            userAgent,
            ip,
            sequence,
            createdAt,
            data == null ? null : node.get("data"));
    return new PreparedEvent(
        id,
        origin.tenant(),
        type,
        sessionId,
        deviceId,
        audienceMemberId,
        url,
        hostname,
        path,
        referer,
        pageTitle,
        contentType,
        contentId,
        publisher,
        objectType,
        objectId,
        context,
        data,
        sequence,
        userAgent,
        ip,
        createdAt,
        createdAt.equals(stated) || stated == null ? null : stated,
        now,
        clientId != null,
        payload);
  }

  /** A client time more than 5 minutes ahead or 72 hours behind is replaced by the receipt. */
  static Instant interactionTime(Instant stated, Instant now) {
    if (stated == null
        || stated.isAfter(now.plus(MAX_AHEAD))
        || stated.isBefore(now.minus(MAX_BEHIND))) {
      return now;
    }
    return stated;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  /** What the request's headers carry is stored too: PostgreSQL's text cannot hold a NUL. */
  private static String withoutNul(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}

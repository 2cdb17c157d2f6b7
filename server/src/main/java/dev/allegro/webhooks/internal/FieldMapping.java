package dev.allegro.webhooks.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a forwarder's body from an event: each body field takes the value at an event path ({@code
 * data.book_id}, {@code session_id}); {@code |unix} after a time path sends it as unix seconds
 * ({@code created_at|unix}, the interaction time). A path the event lacks gives null.
 */
final class FieldMapping {

  static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*(\\|unix)?");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String UNIX = "|unix";

  private FieldMapping() {}

  static String body(Map<String, String> mapping, JsonNode event) {
    ObjectNode body = JSON.createObjectNode();
    mapping.forEach((field, source) -> body.set(field, value(event, source)));
    return JSON.writeValueAsString(body);
  }

  private static JsonNode value(JsonNode event, String source) {
    boolean unix = source.endsWith(UNIX);
    String path = unix ? source.substring(0, source.length() - UNIX.length()) : source;
    JsonNode node = event;
    for (String step : path.split("\\.")) {
      node = node.path(step);
    }
    if (node.isMissingNode()) {
      return JSON.nullNode();
    }
    if (unix && node.isString()) {
      try {
        return JSON.getNodeFactory()
            .numberNode(OffsetDateTime.parse(node.asString()).toEpochSecond());
      } catch (DateTimeParseException e) {
        return JSON.nullNode();
      }
    }
    return node;
  }
}

package dev.allegro.client;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one Jackson mapper of the client and tolerant field readers. */
final class Json {

  static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  /**
   * An ISO-8601 time with offset, or epoch milliseconds; {@code null} when absent or unreadable.
   */
  static OffsetDateTime time(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      return Instant.ofEpochMilli(value.asLong()).atOffset(ZoneOffset.UTC);
    }
    try {
      return OffsetDateTime.parse(value.asString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

package dev.allegro.tracking.internal;

import dev.allegro.system.web.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Reads typed fields of one event, adding Laravel-style messages for the invalid ones. */
final class EventFields {
  private final JsonNode node;
  private final String at;
  private final FieldErrors errors;
  private boolean valid = true;

  EventFields(JsonNode node, String at, FieldErrors errors) {
    this.node = node;
    this.at = at;
    this.errors = errors;
  }

  boolean valid() {
    return valid;
  }

  private void fail(String name, String message) {
    valid = false;
    errors.add(at + name, "The " + at + name + " field " + message);
  }

  private JsonNode present(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  String text(String name, int max, boolean required) {
    JsonNode value = present(name);
    if (value == null || (value.isString() && value.asString().isEmpty())) {
      if (required) {
        fail(name, "is required.");
      }
      return null;
    }
    if (!value.isString() && !value.isNumber()) {
      fail(name, "must be a string.");
      return null;
    }
    String text = value.asString();
    if (text.length() > max) {
      fail(name, "must not be greater than " + max + " characters.");
      return null;
    }
    return text;
  }

  String json(String name, int maxBytes, boolean objectOnly) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (objectOnly ? !value.isObject() : !(value.isObject() || value.isString())) {
      fail(name, objectOnly ? "must be an object." : "must be an object or a string.");
      return null;
    }
    String text = value.toString();
    if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      fail(name, "must not be larger than " + maxBytes / 1024 + " KB.");
      return null;
    }
    return text;
  }

  Integer nonNegativeInt(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      fail(name, "must be an integer.");
      return null;
    }
    if (value.asInt() < 0) {
      fail(name, "must be at least 0.");
      return null;
    }
    return value.asInt();
  }

  Instant time(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return Instant.ofEpochMilli(value.asLong());
    }
    if (value.isString()) {
      String text = value.asString().trim();
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notOffset) {
        try {
          return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
          // reported below
        }
      }
    }
    fail(name, "must be an ISO-8601 date-time or epoch milliseconds.");
    return null;
  }

  UUID uuid(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    try {
      if (value.isString() && value.asString().length() == 36) {
        return UUID.fromString(value.asString());
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    fail(name, "must be a valid UUID.");
    return null;
  }
}

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

/**
 * Reads typed fields of one event, adding Laravel-style messages for the invalid ones. What it lets
 * through, PostgreSQL can store: no NUL character in any text or JSON (which {@code text} and
 * {@code jsonb} refuse), no time outside 1970 to 9999.
 */
final class EventFields {

  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

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
    if (text.indexOf('\0') >= 0) {
      fail(name, "must not contain NUL characters.");
      return null;
    }
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
    switch (unstorable(value)) {
      case NUL -> fail(name, "must not contain NUL characters.");
      case NUMBER -> fail(name, "must not contain numbers beyond the range of a double.");
      case NONE -> {
        return text;
      }
    }
    return null;
  }

  private enum Unstorable {
    NONE,
    NUL,
    NUMBER
  }

  /**
   * What in a JSON value, keys included and at any depth, {@code jsonb} would refuse (a NUL) or the
   * JSON writer would turn into a string (a number parsed as an infinite double).
   */
  private static Unstorable unstorable(JsonNode value) {
    if (value.isString()) {
      return value.asString().indexOf('\0') >= 0 ? Unstorable.NUL : Unstorable.NONE;
    }
    if (value.isDouble() || value.isFloat()) {
      return Double.isFinite(value.asDouble()) ? Unstorable.NONE : Unstorable.NUMBER;
    }
    if (value.isObject()) {
      for (var property : value.properties()) {
        if (property.getKey().indexOf('\0') >= 0) {
          return Unstorable.NUL;
        }
        Unstorable inside = unstorable(property.getValue());
        if (inside != Unstorable.NONE) {
          return inside;
        }
      }
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        Unstorable inside = unstorable(element);
        if (inside != Unstorable.NONE) {
          return inside;
        }
      }
    }
    return Unstorable.NONE;
  }

  Integer integer(String name, int min, boolean required) {
    JsonNode value = present(name);
    if (value == null) {
      if (required) {
        fail(name, "is required.");
      }
      return null;
    }
    if (!value.isIntegralNumber()) {
      fail(name, "must be an integer.");
      return null;
    }
    if (!value.canConvertToInt() && value.bigIntegerValue().signum() > 0) {
      fail(name, "must not be greater than " + Integer.MAX_VALUE + ".");
      return null;
    }
    if (!value.canConvertToInt() || value.asInt() < min) {
      fail(name, "must be at least " + min + ".");
      return null;
    }
    return value.asInt();
  }

  Instant time(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    Instant time = null;
    if (value.isIntegralNumber()) {
      time = value.canConvertToLong() ? Instant.ofEpochMilli(value.asLong()) : Instant.MAX;
    } else if (value.isString()) {
      String text = value.asString().trim();
      try {
        time = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notOffset) {
        try {
          time = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
          // reported below
        }
      }
    }
    if (time == null) {
      fail(name, "must be an ISO-8601 date-time or epoch milliseconds.");
      return null;
    }
    if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
      fail(name, "must be a time between 1970-01-01 and 9999-12-31.");
      return null;
    }
    return time;
  }

  UUID uuid(String name, boolean required) {
    JsonNode value = present(name);
    if (value == null) {
      if (required) {
        fail(name, "is required.");
      }
      return null;
    }
    if (value.isString() && value.asString().indexOf('\0') >= 0) {
      fail(name, "must not contain NUL characters.");
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

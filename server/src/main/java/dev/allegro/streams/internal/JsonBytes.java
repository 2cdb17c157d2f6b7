package dev.allegro.streams.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON written straight into a growing byte array: text known to need no escaping, escaped strings,
 * and JSON copied as it is (a stored payload is never parsed and written again).
 */
final class JsonBytes {

  private byte[] out;
  private int size;

  JsonBytes(int capacity) {
    out = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  byte[] toArray() {
    return out.length == size ? out : Arrays.copyOf(out, size);
  }

  /**
   * One event as a pull answers it, {@code {"id", "tenant", "type", "created_at", "payload"}}: the
   * payload is {@code length} bytes of {@code json} from {@code offset}, the event as the Event
   * Queue serves it.
   */
  JsonBytes event(
      String id,
      String tenant,
      String type,
      String createdAt,
      byte[] json,
      int offset,
      int length) {
    ascii("{\"id\":");
    string(id);
    ascii(",\"tenant\":");
    string(tenant);
    ascii(",\"type\":");
    string(type);
    ascii(",\"created_at\":");
    string(createdAt);
    ascii(",\"payload\":");
    raw(json, offset, length);
    return ascii("}");
  }

  private void room(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
    }
  }

  JsonBytes raw(byte[] bytes) {
    return raw(bytes, 0, bytes.length);
  }

  JsonBytes raw(byte[] bytes, int offset, int length) {
    room(length);
    System.arraycopy(bytes, offset, out, size, length);
    size += length;
    return this;
  }

  /** Text known to need no escaping. */
  JsonBytes ascii(String text) {
    room(text.length());
    for (int i = 0; i < text.length(); i++) {
      out[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** A JSON string; null as null. */
  JsonBytes string(String text) {
    if (text == null) {
      return ascii("null");
    }
    boolean plain = true;
    for (int i = 0; i < text.length() && plain; i++) {
      char c = text.charAt(i);
      plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
    room(2);
    out[size++] = '"';
    if (plain) {
      ascii(text);
    } else {
      var escaped = new StringBuilder(text.length() + 16);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> escaped.append("\\\"");
          case '\\' -> escaped.append("\\\\");
          case '\n' -> escaped.append("\\n");
          case '\r' -> escaped.append("\\r");
          case '\t' -> escaped.append("\\t");
          default -> {
            if (c < 0x20) {
              escaped.append(String.format("\\u%04x", (int) c));
            } else {
              escaped.append(c);
            }
          }
        }
      }
      raw(escaped.toString().getBytes(StandardCharsets.UTF_8));
    }
    room(1);
    out[size++] = '"';
    return this;
  }
}

package dev.allegro.streams.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull's JSON answer, {@code {"events": [{"id", "tenant", "type", "created_at", "payload"}],
 * "ack_id", "expired_skipped"}}, written straight into one byte array: each payload is the stored
 * JSON object, copied as it is, never parsed and written again.
 */
final class PullAnswer {

  private byte[] out;
  private int size;

  private PullAnswer(int capacity) {
    out = new byte[capacity];
  }

  static byte[] write(SubscriptionQueues.Pulled pulled) {
    int capacity = 128;
    for (StreamEvent e : pulled.events()) {
      capacity += e.payload().length + 160;
    }
    var answer = new PullAnswer(capacity);
    answer.ascii("{\"events\":[");
    boolean first = true;
    for (StreamEvent e : pulled.events()) {
      answer.ascii(first ? "{\"id\":" : ",{\"id\":");
      first = false;
      answer.string(e.id());
      answer.ascii(",\"tenant\":");
      answer.string(e.tenant());
      answer.ascii(",\"type\":");
      answer.string(e.type());
      answer.ascii(",\"created_at\":");
      answer.string(e.createdAt());
      answer.ascii(",\"payload\":");
      answer.raw(e.payload());
      answer.ascii("}");
    }
    answer.ascii("],\"ack_id\":");
    answer.string(pulled.ackId());
    answer.ascii(",\"expired_skipped\":");
    answer.ascii(Long.toString(pulled.expiredSkipped()));
    answer.ascii("}");
    return answer.out.length == answer.size ? answer.out : Arrays.copyOf(answer.out, answer.size);
  }

  private void room(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
    }
  }

  private void raw(byte[] bytes) {
    room(bytes.length);
    System.arraycopy(bytes, 0, out, size, bytes.length);
    size += bytes.length;
  }

  /** Text known to need no escaping. */
  private void ascii(String text) {
    room(text.length());
    for (int i = 0; i < text.length(); i++) {
      out[size++] = (byte) text.charAt(i);
    }
  }

  /** A JSON string; null as null. */
  private void string(String text) {
    if (text == null) {
      ascii("null");
      return;
    }
    room(2);
    out[size++] = '"';
    boolean plain = true;
    for (int i = 0; i < text.length() && plain; i++) {
      char c = text.charAt(i);
      plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
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
  }
}

package dev.allegro.streams.internal;

/**
 * A pull's JSON answer, {@code {"events": [{"id", "tenant", "type", "created_at", "payload"}],
 * "ack_id", "expired_skipped"}}, written straight into one byte array: each event is copied as it
 * was stored for the queues, never parsed and written again.
 */
final class PullAnswer {

  private PullAnswer() {}

  static byte[] write(SubscriptionQueues.Pulled pulled) {
    int capacity = 128 + pulled.ackId().length();
    for (StreamEvent e : pulled.events()) {
      capacity += e.json().length + 1;
    }
    var answer = new JsonBytes(capacity).ascii("{\"events\":[");
    boolean first = true;
    for (StreamEvent e : pulled.events()) {
      if (!first) {
        answer.ascii(",");
      }
      first = false;
      answer.raw(e.json());
    }
    return answer
        .ascii("],\"ack_id\":")
        .string(pulled.ackId())
        .ascii(",\"expired_skipped\":")
        .ascii(Long.toString(pulled.expiredSkipped()))
        .ascii("}")
        .toArray();
  }
}

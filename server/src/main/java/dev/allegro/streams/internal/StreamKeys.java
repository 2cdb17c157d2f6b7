package dev.allegro.streams.internal;

import dev.allegro.system.AllegroProperties;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Every Redis key of the subscription queues. All of one queue's keys share the hash tag {@code
 * {s:CODE}}, so each script touches one Redis Cluster slot.
 */
@Component
class StreamKeys {

  private final String prefix;

  StreamKeys(AllegroProperties properties) {
    this.prefix = properties.redisPrefix();
  }

  /** The queue's events: {@code allegro:{s:CODE}:stream}. */
  String stream(UUID queue) {
    return prefix + "{s:" + queue + "}:stream";
  }

  /** Events appended so far, and per tenant the last outbox row appended. */
  String meta(UUID queue) {
    return prefix + "{s:" + queue + "}:meta";
  }

  /** Outbox seqs appended lately, so that a row relayed twice is appended once. */
  String relayed(UUID queue) {
    return prefix + "{s:" + queue + "}:relayed";
  }

  /** The acknowledged position. */
  String cursor(UUID queue) {
    return prefix + "{s:" + queue + "}:cursor";
  }

  List<String> all(UUID queue) {
    return List.of(stream(queue), meta(queue), relayed(queue), cursor(queue));
  }

  /** The key {@code ack_id} values are signed with, when no setting gives it. */
  String ackKey() {
    return prefix + "streams:ack-key";
  }
}

package dev.allegro.streams.internal;

import dev.allegro.system.AllegroProperties;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Every Redis key of the subscription queues. All of one queue's keys share the hash tag {@code
 * {s:CODE}}, and the payloads a tenant's events are stored with (once, for every queue that takes
 * them) the tenant's {@code {t:ID}}, so each script touches one Redis Cluster slot.
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

  /** Events appended so far, and per tenant the last payload reference appended. */
  String meta(UUID queue) {
    return prefix + "{s:" + queue + "}:meta";
  }

  /**
   * Outbox seqs appended lately (before payloads were stored per tenant); deleted with the queue.
   */
  String relayed(UUID queue) {
    return prefix + "{s:" + queue + "}:relayed";
  }

  /** Set when the queue is deleted, for a day: a relay that still routes to it appends nothing. */
  String tombstone(UUID queue) {
    return prefix + "{s:" + queue + "}:deleted";
  }

  /**
   * The payloads of routed events, stored once for every queue, one string per relayed batch:
   * {@code allegro:{t:42}:sub:BLOB}.
   */
  String blob(long tenant, String blob) {
    return prefix + "{t:" + tenant + "}:sub:" + blob;
  }

  /** Where the tenant's outbox seqs stored lately are: seq to {@code blob:offset:length}. */
  String tenantLocations(long tenant) {
    return prefix + "{t:" + tenant + "}:sub-locations";
  }

  /** The tenant's outbox seqs stored lately, scored by their payload reference. */
  String tenantRelayed(long tenant) {
    return prefix + "{t:" + tenant + "}:sub-relayed";
  }

  /** The tenant's last payload reference given. */
  String tenantReference(long tenant) {
    return prefix + "{t:" + tenant + "}:sub-ref";
  }

  /**
   * What the relay brought while a rebuild held the queue, moved to the stream when it ends
   * (park.lua).
   */
  String park(UUID queue) {
    return prefix + "{s:" + queue + "}:park";
  }

  /** Held by the node rebuilding the queue's stream ({@link StreamRebuild}). */
  String rebuildLock(UUID queue) {
    return prefix + "{s:" + queue + "}:rebuild-lock";
  }

  /** The acknowledged position. */
  String cursor(UUID queue) {
    return prefix + "{s:" + queue + "}:cursor";
  }

  List<String> all(UUID queue) {
    return List.of(stream(queue), meta(queue), relayed(queue), cursor(queue), park(queue));
  }

  /**
   * Where the key {@code ack_id} values are signed with was kept before it moved to PostgreSQL:
   * read once, so that the ack_ids consumers hold stay valid across the upgrade.
   */
  String legacyAckKey() {
    return prefix + "streams:ack-key";
  }
}

package dev.allegro.streams.internal;

import dev.allegro.system.LuaScripts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** The queues' Redis Streams: one per queue, appended by the relay, read with a cursor. */
@Component
class QueueStreams {

  /** An event to append, from one outbox row. */
  record Appended(long seq, String id, String type, String tenant, String createdAt, String json) {}

  /** What a pull read: the cursor it read from, events lost to retention and the events. */
  sealed interface Read {
    record Events(Position cursor, long expiredSkipped, List<Entry> entries) implements Read {}

    /** The acknowledgement does not fit the cursor; nothing changed. */
    record Conflict() implements Read {}
  }

  /** A stream position: an entry's id and its number in the queue (1, 2, ...). */
  record Position(String id, long n) {}

  record Entry(Position position, StreamEvent event) {}

  record Depth(long unacknowledged, Instant oldestAppendedAt) {}

  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final RedisScript<Long> append = script("append", Long.class);
  private final RedisScript<List<Object>> pull = list("pull");
  private final RedisScript<List<Object>> seek = list("seek");
  private final RedisScript<List<Object>> depth = list("depth");
  private final RedisScript<Long> trim = script("trim", Long.class);

  QueueStreams(StringRedisTemplate redis, StreamKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  private static <T> RedisScript<T> script(String name, Class<T> type) {
    return LuaScripts.load("redis/streams/" + name + ".lua", type);
  }

  @SuppressWarnings("unchecked")
  private static RedisScript<List<Object>> list(String name) {
    return script(name, (Class<List<Object>>) (Class<?>) List.class);
  }

  /**
   * Appends events whose outbox rows were not appended before.
   *
   * @return how many were appended now
   */
  long append(UUID queue, List<Appended> events) {
    var args = new ArrayList<String>(1 + events.size() * 6);
    args.add(Integer.toString(events.size()));
    for (Appended e : events) {
      args.add(Long.toString(e.seq()));
      args.add(e.id());
      args.add(e.type());
      args.add(e.tenant());
      args.add(e.createdAt());
      args.add(e.json());
    }
    Long added =
        redis.execute(
            append,
            List.of(keys.stream(queue), keys.meta(queue), keys.relayed(queue)),
            args.toArray());
    return added == null ? 0 : added;
  }

  /**
   * @param ack the acknowledged batch, or null
   */
  Read pull(UUID queue, AckIds.Ack ack, int limit) {
    List<?> reply =
        redis.execute(
            pull,
            List.of(keys.stream(queue), keys.cursor(queue)),
            ack == null ? "0" : "1",
            ack == null ? "" : ack.from(),
            ack == null ? "" : ack.to(),
            ack == null ? "" : Long.toString(ack.toN()),
            Integer.toString(limit));
    if (reply == null || reply.isEmpty() || "conflict".equals(reply.getFirst())) {
      return new Read.Conflict();
    }
    var cursor = new Position((String) reply.get(1), Long.parseLong((String) reply.get(2)));
    long skipped = Long.parseLong((String) reply.get(3));
    var entries = new ArrayList<Entry>();
    for (int i = 4; i + 6 < reply.size(); i += 7) {
      entries.add(
          new Entry(
              new Position((String) reply.get(i), Long.parseLong((String) reply.get(i + 1))),
              new StreamEvent(
                  (String) reply.get(i + 2),
                  (String) reply.get(i + 4),
                  (String) reply.get(i + 3),
                  (String) reply.get(i + 5),
                  (String) reply.get(i + 6))));
    }
    return new Read.Events(cursor, skipped, entries);
  }

  Position seek(UUID queue, Instant to) {
    long ms = Math.max(1, to.toEpochMilli());
    List<?> reply =
        redis.execute(seek, List.of(keys.stream(queue), keys.cursor(queue)), Long.toString(ms));
    return new Position((String) reply.get(0), Long.parseLong((String) reply.get(1)));
  }

  Depth depth(UUID queue) {
    List<?> reply = redis.execute(depth, List.of(keys.stream(queue), keys.cursor(queue)));
    String oldest = (String) reply.get(1);
    return new Depth(
        Long.parseLong((String) reply.get(0)),
        oldest.isEmpty()
            ? null
            : Instant.ofEpochMilli(Long.parseLong(oldest.substring(0, oldest.indexOf('-')))));
  }

  /**
   * @return how many events were dropped
   */
  long trim(UUID queue, Instant before) {
    Long dropped =
        redis.execute(trim, List.of(keys.stream(queue)), Long.toString(before.toEpochMilli()));
    return dropped == null ? 0 : dropped;
  }

  /** The outbox deleted these rows: they are not relayed again. */
  void forget(UUID queue, List<Long> seqs) {
    redis.opsForZSet().remove(keys.relayed(queue), seqs.stream().map(String::valueOf).toArray());
  }

  void delete(UUID queue) {
    redis.delete(keys.all(queue));
  }
}

package dev.allegro.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The queues' Redis Streams, one per queue, appended by the relay ({@link StreamAppends}) and read
 * with a cursor ({@link StreamPulls}): here, what else a queue's stream goes through (seek, depth,
 * retention, deletion, checkpoints).
 */
@Component
class QueueStreams {

  /** A stream position: an entry's id and its number in the queue (1, 2, ...). */
  record Position(String id, long n) {}

  record Depth(long unacknowledged, Instant oldestAppendedAt) {}

  /** How much longer than the retention a stored payload is kept. */
  static final Duration PAYLOAD_MARGIN = Duration.ofDays(1);

  /** How long a deleted queue's tombstone stops appends: far beyond a route's life (5 s). */
  static final Duration TOMBSTONE = Duration.ofDays(1);

  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final RedisScript<Long> delete = StreamRedis.script("delete", Long.class);
  private final RedisScript<List<Object>> seek = StreamRedis.list("seek");
  private final RedisScript<List<Object>> depth = StreamRedis.list("depth");
  private final RedisScript<Long> trim = StreamRedis.script("trim", Long.class);
  private final RedisScript<List<Object>> checkpoint = StreamRedis.list("checkpoint");

  QueueStreams(StringRedisTemplate redis, StreamKeys keys) {
    this.redis = redis;
    this.keys = keys;
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

  /**
   * A queue's stream as {@link StreamCheckpoints} reads it.
   *
   * @param appended the events it took
   * @param generation its generation; empty while it took nothing
   * @param cursorId the last entry whose events were all acknowledged; empty when there is none
   * @param cursorN the number of the last acknowledged event
   */
  record State(Kind kind, long appended, String generation, String cursorId, long cursorN) {
    enum Kind {
      /** As recorded, or newer. */
      OK,
      /** Redis lost writes of it: a rebuild is due. */
      LOST,
      /** A rebuild holds it. */
      HELD
    }
  }

  /**
   * Reads the queue's stream against what PostgreSQL recorded (checkpoint.lua); a stream that took
   * events and has no generation yet takes {@code newGeneration}.
   */
  State state(UUID queue, String recordedGeneration, long recordedAppended, String newGeneration) {
    List<?> reply =
        redis.execute(
            checkpoint,
            List.of(keys.meta(queue), keys.cursor(queue), keys.stream(queue)),
            recordedGeneration == null ? "" : recordedGeneration,
            Long.toString(recordedAppended),
            newGeneration);
    return switch ((String) reply.get(0)) {
      case "hold" -> new State(State.Kind.HELD, 0, "", "", 0);
      case "lost" -> new State(State.Kind.LOST, Long.parseLong((String) reply.get(1)), "", "", 0);
      default ->
          new State(
              State.Kind.OK,
              Long.parseLong((String) reply.get(1)),
              (String) reply.get(2),
              (String) reply.get(3),
              Long.parseLong((String) reply.get(4)));
    };
  }

  /** Deletes the queue's keys and leaves its tombstone (delete.lua). */
  void delete(UUID queue) {
    var all = new ArrayList<>(keys.all(queue));
    all.add(keys.tombstone(queue));
    redis.execute(delete, all, Long.toString(TOMBSTONE.toSeconds()));
  }
}

package dev.allegro.jobs.internal;

import dev.allegro.jobs.QueueSize;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Laravel's Redis queue driver: every operation on a queue is one script on one slot. */
@Component
public class RedisQueue {

  private static final int CHUNK = 1_000;

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private final Clock clock;
  private final long leaseMarginMillis;

  RedisQueue(StringRedisTemplate redis, JobKeys keys, Clock clock, JobsProperties properties) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.leaseMarginMillis = properties.leaseMargin().toMillis();
  }

  /** A job taken off a queue: the payload as pushed and as reserved (attempts raised). */
  public record Reserved(String queue, String original, String reserved, Instant leaseExpiry) {}

  public void push(String queue, List<String> payloads) {
    for (int from = 0; from < payloads.size(); from += CHUNK) {
      var chunk = payloads.subList(from, Math.min(payloads.size(), from + CHUNK));
      redis.execute(
          JobScripts.PUSH, List.of(keys.ready(queue), keys.notify(queue)), chunk.toArray());
    }
  }

  public void later(String queue, Instant availableAt, List<String> payloads) {
    for (int from = 0; from < payloads.size(); from += CHUNK) {
      var args = new ArrayList<Object>();
      args.add(Long.toString(availableAt.toEpochMilli()));
      args.addAll(payloads.subList(from, Math.min(payloads.size(), from + CHUNK)));
      redis.execute(JobScripts.LATER, List.of(keys.delayed(queue)), args.toArray());
    }
  }

  /** The next ready job of {@code queue}, reserved with a lease; null when none is ready. */
  public Reserved pop(String queue) {
    List<Object> result =
        redis.execute(
            JobScripts.POP,
            List.of(keys.ready(queue), keys.reserved(queue), keys.notify(queue)),
            Long.toString(clock.millis()),
            Long.toString(leaseMarginMillis));
    if (result == null || result.isEmpty()) {
      return null;
    }
    return new Reserved(
        queue,
        (String) result.get(0),
        (String) result.get(1),
        Instant.ofEpochMilli(Long.parseLong((String) result.get(2))));
  }

  /**
   * Ends a reservation by queueing {@code payload} again, after {@code delay}.
   *
   * @return false when the lease had expired and the job was already queued again
   */
  public boolean release(Reserved job, String payload, Duration delay) {
    long at = delay.isZero() || delay.isNegative() ? 0 : clock.millis() + delay.toMillis();
    Long released =
        redis.execute(
            JobScripts.RELEASE,
            List.of(
                keys.ready(job.queue()),
                keys.delayed(job.queue()),
                keys.reserved(job.queue()),
                keys.notify(job.queue())),
            job.reserved(),
            payload,
            Long.toString(at));
    return released != null && released == 1;
  }

  /**
   * @return false when the lease had expired and the job was already queued again
   */
  public boolean deleteReserved(Reserved job) {
    Long deleted =
        redis.execute(
            JobScripts.DELETE_RESERVED, List.of(keys.reserved(job.queue())), job.reserved());
    return deleted != null && deleted == 1;
  }

  /** Moves due delayed jobs and jobs with an expired lease back to the ready list. */
  public long migrateExpired(String queue) {
    String now = Long.toString(clock.millis());
    long moved = 0;
    for (String from : List.of(keys.delayed(queue), keys.reserved(queue))) {
      Long count =
          redis.execute(
              JobScripts.MIGRATE_EXPIRED,
              List.of(from, keys.ready(queue), keys.notify(queue)),
              now,
              "1000");
      moved += count == null ? 0 : count;
    }
    return moved;
  }

  public QueueSize size(String queue) {
    List<Object> result =
        redis.execute(
            JobScripts.SIZE, List.of(keys.ready(queue), keys.delayed(queue), keys.reserved(queue)));
    Duration oldest = Duration.ZERO;
    if (result.size() > 3 && result.get(3) instanceof String front) {
      try {
        long pushedAt = Payload.parse(front).pushedAt();
        oldest = Duration.ofMillis(Math.max(0, clock.millis() - pushedAt));
      } catch (IllegalArgumentException e) {
        // a foreign payload at the front: its age is unknown
      }
    }
    return new QueueSize(
        queue, number(result.get(0)), number(result.get(1)), number(result.get(2)), oldest);
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}

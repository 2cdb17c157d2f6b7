package dev.allegro.jobs.internal;

import dev.allegro.jobs.QueueSize;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Laravel's Redis queue driver: every operation on a queue is one script on one slot. */
@Component
public class RedisQueue {

  private final StringRedisTemplate redis;
  private final ScriptPipeline pipeline;
  private final JobKeys keys;
  private final Clock clock;
  private final String leaseMarginMillis;

  /** A pop's keys for each list of queues a worker takes, built once. */
  private final Map<List<String>, List<String>> popKeys = new ConcurrentHashMap<>();

  private final boolean cluster;

  RedisQueue(
      StringRedisTemplate redis,
      ScriptPipeline pipeline,
      JobKeys keys,
      Clock clock,
      JobsProperties properties) {
    this.redis = redis;
    this.pipeline = pipeline;
    this.cluster = pipeline.cluster();
    this.keys = keys;
    this.clock = clock;
    this.leaseMarginMillis = Long.toString(properties.leaseMargin().toMillis());
  }

  /** A job taken off a queue: its payload as reserved (attempts raised) and its lease. */
  public record Reserved(String queue, String reserved, Instant leaseExpiry) {}

  /**
   * The next ready job of the first queue in {@code queues} that has one, reserved with a lease;
   * null when all are empty. One script on one Redis; on a Redis Cluster, where a script reaches
   * one slot, one per queue until a job is found.
   */
  public Reserved pop(List<String> queues) {
    if (cluster) {
      for (String name : queues) {
        Reserved job = popFirst(List.of(name));
        if (job != null) {
          return job;
        }
      }
      return null;
    }
    return popFirst(queues);
  }

  private Reserved popFirst(List<String> queues) {
    return popped(queues, pipeline.run(List.of(popScript(queues))).getFirst());
  }

  /**
   * The pop of {@link #pop} as a call to send along with others; empty on a Redis Cluster, where
   * that takes one call per queue.
   */
  Optional<ScriptCall> popCall(List<String> queues) {
    return cluster ? Optional.empty() : Optional.of(popScript(queues));
  }

  /** The job a pop call for {@code queues} answered with, or null. */
  Reserved popped(List<String> queues, Object answer) {
    if (!(answer instanceof List<?> result) || result.isEmpty()) {
      return null;
    }
    return new Reserved(
        queues.get(((Number) result.get(0)).intValue() - 1),
        (String) result.get(1),
        Instant.ofEpochMilli(Long.parseLong((String) result.get(2))));
  }

  private ScriptCall popScript(List<String> queues) {
    return new ScriptCall(
        JobScripts.POP,
        popKeys.computeIfAbsent(queues, this::popKeysOf),
        List.of(Long.toString(clock.millis()), leaseMarginMillis));
  }

  private List<String> popKeysOf(List<String> queues) {
    var popKeys = new ArrayList<String>(queues.size() * 3);
    for (String name : queues) {
      popKeys.add(keys.ready(name));
      popKeys.add(keys.reserved(name));
      popKeys.add(keys.notify(name));
    }
    return List.copyOf(popKeys);
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
   * Removes a finished job's reservation; answers 1 when removed, 0 when the lease had expired and
   * the job was already queued again.
   */
  ScriptCall deleteReserved(Reserved job) {
    return new ScriptCall(
        JobScripts.DELETE_RESERVED, List.of(keys.reserved(job.queue())), List.of(job.reserved()));
  }

  /** Pushes ready jobs, as a call to send along with others. */
  ScriptCall push(String queue, List<String> payloads) {
    return new ScriptCall(
        JobScripts.PUSH, List.of(keys.ready(queue), keys.notify(queue)), payloads);
  }

  /** Adds jobs that become ready at {@code availableAt}, as a call to send along with others. */
  ScriptCall later(String queue, Instant availableAt, List<String> payloads) {
    var args = new ArrayList<String>(payloads.size() + 1);
    args.add(Long.toString(availableAt.toEpochMilli()));
    args.addAll(payloads);
    return new ScriptCall(JobScripts.LATER, List.of(keys.delayed(queue)), args);
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

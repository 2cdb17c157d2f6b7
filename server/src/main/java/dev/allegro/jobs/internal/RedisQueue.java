package dev.allegro.jobs.internal;

import dev.allegro.jobs.QueueSize;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Laravel's Redis queue driver: the calls on one queue's keys, which share its slot. What also
 * touches Horizon's records (the settlement of a job and the next pop, a dispatch) is put together
 * by the {@link JobStore}.
 */
@Component
public class RedisQueue {

  private final ScriptRunner scripts;
  private final JobKeys keys;
  private final Clock clock;
  private final String leaseMarginMillis;

  /** A pop's keys for each list of queues a worker takes, built once. */
  private final Map<List<String>, List<String>> popKeys = new ConcurrentHashMap<>();

  RedisQueue(ScriptRunner scripts, JobKeys keys, Clock clock, JobsProperties properties) {
    this.scripts = scripts;
    this.keys = keys;
    this.clock = clock;
    this.leaseMarginMillis = Long.toString(properties.leaseMargin().toMillis());
  }

  /**
   * A job taken off a queue for one attempt.
   *
   * @param payload the payload as reserved (its attempt count raised): the reservation's member
   */
  public record Reserved(String queue, String payload, Instant leaseExpiry) {}

  /**
   * A pop over {@code queues} in priority order (pop.lua), marking the job's record reserved when
   * {@code markRecord} (one Redis: the records' slot is reachable).
   */
  ScriptCall pop(List<String> queues, boolean markRecord) {
    return new ScriptCall(JobScripts.POP, popKeys(queues), popArgs(markRecord));
  }

  /** pop.lua's KEYS: three per queue, in priority order. */
  List<String> popKeys(List<String> queues) {
    return popKeys.computeIfAbsent(queues, this::popKeysOf);
  }

  /** pop.lua's ARGV. */
  List<String> popArgs(boolean markRecord) {
    return List.of(
        Long.toString(clock.millis()),
        leaseMarginMillis,
        markRecord ? keys.jobPrefix() : "",
        JobTransition.RESERVED.to(),
        JobTransition.RESERVED.from());
  }

  /**
   * The job a pop over {@code queues} answered with, read from {@code answer} at {@code at}, or
   * null when it reserved none.
   */
  Reserved popped(List<String> queues, List<?> answer, int at) {
    if (answer.size() < at + 3) {
      return null;
    }
    return new Reserved(
        queues.get(((Number) answer.get(at)).intValue() - 1),
        (String) answer.get(at + 1),
        Instant.ofEpochMilli(Long.parseLong((String) answer.get(at + 2))));
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
   * Removes a finished job's reservation; answers 1 when removed, 0 when the lease had expired and
   * the job was already queued again.
   */
  ScriptCall deleteReserved(Reserved job) {
    return new ScriptCall(
        JobScripts.DELETE_RESERVED, List.of(keys.reserved(job.queue())), List.of(job.payload()));
  }

  /** Ends a reservation without queueing the job again (a payload the engine cannot read). */
  void drop(Reserved job) {
    scripts.run(deleteReserved(job));
  }

  /** Pushes ready jobs and wakes one idle worker per job. */
  ScriptCall push(String queue, List<String> payloads) {
    return new ScriptCall(
        JobScripts.PUSH, List.of(keys.ready(queue), keys.notify(queue)), payloads);
  }

  /** Adds jobs that become ready at {@code availableAt}. */
  ScriptCall later(String queue, Instant availableAt, List<String> payloads) {
    var args = new ArrayList<String>(payloads.size() + 1);
    args.add(Long.toString(availableAt.toEpochMilli()));
    args.addAll(payloads);
    return new ScriptCall(JobScripts.LATER, List.of(keys.delayed(queue)), args);
  }

  /**
   * Ends a reservation by queueing {@code payload} again, after {@code delay}.
   *
   * @return false when the lease had expired and the job was already queued again
   */
  public boolean release(Reserved job, String payload, Duration delay) {
    long at = delay.isZero() || delay.isNegative() ? 0 : clock.millis() + delay.toMillis();
    Object released =
        scripts.run(
            new ScriptCall(
                JobScripts.RELEASE,
                List.of(
                    keys.ready(job.queue()),
                    keys.delayed(job.queue()),
                    keys.reserved(job.queue()),
                    keys.notify(job.queue())),
                List.of(job.payload(), payload, Long.toString(at))));
    return Long.valueOf(1).equals(released);
  }

  /** Moves due delayed jobs and jobs with an expired lease back to the ready list. */
  public long migrateExpired(String queue) {
    String now = Long.toString(clock.millis());
    long moved = 0;
    for (String from : List.of(keys.delayed(queue), keys.reserved(queue))) {
      Object count =
          scripts.run(
              new ScriptCall(
                  JobScripts.MIGRATE_EXPIRED,
                  List.of(from, keys.ready(queue), keys.notify(queue)),
                  List.of(now, "1000")));
      moved += count instanceof Long n ? n : 0;
    }
    return moved;
  }

  public QueueSize size(String queue) {
    var result =
        (List<?>)
            scripts.run(
                new ScriptCall(
                    JobScripts.SIZE,
                    List.of(keys.ready(queue), keys.delayed(queue), keys.reserved(queue)),
                    List.of()));
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

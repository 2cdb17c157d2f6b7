package dev.allegro.jobs.internal;

import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The pause and terminate flags that {@code HorizonControl} sets in Redis, as one supervisor
 * follows them: paused while the pause key exists, a queue paused while it is in the paused-queues
 * set; each new value of the terminate counter asks it once to drain and stop.
 */
final class ControlFlags {

  /** What changed since the last {@link #refresh()}. */
  record Change(boolean resumed, boolean terminate) {}

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private volatile boolean paused;
  private volatile Set<String> pausedQueues = Set.of();
  private String terminateSeen;

  ControlFlags(StringRedisTemplate redis, JobKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Reads the flags as they are when the supervisor starts: an earlier terminate is not for it. */
  void init() {
    terminateSeen = redis.opsForValue().get(keys.terminate());
    paused = Boolean.TRUE.equals(redis.hasKey(keys.paused()));
    pausedQueues = queues();
  }

  synchronized Change refresh() {
    boolean wasPaused = paused;
    var wasPausedQueues = pausedQueues;
    paused = Boolean.TRUE.equals(redis.hasKey(keys.paused()));
    pausedQueues = queues();
    String terminate = redis.opsForValue().get(keys.terminate());
    boolean terminating = terminate != null && !terminate.equals(terminateSeen);
    terminateSeen = terminate;
    boolean resumed = (wasPaused && !paused) || !pausedQueues.containsAll(wasPausedQueues);
    return new Change(resumed, terminating);
  }

  boolean paused() {
    return paused;
  }

  /** The queues paused one by one. */
  Set<String> pausedQueues() {
    return pausedQueues;
  }

  private Set<String> queues() {
    var members = redis.opsForSet().members(keys.pausedQueues());
    return members == null ? Set.of() : Set.copyOf(members);
  }
}

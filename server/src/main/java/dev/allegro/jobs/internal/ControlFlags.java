package dev.allegro.jobs.internal;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The pause and terminate flags that {@code HorizonControl} sets in Redis, as one supervisor
 * follows them: paused while the pause key exists; each new value of the terminate counter asks it
 * once to drain and stop.
 */
final class ControlFlags {

  /** What changed since the last {@link #refresh()}. */
  record Change(boolean resumed, boolean terminate) {}

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private volatile boolean paused;
  private String terminateSeen;

  ControlFlags(StringRedisTemplate redis, JobKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Reads the flags as they are when the supervisor starts: an earlier terminate is not for it. */
  void init() {
    terminateSeen = redis.opsForValue().get(keys.terminate());
    paused = Boolean.TRUE.equals(redis.hasKey(keys.paused()));
  }

  synchronized Change refresh() {
    boolean wasPaused = paused;
    paused = Boolean.TRUE.equals(redis.hasKey(keys.paused()));
    String terminate = redis.opsForValue().get(keys.terminate());
    boolean terminating = terminate != null && !terminate.equals(terminateSeen);
    terminateSeen = terminate;
    return new Change(wasPaused && !paused, terminating);
  }

  boolean paused() {
    return paused;
  }
}

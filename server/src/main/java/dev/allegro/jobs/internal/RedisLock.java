package dev.allegro.jobs.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A cluster-wide lock on Redis (SET NX PX), as ShedLock's Redis provider does: a scheduled tick
 * runs on the node that gets the lock. Held at least for {@code holdFor}, so that nodes whose
 * clocks tick a little apart do not run the same tick twice.
 */
@Component
public class RedisLock {

  private final StringRedisTemplate redis;
  private final JobKeys keys;

  RedisLock(StringRedisTemplate redis, JobKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Runs {@code task} if no node holds {@code name}; returns whether it ran. */
  public boolean runExclusively(String name, Duration holdFor, Runnable task) {
    String token = UUID.randomUUID().toString();
    Boolean acquired = redis.opsForValue().setIfAbsent(keys.lock(name), token, holdFor);
    if (!Boolean.TRUE.equals(acquired)) {
      return false;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      // A failed tick lets the next one, on any node, try again at once.
      redis.execute(JobScripts.UNLOCK, List.of(keys.lock(name)), token);
      throw e;
    }
    return true;
  }
}

package dev.allegro.jobs;

import dev.allegro.jobs.internal.Heartbeats;
import dev.allegro.jobs.internal.JobKeys;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * horizon:pause, continue, terminate and status, for every node at once: supervisors read the flags
 * from Redis twice a second.
 */
@Service
public class HorizonControl {

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private final Heartbeats heartbeats;

  HorizonControl(StringRedisTemplate redis, JobKeys keys, Heartbeats heartbeats) {
    this.redis = redis;
    this.keys = keys;
    this.heartbeats = heartbeats;
  }

  /** Workers finish their current job and take no other until {@link #resume()}. */
  public void pause() {
    redis.opsForValue().set(keys.paused(), "1");
  }

  public void resume() {
    redis.delete(keys.paused());
  }

  /** Every supervisor drains its workers and stops; worker-only processes exit. */
  public void terminate() {
    redis.opsForValue().increment(keys.terminate());
  }

  public boolean isPaused() {
    return Boolean.TRUE.equals(redis.hasKey(keys.paused()));
  }

  /** Horizon's status line: running, paused or inactive (no live supervisor). */
  public String status() {
    if (supervisors().isEmpty()) {
      return "inactive";
    }
    return isPaused() ? "paused" : "running";
  }

  public List<SupervisorStatus> supervisors() {
    return heartbeats.alive();
  }
}

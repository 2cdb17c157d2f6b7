package dev.allegro.jobs;

import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.SupervisorRecords;
import dev.allegro.system.CacheInvalidation;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * horizon:pause, continue, terminate and status, for every node at once: the flags live in Redis,
 * and a broadcast tells every supervisor to read them now (each also reads them twice a second, in
 * case the broadcast is missed).
 */
@Service
public class HorizonControl {

  /** The broadcast topic that tells supervisors to read the control flags again. */
  public static final String CONTROL = "horizon:control";

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private final SupervisorRecords supervisors;
  private final CacheInvalidation invalidation;

  HorizonControl(
      StringRedisTemplate redis,
      JobKeys keys,
      SupervisorRecords supervisors,
      CacheInvalidation invalidation) {
    this.redis = redis;
    this.keys = keys;
    this.supervisors = supervisors;
    this.invalidation = invalidation;
  }

  /** Workers finish their current job and take no other until {@link #resume()}. */
  public void pause() {
    redis.opsForValue().set(keys.paused(), "1");
    invalidation.broadcast(CONTROL);
  }

  public void resume() {
    redis.delete(keys.paused());
    invalidation.broadcast(CONTROL);
  }

  /** Workers take no job of {@code queue} until {@link #resumeQueue}; other queues go on. */
  public void pauseQueue(String queue) {
    redis.opsForSet().add(keys.pausedQueues(), Queues.requireValid(queue));
    invalidation.broadcast(CONTROL);
  }

  public void resumeQueue(String queue) {
    redis.opsForSet().remove(keys.pausedQueues(), Queues.requireValid(queue));
    invalidation.broadcast(CONTROL);
  }

  /** The queues paused one by one (Horizon as a whole may be paused too: {@link #isPaused()}). */
  public Set<String> pausedQueues() {
    var paused = redis.opsForSet().members(keys.pausedQueues());
    return paused == null ? Set.of() : Set.copyOf(paused);
  }

  /** Every supervisor drains its workers and stops; worker-only processes exit. */
  public void terminate() {
    redis.opsForValue().increment(keys.terminate());
    invalidation.broadcast(CONTROL);
  }

  public boolean isPaused() {
    return Boolean.TRUE.equals(redis.hasKey(keys.paused()));
  }

  /** Horizon's status line: running, paused or inactive (no live supervisor). */
  public HorizonStatus status() {
    if (supervisors().isEmpty()) {
      return HorizonStatus.INACTIVE;
    }
    return isPaused() ? HorizonStatus.PAUSED : HorizonStatus.RUNNING;
  }

  public List<SupervisorRecord> supervisors() {
    return supervisors.alive();
  }
}

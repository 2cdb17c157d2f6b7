package dev.allegro.audience.internal.profile;

import dev.allegro.audience.AudienceProfileProperties;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.Queues;
import dev.allegro.tenancy.TenantId;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Asks for a member's profile to be computed: the first request of a window ({@code SET NX EX})
 * dispatches one job on {@code high}, delayed to the window's end so that it sees every event of
 * the window; later requests in the window dispatch nothing.
 */
@Service
class Prewarming {

  private final StringRedisTemplate redis;
  private final ProfileKeys keys;
  private final Jobs jobs;
  private final AudienceProfileProperties properties;
  private final ProfileMetrics metrics;

  Prewarming(
      StringRedisTemplate redis,
      ProfileKeys keys,
      Jobs jobs,
      AudienceProfileProperties properties,
      ProfileMetrics metrics) {
    this.redis = redis;
    this.keys = keys;
    this.jobs = jobs;
    this.properties = properties;
    this.metrics = metrics;
  }

  /**
   * @return whether this request dispatched the job
   */
  boolean request(TenantId tenant, UUID member) {
    String key = keys.prewarm(tenant, member);
    boolean first =
        Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, "1", properties.prewarmWindow()));
    if (!first) {
      return false;
    }
    try {
      jobs.dispatch(
          new PrewarmProfile(tenant.value(), member),
          Dispatch.defaults().onQueue(Queues.HIGH).delay(properties.prewarmWindow()));
    } catch (RuntimeException e) {
      redis.delete(key); // the next event (or the outbox's retry) dispatches it instead
      throw e;
    }
    metrics.dispatched();
    return true;
  }
}

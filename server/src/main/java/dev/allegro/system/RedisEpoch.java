package dev.allegro.system;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds a main Redis that lost everything: PostgreSQL keeps one random epoch, and Redis a copy
 * under {@code allegro:epoch}. Every few seconds one node looks; a copy that is gone means Redis
 * came back empty, so it publishes {@link RedisDataLost}, then puts the copy back. A copy with
 * another value means another Allegro database shares this Redis and key prefix: that is reported
 * and left alone.
 */
@Component
class RedisEpoch implements PeriodicTask {

  static final Duration PERIOD = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(RedisEpoch.class);

  private final JdbcClient jdbc;
  private final StringRedisTemplate redis;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final String key;
  private volatile boolean foreignReported;

  RedisEpoch(
      JdbcClient jdbc,
      StringRedisTemplate redis,
      ApplicationEventPublisher events,
      Clock clock,
      AllegroProperties properties) {
    this.jdbc = jdbc;
    this.redis = redis;
    this.events = events;
    this.clock = clock;
    this.key = properties.redisPrefix() + "epoch";
  }

  /**
   * When Redis started, from its {@code uptime_in_seconds}, a second later (what came after it is
   * safe, what came before may be lost, so erring late re-dispatches a little more); now when it
   * does not say (a cluster answers per node).
   */
  private Instant restartedAt() {
    Instant now = clock.instant();
    try {
      Properties info =
          redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("server"));
      String uptime = info == null ? null : info.getProperty("uptime_in_seconds");
      return uptime == null ? now : now.minusSeconds(Long.parseLong(uptime.trim())).plusSeconds(1);
    } catch (RuntimeException e) {
      return now;
    }
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("redis:epoch", PERIOD, Role.WEB).andAtStart();
  }

  @Override
  public void run() {
    boolean first =
        jdbc.sql("INSERT INTO redis_epoch (epoch) VALUES (:epoch) ON CONFLICT DO NOTHING")
                .param("epoch", UUID.randomUUID())
                .update()
            == 1;
    String epoch = jdbc.sql("SELECT epoch::text FROM redis_epoch").query(String.class).single();
    String held = redis.opsForValue().get(key);
    if (held == null) {
      if (!first) {
        log.warn(
            "Redis no longer holds {} (it restarted without persistence, or was flushed):"
                + " everything it held is lost; dispatching again the jobs PostgreSQL can derive",
            key);
        // before the copy goes back: if handling fails, the next tick finds the loss again
        events.publishEvent(new RedisDataLost(restartedAt()));
      }
      redis.opsForValue().setIfAbsent(key, epoch);
    } else if (!held.equals(epoch) && !foreignReported) {
      foreignReported = true;
      log.error(
          "Redis holds epoch {} under {}, this database recorded {}: another Allegro database"
              + " shares this Redis and key prefix (ALLEGRO_REDIS_PREFIX)",
          held,
          key,
          epoch);
    }
  }
}

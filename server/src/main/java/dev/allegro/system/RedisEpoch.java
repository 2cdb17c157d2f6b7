package dev.allegro.system;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import io.lettuce.core.cluster.SlotHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds a main Redis that lost everything: PostgreSQL keeps one random epoch, and Redis a copy
 * under {@code allegro:epoch}, and on a Redis Cluster one more on each master ({@code
 * allegro:epoch:{TAG}}, a tag in its slots). Every few seconds one node looks; a copy that is gone
 * means Redis, or that master, came back empty, so it publishes {@link RedisDataLost}, then puts
 * the copy back. A copy with another value means another Allegro database shares this Redis and key
 * prefix: that is reported and left alone.
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
  private final boolean cluster;
  private volatile boolean foreignReported;

  /** When each copy was last seen by this node. */
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

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
    this.cluster =
        redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce
            && lettuce.isClusterAware();
  }

  /** A copy of the epoch, and the node it lives on (null: the one the key's slot is served by). */
  private record Copy(String key, RedisClusterNode node) {}

  /**
   * Since when what Redis (or the node) holds is safe: when it started, from its {@code
   * uptime_in_seconds}, a second later (erring late re-dispatches a little more); now when it does
   * not say, or started before the copy was last seen here (or, not seen here, long before: it was
   * flushed, not restarted, at some moment since).
   */
  private Instant lostUntil(RedisClusterNode node, Instant lastSeen) {
    Instant now = clock.instant();
    try {
      Properties info =
          redis.execute(
              (RedisCallback<Properties>)
                  c ->
                      node != null && c instanceof RedisClusterConnection clustered
                          ? clustered.serverCommands().info(node, "server")
                          : c.serverCommands().info("server"));
      String uptime = info == null ? null : info.getProperty("uptime_in_seconds");
      if (uptime == null) {
        return now;
      }
      Instant started = now.minusSeconds(Long.parseLong(uptime.trim())).plusSeconds(1);
      Instant flushedIfBefore = lastSeen != null ? lastSeen : now.minus(PERIOD.multipliedBy(2));
      return started.isBefore(flushedIfBefore) ? now : started;
    } catch (RuntimeException e) {
      return now;
    }
  }

  /** The main copy, and on a cluster one per master holding slots. */
  private List<Copy> copies() {
    var copies = new ArrayList<Copy>();
    copies.add(new Copy(key, null));
    if (cluster) {
      var nodes =
          redis.execute(
              (RedisCallback<Iterable<RedisClusterNode>>)
                  c -> ((RedisClusterConnection) c).clusterGetNodes());
      for (RedisClusterNode node : nodes == null ? List.<RedisClusterNode>of() : nodes) {
        if (node.isMaster() && !node.getSlotRange().getSlots().isEmpty()) {
          copies.add(new Copy(key + ":{" + tagIn(node) + "}", node));
        }
      }
    }
    return copies;
  }

  /** The first of 0, 1, 2, ... whose hash slot the node serves. */
  private static String tagIn(RedisClusterNode node) {
    for (int i = 0; ; i++) {
      String tag = Integer.toString(i);
      if (node.servesSlot(SlotHash.getSlot(tag))) {
        return tag;
      }
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
    var written =
        new HashSet<>(jdbc.sql("SELECT key FROM redis_epoch_keys").query(String.class).list());
    Instant lostSince = null;
    var missing = new ArrayList<Copy>();
    for (Copy copy : copies()) {
      String held = redis.opsForValue().get(copy.key());
      if (held != null) {
        seen.put(copy.key(), clock.instant());
      }
      if (held == null) {
        boolean wasThere = copy.node() == null ? !first : written.contains(copy.key());
        if (wasThere) {
          Instant since = lostUntil(copy.node(), seen.get(copy.key()));
          lostSince = lostSince == null || since.isAfter(lostSince) ? since : lostSince;
          log.warn(
              "Redis no longer holds {}{} (it restarted without persistence, or was flushed):"
                  + " everything it held is lost; dispatching again the jobs PostgreSQL can derive",
              copy.key(),
              copy.node() == null ? "" : " on " + copy.node().asString());
        }
        missing.add(copy);
      } else if (!held.equals(epoch) && !foreignReported) {
        foreignReported = true;
        log.error(
            "Redis holds epoch {} under {}, this database recorded {}: another Allegro database"
                + " shares this Redis and key prefix (ALLEGRO_REDIS_PREFIX)",
            held,
            copy.key(),
            epoch);
      }
    }
    for (Copy copy : missing) {
      // listed before it is written: a copy written but not listed would never be missed
      if (copy.node() != null && !written.contains(copy.key())) {
        jdbc.sql("INSERT INTO redis_epoch_keys (key) VALUES (:key) ON CONFLICT DO NOTHING")
            .param("key", copy.key())
            .update();
      }
      redis.opsForValue().setIfAbsent(copy.key(), epoch);
      seen.put(copy.key(), clock.instant());
    }
    if (lostSince != null) {
      // after the copies are back, so that one loss is handled once, by this node: the handlers
      // catch and log their own failures
      events.publishEvent(new RedisDataLost(lostSince));
    }
  }
}

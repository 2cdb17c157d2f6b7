package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.QueueKind;
import dev.allegro.eventqueue.QueueState;
import dev.allegro.outbox.Outbox;
import dev.allegro.system.RedisProbe;
import dev.allegro.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's queues as monitors see them: each list's length and front item (one pipelined round
 * trip), plus what waits in the outbox behind them.
 */
@Component
public class QueueDepths {

  private final QueueRedis redis;
  private final QueueKeys keys;
  private final Outbox outbox;
  private final JsonMapper json;
  private final Clock clock;
  private final RedisProbe probe;

  QueueDepths(QueueRedis redis, QueueKeys keys, Outbox outbox, JsonMapper json, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
    this.probe = new RedisProbe("queues", redis.template(), clock);
  }

  public RedisProbe probe() {
    return probe;
  }

  public Map<QueueKind, QueueState> states(TenantId tenant) {
    List<Object> fronts;
    try {
      fronts =
          redis
              .template()
              .executePipelined(
                  (RedisCallback<Object>)
                      connection -> {
                        for (QueueKind kind : QueueKind.values()) {
                          read(connection, keys.queue(tenant, kind));
                        }
                        return null;
                      });
    } catch (RuntimeException e) {
      probe.unreachable();
      throw e;
    }
    var states = new EnumMap<QueueKind, QueueState>(QueueKind.class);
    int at = 0;
    for (QueueKind kind : QueueKind.values()) {
      long length = ((Number) fronts.get(at)).longValue();
      Object front = fronts.get(at + 1);
      at += 2;
      var waiting = outbox.waiting(tenant, kind.key());
      String oldest =
          switch (front) {
            case String text -> text;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case null, default -> null;
          };
      if (oldest == null) {
        oldest = waiting.oldestJson();
      }
      states.put(kind, new QueueState(length + waiting.rows(), age(oldest)));
    }
    return states;
  }

  private static void read(RedisConnection connection, String queue) {
    byte[] key = queue.getBytes(StandardCharsets.UTF_8);
    connection.listCommands().lLen(key);
    connection.listCommands().lIndex(key, 0);
  }

  /** Seconds since the item's {@code created_at}; null without an item. */
  private Long age(String item) {
    if (item == null) {
      return null;
    }
    var createdAt = json.readTree(item).path("created_at").asString(null);
    if (createdAt == null) {
      return null;
    }
    var at = OffsetDateTime.parse(createdAt).toInstant();
    return Math.max(0, Duration.between(at, clock.instant()).toSeconds());
  }
}

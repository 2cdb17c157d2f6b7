package dev.allegro.streams.internal;

import dev.allegro.streams.StreamsProperties;
import dev.allegro.streams.internal.QueueStore.TenantRoute;
import dev.allegro.tracking.StoredEvents.Stored;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The entries a {@link StreamRebuild} writes: events read from PostgreSQL, appended to the queue.
 */
@Component
class RebuiltEntries {

  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final long payloadTtl;
  private final RedisScript<Long> append = StreamRedis.script("rebuild-append", Long.class);

  RebuiltEntries(StringRedisTemplate redis, StreamKeys keys, StreamsProperties properties) {
    this.redis = redis;
    this.keys = keys;
    this.payloadTtl = properties.retention().plus(QueueStreams.PAYLOAD_MARGIN).toSeconds();
  }

  /**
   * Stores the events in their tenant's slot, as the relay stores them, and appends the entry
   * naming them.
   *
   * @return the events the queue holds now (the entry's more than before, unless Redis lost
   *     writes), or -1 when the rebuild no longer holds it
   */
  long append(UUID queue, String token, TenantRoute route, List<Stored> entry) {
    var text = new JsonBytes(entry.size() * 600);
    var lengths = new StringBuilder(entry.size() * 4);
    for (Stored event : entry) {
      if (text.size() > 0) {
        text.ascii(",");
        lengths.append(',');
      }
      int at = text.size();
      byte[] json = event.json().getBytes(StandardCharsets.UTF_8);
      text.event(
          event.id().toString(),
          route.tenantSlug(),
          event.type(),
          event.queueCreatedAt(),
          json,
          0,
          json.length);
      lengths.append(text.size() - at);
    }
    long tenant = route.tenant().value();
    String blob =
        "0." + System.nanoTime() + "." + (UUID.randomUUID().getLeastSignificantBits() >>> 1);
    byte[] key = keys.blob(tenant, blob).getBytes(StandardCharsets.UTF_8);
    byte[] value = text.toArray();
    redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().setEx(key, payloadTtl, value));
    Long n =
        redis.execute(
            append,
            List.of(keys.stream(queue), keys.meta(queue), keys.tombstone(queue)),
            token,
            Long.toString(tenant),
            Integer.toString(entry.size()),
            blob + ":0:" + lengths);
    return n == null ? -1 : n;
  }
}

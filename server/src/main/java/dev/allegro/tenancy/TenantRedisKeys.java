package dev.allegro.tenancy;

import dev.allegro.system.AllegroProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A deleted tenant's Redis keys: everything under its hash tag ({@code allegro:{t:42}:...}), that
 * is its Event and Heartbeat Queues with their marks, its subscription events and cached profiles.
 * They go once the deletion commits; on a Redis Cluster the tag's one slot is scanned, on its
 * master. Keys a relay pass still writes after that are purged by the hourly {@code outbox:purge}.
 */
@Component
public class TenantRedisKeys {

  private static final Logger log = LoggerFactory.getLogger(TenantRedisKeys.class);
  private static final int STEP = 1_000;

  /** Published by {@link Tenants#delete} in its transaction. */
  record Deleted(TenantId tenant) {}

  private final StringRedisTemplate redis;
  private final String prefix;

  TenantRedisKeys(StringRedisTemplate redis, AllegroProperties properties) {
    this.redis = redis;
    this.prefix = properties.redisPrefix();
  }

  /** In the background: scanning a large Redis takes a while, and the deletion is answered. */
  @TransactionalEventListener
  void tenantDeleted(Deleted deleted) {
    long tenant = deleted.tenant().value();
    Thread.ofVirtual()
        .name("tenant-keys-" + tenant)
        .start(
            () -> {
              try {
                long keys = purge(deleted.tenant());
                log.info("Deleted the {} Redis keys of deleted tenant {}", keys, tenant);
              } catch (RuntimeException e) {
                log.warn("Could not delete the Redis keys of deleted tenant {}", tenant, e);
              }
            });
  }

  /**
   * Deletes every key under the tenant's hash tag, a step at a time.
   *
   * @return how many it deleted
   */
  public long purge(TenantId tenant) {
    byte[] pattern = (prefix + "{t:" + tenant.value() + "}:*").getBytes(StandardCharsets.UTF_8);
    Long deleted =
        redis.execute(
            (RedisCallback<Long>)
                connection -> {
                  var options = ScanOptions.scanOptions().match(pattern).count(STEP).build();
                  try (Cursor<byte[]> keys = scan(connection, pattern, options)) {
                    long count = 0;
                    var step = new ArrayList<byte[]>(STEP);
                    while (keys.hasNext()) {
                      step.add(keys.next());
                      if (step.size() == STEP || !keys.hasNext()) {
                        count += unlink(connection, step);
                        step.clear();
                      }
                    }
                    return count;
                  }
                });
    return deleted == null ? 0 : deleted;
  }

  private static Cursor<byte[]> scan(RedisConnection connection, byte[] key, ScanOptions options) {
    if (connection instanceof RedisClusterConnection cluster) {
      return cluster.scan(cluster.clusterGetNodeForKey(key), options);
    }
    return connection.keyCommands().scan(options);
  }

  private static long unlink(RedisConnection connection, List<byte[]> keys) {
    Long unlinked = connection.keyCommands().unlink(keys.toArray(byte[][]::new));
    return unlinked == null ? 0 : unlinked;
  }
}

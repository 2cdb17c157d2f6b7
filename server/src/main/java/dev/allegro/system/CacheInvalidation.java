package dev.allegro.system;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Tells every node that a cached piece of state changed, over Redis pub/sub, and makes the caches
 * that listen for it ({@link #cache}).
 *
 * <p>Pub/sub delivers at most once, so a cache that listens here still bounds its staleness by
 * itself (a short time-to-live); this only makes the common case immediate.
 */
@Component
public class CacheInvalidation {

  private static final Logger log = LoggerFactory.getLogger(CacheInvalidation.class);

  private final StringRedisTemplate redis;
  private final String channel;
  private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

  CacheInvalidation(
      StringRedisTemplate redis,
      RedisMessageListenerContainer container,
      AllegroProperties properties) {
    this.redis = redis;
    this.channel = properties.redisPrefix() + "invalidate";
    container.addMessageListener(
        (message, pattern) -> runListeners(new String(message.getBody(), StandardCharsets.UTF_8)),
        new ChannelTopic(channel));
  }

  /**
   * A per-node cache of state any node may change: an entry lives at most {@code maxAge} (reloaded
   * in the background after half of it, so readers rarely wait), and every entry is dropped at once
   * when {@code topic} is broadcast, on this node and on every other that hears it.
   */
  public <K, V> LoadingCache<K, V> cache(
      String topic, Duration maxAge, CacheLoader<? super K, V> loader) {
    LoadingCache<K, V> cache =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .refreshAfterWrite(maxAge.dividedBy(2))
            .expireAfterWrite(maxAge)
            .build(loader);
    onInvalidate(topic, cache::invalidateAll);
    return cache;
  }

  public void onInvalidate(String topic, Runnable action) {
    listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(action);
  }

  /** Invalidates {@code topic} on this node at once and on every other node it can reach. */
  public void broadcast(String topic) {
    runListeners(topic);
    try {
      redis.convertAndSend(channel, topic);
    } catch (RuntimeException e) {
      log.warn("Could not broadcast invalidation of {}; other nodes catch up by expiry", topic, e);
    }
  }

  private void runListeners(String topic) {
    listeners.getOrDefault(topic, List.of()).forEach(Runnable::run);
  }
}

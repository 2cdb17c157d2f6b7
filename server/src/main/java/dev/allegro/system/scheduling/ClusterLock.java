package dev.allegro.system.scheduling;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.LuaScripts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The platform's one lock across nodes, on Redis ({@code SET NX PX}, released by a script only by
 * its holder), as ShedLock's Redis provider does. Periodic work takes it per tick; a feature may
 * take it around work that one node at a time must do (the outbox relay of a queue, say), on the
 * Redis that work lives on.
 */
@Component
public class ClusterLock {

  private static final RedisScript<Long> UNLOCK =
      LuaScripts.load("redis/system/unlock.lua", Long.class);
  private static final RedisScript<Long> EXTEND =
      LuaScripts.load("redis/system/extend.lua", Long.class);

  private final StringRedisTemplate redis;
  private final String prefix;

  ClusterLock(StringRedisTemplate redis, AllegroProperties properties) {
    this.redis = redis;
    this.prefix = properties.redisPrefix() + "lock:";
  }

  /** A lock this node holds until {@link #close()} or its time-to-live, whichever comes first. */
  public static final class Held implements AutoCloseable {

    private final StringRedisTemplate redis;
    private final String key;
    private final String token;

    private Held(StringRedisTemplate redis, String key, String token) {
      this.redis = redis;
      this.key = key;
      this.token = token;
    }

    /**
     * Keeps the lock another {@code ttl}, for work that may outlast the first.
     *
     * @return false when this holder no longer has it (it expired and may have passed on)
     */
    public boolean extend(Duration ttl) {
      Long extended = redis.execute(EXTEND, List.of(key), token, Long.toString(ttl.toMillis()));
      return extended != null && extended == 1;
    }

    /** Releases the lock if this holder still has it (it may have expired and passed on). */
    @Override
    public void close() {
      redis.execute(UNLOCK, List.of(key), token);
    }
  }

  /**
   * Takes the lock {@code key} on {@code on} for at most {@code ttl}.
   *
   * @return the held lock, or empty when another holder has it
   */
  public Optional<Held> acquire(StringRedisTemplate on, String key, Duration ttl) {
    String token = UUID.randomUUID().toString();
    boolean acquired = Boolean.TRUE.equals(on.opsForValue().setIfAbsent(key, token, ttl));
    return acquired ? Optional.of(new Held(on, key, token)) : Optional.empty();
  }

  /**
   * Runs {@code task} if no node holds the lock {@code name}, and keeps the lock at least {@code
   * holdFor}, so that nodes whose clocks tick a little apart do not run the same tick twice. A task
   * that fails releases it at once, for the next tick on any node to try again.
   *
   * @return whether the task ran here
   */
  public boolean runExclusively(String name, Duration holdFor, Runnable task) {
    var held = acquire(redis, prefix + name, holdFor);
    if (held.isEmpty()) {
      return false;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      held.get().close();
      throw e;
    }
    return true;
  }
}

package dev.allegro.streams.internal;

import dev.allegro.system.LuaScripts;
import io.lettuce.core.RedisFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What the subscription queues' Redis classes share: their scripts, and commands pipelined on the
 * shared Lettuce connection.
 */
final class StreamRedis {

  private StreamRedis() {}

  static <T> RedisScript<T> script(String name, Class<T> type) {
    return LuaScripts.load("redis/streams/" + name + ".lua", type);
  }

  @SuppressWarnings("unchecked")
  static RedisScript<List<Object>> list(String name) {
    return script(name, (Class<List<Object>>) (Class<?>) List.class);
  }

  /**
   * The shared Lettuce connection's asynchronous commands: commands sent on it one after the other
   * without waiting go out as one pipeline, on the connection every other command uses (Spring's
   * {@code executePipelined} would open a connection of its own each time).
   */
  static Object nativeCommands(StringRedisTemplate redis) {
    return redis.execute((RedisCallback<Object>) RedisConnection::getNativeConnection);
  }

  /** The future's value, or the exception it failed with (the caller falls back or rethrows). */
  static Object settled(RedisFuture<?> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted waiting for Redis", e);
    } catch (ExecutionException | TimeoutException e) {
      return new IllegalStateException("Redis failed", e);
    }
  }

  static long number(Object value) {
    return switch (value) {
      case Long l -> l;
      case byte[] bytes -> Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
      default -> Long.parseLong(value.toString());
    };
  }
}

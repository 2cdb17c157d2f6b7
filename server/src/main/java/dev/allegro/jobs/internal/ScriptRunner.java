package dev.allegro.jobs.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Calls the engine's scripts by SHA on Lettuce's shared connection, sending a script's source once
 * when Redis answers NOSCRIPT (after a restart or a {@code SCRIPT FLUSH}). Several calls given
 * together go out back to back and are awaited together (on a Redis Cluster each to the node of its
 * first key), so they must not depend on each other's order.
 */
@Component
class ScriptRunner {

  private final StringRedisTemplate redis;
  private final boolean cluster;

  ScriptRunner(StringRedisTemplate redis) {
    this.redis = redis;
    this.cluster =
        redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce
            && lettuce.isClusterAware();
  }

  /** Whether Redis is a Cluster, where one script reaches one slot only. */
  boolean cluster() {
    return cluster;
  }

  /**
   * @return the script's answer: a Long, a String, or a List of those (nested lists too)
   */
  Object run(ScriptCall call) {
    return redis.execute(
        (RedisCallback<Object>)
            connection -> {
              var async = async(connection);
              return answer(async, call, send(async, call));
            },
        true); // the connection as is: no close-suppressing proxy made per call
  }

  /**
   * @return each call's answer, in order
   */
  List<Object> runAll(List<ScriptCall> calls) {
    return redis.execute(
        (RedisCallback<List<Object>>)
            connection -> {
              var async = async(connection);
              var sent = new ArrayList<RedisFuture<Object>>(calls.size());
              for (ScriptCall call : calls) {
                sent.add(send(async, call));
              }
              var answers = new ArrayList<Object>(calls.size());
              for (int i = 0; i < calls.size(); i++) {
                answers.add(answer(async, calls.get(i), sent.get(i)));
              }
              return answers;
            },
        true);
  }

  @SuppressWarnings("unchecked")
  private static RedisClusterAsyncCommands<byte[], byte[]> async(RedisConnection connection) {
    return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
  }

  private static RedisFuture<Object> send(
      RedisClusterAsyncCommands<byte[], byte[]> async, ScriptCall call) {
    return async.evalsha(
        call.script().getSha1(), outputOf(call.script()), bytes(call.keys()), bytes(call.args()));
  }

  private static Object answer(
      RedisClusterAsyncCommands<byte[], byte[]> async, ScriptCall call, RedisFuture<Object> sent) {
    try {
      try {
        return decoded(sent.get());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RedisNoScriptException)) {
          throw e;
        }
        // Redis restarted or its script cache was flushed: send the source once, which caches it.
        RedisFuture<Object> again =
            async.eval(
                call.script().getScriptAsString(),
                outputOf(call.script()),
                bytes(call.keys()),
                bytes(call.args()));
        return decoded(again.get());
      }
    } catch (ExecutionException e) {
      throw new RedisSystemException("Script call failed: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisSystemException("Interrupted while waiting for Redis", e);
    }
  }

  private static ScriptOutputType outputOf(RedisScript<?> script) {
    Class<?> type = script.getResultType();
    if (type == null) {
      return ScriptOutputType.STATUS;
    }
    if (Long.class.equals(type)) {
      return ScriptOutputType.INTEGER;
    }
    if (List.class.isAssignableFrom(type)) {
      return ScriptOutputType.MULTI;
    }
    return ScriptOutputType.VALUE;
  }

  private static Object decoded(Object value) {
    if (value instanceof byte[] raw) {
      return new String(raw, StandardCharsets.UTF_8);
    }
    if (value instanceof List<?> list) {
      var out = new ArrayList<Object>(list.size());
      list.forEach(item -> out.add(decoded(item)));
      return out;
    }
    return value;
  }

  private static byte[][] bytes(List<String> values) {
    var out = new byte[values.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}

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
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Sends several scripts in one round trip: they go out back to back on Lettuce's shared connection
 * and their answers are awaited together. On one Redis they run in the order given; on a Redis
 * Cluster each goes to the node of its first key, so calls given together must not depend on each
 * other's order.
 */
@Component
class ScriptPipeline {

  private final StringRedisTemplate redis;

  ScriptPipeline(StringRedisTemplate redis) {
    this.redis = redis;
  }

  /**
   * @return each call's answer in order: Long, String, or a List of those
   */
  List<Object> run(List<ScriptCall> calls) {
    return redis.execute(
        (RedisCallback<List<Object>>)
            connection -> {
              @SuppressWarnings("unchecked")
              var async =
                  (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
              var sent = new ArrayList<RedisFuture<Object>>(calls.size());
              for (ScriptCall call : calls) {
                sent.add(
                    async.evalsha(
                        call.script().getSha1(),
                        outputOf(call.script()),
                        bytes(call.keys()),
                        bytes(call.args())));
              }
              var answers = new ArrayList<Object>(calls.size());
              for (int i = 0; i < calls.size(); i++) {
                answers.add(answer(async, calls.get(i), sent.get(i)));
              }
              return answers;
            });
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

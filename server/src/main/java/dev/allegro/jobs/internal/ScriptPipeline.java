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
 * Sends several scripts in one round trip. On one Redis they run as one script, in the order given
 * (a {@link ScriptChains chain} made for that sequence), which costs Redis one command instead of
 * several. On a Redis Cluster, where a script reaches one slot, they go out back to back on
 * Lettuce's shared connection, each to the node of its first key, and are awaited together; calls
 * given together must therefore not depend on each other's order.
 */
@Component
class ScriptPipeline {

  private final StringRedisTemplate redis;
  private final boolean cluster;
  private final ScriptChains chains = new ScriptChains();

  ScriptPipeline(StringRedisTemplate redis) {
    this.redis = redis;
    this.cluster =
        redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce
            && lettuce.isClusterAware();
  }

  boolean cluster() {
    return cluster;
  }

  /**
   * @return each call's answer in order: Long, String, or a List of those
   */
  List<Object> run(List<ScriptCall> calls) {
    if (calls.size() > 1 && !cluster) {
      return chained(calls);
    }
    return pipelined(calls);
  }

  @SuppressWarnings("unchecked")
  private List<Object> chained(List<ScriptCall> calls) {
    var chain = chains.of(calls);
    return (List<Object>) execute(chain.script(), chain.keys(), chain.args());
  }

  private List<Object> pipelined(List<ScriptCall> calls) {
    return redis.execute(
        (RedisCallback<List<Object>>)
            connection -> {
              var async = async(connection);
              var sent = new ArrayList<RedisFuture<Object>>(calls.size());
              for (ScriptCall call : calls) {
                sent.add(send(async, call.script(), call.keys(), call.args()));
              }
              var answers = new ArrayList<Object>(calls.size());
              for (int i = 0; i < calls.size(); i++) {
                ScriptCall call = calls.get(i);
                answers.add(answer(async, call.script(), call.keys(), call.args(), sent.get(i)));
              }
              return answers;
            },
        true); // the connection as is: no close-suppressing proxy made per call
  }

  private Object execute(RedisScript<?> script, List<String> keys, List<String> args) {
    return redis.execute(
        (RedisCallback<Object>)
            connection -> {
              var async = async(connection);
              return answer(async, script, keys, args, send(async, script, keys, args));
            },
        true);
  }

  @SuppressWarnings("unchecked")
  private static RedisClusterAsyncCommands<byte[], byte[]> async(RedisConnection connection) {
    return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
  }

  private static RedisFuture<Object> send(
      RedisClusterAsyncCommands<byte[], byte[]> async,
      RedisScript<?> script,
      List<String> keys,
      List<String> args) {
    return async.evalsha(script.getSha1(), outputOf(script), bytes(keys), bytes(args));
  }

  private static Object answer(
      RedisClusterAsyncCommands<byte[], byte[]> async,
      RedisScript<?> script,
      List<String> keys,
      List<String> args,
      RedisFuture<Object> sent) {
    try {
      try {
        return decoded(sent.get());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RedisNoScriptException)) {
          throw e;
        }
        // Redis restarted or its script cache was flushed: send the source once, which caches it.
        RedisFuture<Object> again =
            async.eval(script.getScriptAsString(), outputOf(script), bytes(keys), bytes(args));
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

package dev.allegro.jobs.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
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
 * (each as a Lua function of a script made for that sequence), which costs Redis one command
 * instead of several. On a Redis Cluster, where a script reaches one slot, they go out back to back
 * on Lettuce's shared connection, each to the node of its first key, and are awaited together;
 * calls given together must therefore not depend on each other's order.
 */
@Component
class ScriptPipeline {

  private final StringRedisTemplate redis;
  private final boolean cluster;

  /**
   * Calls with at most this many keys and arguments each (a worker's settlement and next pop) run
   * in a script with their layout written in; larger ones (dispatching a thousand jobs at once)
   * share one script per sequence of scripts, told the layout by their first arguments.
   */
  private static final int FIXED_LAYOUT = 32;

  /**
   * What a chain is made for: its scripts and, when written into it, each call's layout as {number
   * of keys, number of arguments, the ARGV slot of each argument} (an argument given to several
   * calls, such as a job's payload, is sent once); {@code shape} is empty for a chain told the
   * layout by its first arguments.
   */
  private record Layout(List<RedisScript<?>> scripts, int[] shape) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Layout layout
          && scripts.equals(layout.scripts)
          && Arrays.equals(shape, layout.shape);
    }

    @Override
    public int hashCode() {
      return 31 * scripts.hashCode() + Arrays.hashCode(shape);
    }
  }

  private final Map<Layout, RedisScript<List<Object>>> chains = new ConcurrentHashMap<>();

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
    var scripts = new ArrayList<RedisScript<?>>(calls.size());
    int size = 0;
    boolean small = true;
    for (ScriptCall call : calls) {
      scripts.add(call.script());
      size += call.keys().size() + call.args().size();
      small &= call.keys().size() + call.args().size() <= FIXED_LAYOUT;
    }
    var keys = new ArrayList<String>(size);
    var args = new ArrayList<String>(size);
    RedisScript<List<Object>> chain;
    if (small) {
      var shape = new int[size + 2 * calls.size()];
      int at = 0;
      for (ScriptCall call : calls) {
        shape[at++] = call.keys().size();
        shape[at++] = call.args().size();
        for (String arg : call.args()) {
          int slot = indexOfSame(args, arg);
          if (slot < 0) {
            args.add(arg);
            slot = args.size() - 1;
          }
          shape[at++] = slot + 1;
        }
      }
      chain = chains.computeIfAbsent(new Layout(scripts, shape), ScriptPipeline::fixedChain);
    } else {
      chain = chains.computeIfAbsent(new Layout(scripts, new int[0]), ScriptPipeline::chain);
      calls.forEach(call -> args.add(Integer.toString(call.keys().size())));
      calls.forEach(call -> args.add(Integer.toString(call.args().size())));
      calls.forEach(call -> args.addAll(call.args()));
    }
    calls.forEach(call -> keys.addAll(call.keys()));
    return (List<Object>) execute(chain, keys, args);
  }

  /** Where the very same String (not merely an equal one) already stands in {@code args}, or -1. */
  private static int indexOfSame(List<String> args, String arg) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) == arg) {
        return i;
      }
    }
    return -1;
  }

  /**
   * One script running {@code layout}'s scripts in order, each on its own slice of KEYS and ARGV,
   * the slices written into it: nothing to count or copy in a loop at run time.
   */
  private static RedisScript<List<Object>> fixedChain(Layout layout) {
    var source = functions(layout.scripts()).append("local answers = {}\n");
    int key = 0;
    int at = 0;
    for (int i = 0; i < layout.scripts().size(); i++) {
      int keys = layout.shape()[at++];
      int args = layout.shape()[at++];
      var slots = new StringJoiner(", ");
      for (int arg = 0; arg < args; arg++) {
        slots.add("ARGV[" + layout.shape()[at++] + "]");
      }
      source.append(
          """
          do
            local answer = script%d({%s}, {%s})
            if answer == nil then answer = false end
            answers[%d] = answer
          end
          """
              .formatted(i + 1, keys(key, keys), slots, i + 1));
      key += keys;
    }
    return script(source.append("return answers\n"));
  }

  /**
   * One script running {@code layout}'s scripts in order, each on its own slice of KEYS and ARGV.
   * ARGV starts with each script's number of keys, then each one's number of arguments.
   */
  private static RedisScript<List<Object>> chain(Layout layout) {
    var source = functions(layout.scripts());
    source.append(
        """
        local n = %d
        local answers, key, arg = {}, 0, 2 * n
        local function slice(from, list, count)
          local part = {}
          for i = 1, count do part[i] = list[from + i] end
          return part
        end
        """
            .formatted(layout.scripts().size()));
    for (int i = 1; i <= layout.scripts().size(); i++) {
      source.append(
          """
          do
            local keys, args = tonumber(ARGV[%1$d]), tonumber(ARGV[n + %1$d])
            local answer = script%1$d(slice(key, KEYS, keys), slice(arg, ARGV, args))
            if answer == nil then answer = false end
            answers[%1$d] = answer
            key, arg = key + keys, arg + args
          end
          """
              .formatted(i));
    }
    return script(source.append("return answers\n"));
  }

  /** Each script as a Lua function {@code scriptN(KEYS, ARGV)}, N counting from 1. */
  private static StringBuilder functions(List<RedisScript<?>> scripts) {
    var source = new StringBuilder();
    for (int i = 0; i < scripts.size(); i++) {
      source
          .append("local function script")
          .append(i + 1)
          .append("(KEYS, ARGV)\n")
          .append(scripts.get(i).getScriptAsString())
          .append("\nend\n");
    }
    return source;
  }

  /** {@code KEYS[from + 1], ..., KEYS[from + count]}. */
  private static String keys(int from, int count) {
    var out = new StringJoiner(", ");
    for (int i = 1; i <= count; i++) {
      out.add("KEYS[" + (from + i) + "]");
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static RedisScript<List<Object>> script(StringBuilder source) {
    return RedisScript.of(source.toString(), (Class<List<Object>>) (Class<?>) List.class);
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

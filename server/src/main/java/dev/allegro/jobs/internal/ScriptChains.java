package dev.allegro.jobs.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Scripts that run several scripts in order, each as a Lua function {@code scriptN(KEYS, ARGV)} on
 * its own slice of KEYS and ARGV: what lets {@link ScriptPipeline} send a worker's settlement and
 * its next pop as one command. One script is made per sequence of scripts and layout, and kept.
 */
final class ScriptChains {

  /** A chain's script and the keys and arguments of one call of it. */
  record Chain(RedisScript<List<Object>> script, List<String> keys, List<String> args) {}

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

  /** A script running {@code calls} in order, with the keys and arguments to call it with. */
  Chain of(List<ScriptCall> calls) {
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
      chain = chains.computeIfAbsent(new Layout(scripts, shape), ScriptChains::fixedChain);
    } else {
      chain = chains.computeIfAbsent(new Layout(scripts, new int[0]), ScriptChains::chain);
      calls.forEach(call -> args.add(Integer.toString(call.keys().size())));
      calls.forEach(call -> args.add(Integer.toString(call.args().size())));
      calls.forEach(call -> args.addAll(call.args()));
    }
    calls.forEach(call -> keys.addAll(call.keys()));
    return new Chain(chain, keys, args);
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
}
